"""Public pages under /<agency>/services/ (namespace ``services``).

The guide of an item is at ``items/<code>/`` — the stable address other pages (the
standard catalogue) link to."""

from django.urls import path

from gongkai.services import views

app_name = "services"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("files/<int:pk>/<str:filename>", views.material_file, name="file"),
    path("i-want/<slug:slug>/", views.scenario, name="scenario"),
    path("powers/", views.powers, name="powers"),
    path("powers/changes/", views.power_changes, name="power_changes"),
    path("powers/data.csv", views.powers_csv, name="powers_csv"),
    path("powers/data.json", views.powers_json, name="powers_json"),
    path("powers/<str:code>/", views.power, name="power"),
]
