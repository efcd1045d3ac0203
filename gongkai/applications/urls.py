"""Public pages of applications, mounted under /<agency>/applications/ (namespace
``applications``). Every view receives the agency's slug as ``agency``."""

from django.urls import path

from gongkai.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/suggest/", views.suggest, name="suggest"),
    path("apply/submitted/", views.submitted, name="submitted"),
    path("status/", views.status, name="status"),
    path("status/<str:case_number>/", views.case_status, name="case_status"),
    path("status/<str:case_number>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("status/<str:case_number>/correction/", views.case_correct, name="case_correct"),
    path("status/<str:case_number>/fee/", views.case_fee, name="case_fee"),
    path("status/<str:case_number>/notices/<int:pk>/", views.case_notice, name="case_notice"),
    path("status/<str:case_number>/files/<int:pk>/", views.case_file, name="case_file"),
]
