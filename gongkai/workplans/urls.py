"""Public pages under /<agency>/workplans/ (namespace ``workplans``)."""

from django.urls import path

from gongkai.workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.plan, name="plan"),
]
