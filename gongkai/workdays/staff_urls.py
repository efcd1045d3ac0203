"""The working-day calendar's staff pages, mounted at /staff/calendar/."""

from django.urls import path

from gongkai.workdays import views

urlpatterns = [
    path("", views.calendar_index, name="calendar"),
    path("<int:year>/", views.calendar_year, name="calendar_year"),
    path("<int:year>/day/", views.calendar_day_edit, name="calendar_day"),
    path("<int:year>/import/", views.calendar_import_view, name="calendar_import"),
    path("<int:year>/declare/", views.calendar_declare, name="calendar_declare"),
]
