"""Public pages under /<agency>/interaction/ (the mailbox)."""

from django.urls import path

from gongkai.interaction import views

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("published/<int:pk>/", views.published, name="published"),
    path("write/", views.write, name="write"),
    path("submitted/", views.submitted, name="submitted"),
    path("status/", views.status, name="status"),
    path("case/<str:case_number>/", views.case, name="case"),
    path("case/<str:case_number>/rate/", views.case_rate, name="case_rate"),
    path("case/<str:case_number>/reopen/", views.case_reopen, name="case_reopen"),
    path("case/<str:case_number>/supply/", views.case_supply, name="case_supply"),
    path("case/<str:case_number>/publication/", views.case_publication, name="case_publication"),
]
