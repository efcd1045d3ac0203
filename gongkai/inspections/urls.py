"""Public pages of random inspections under /<agency>/inspections/ (namespace
``inspections``): the item list, the plans with their commitments, draws and results, and
each draw's DRAW.json for the standalone verifier."""

from django.urls import path

from gongkai.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("items.<str:ext>", views.items_data, name="items_data"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/draw.json", views.draw_json, name="draw_json"),
]
