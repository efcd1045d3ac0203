"""Public pages of annual reports, mounted under /<agency>/reports/ (namespace ``reports``)."""

from django.urls import path

from gongkai.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("open-data.<str:ext>", views.open_data, name="open_data"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/report.<str:ext>", views.download, name="download"),
]
