"""Public pages of participation, mounted under /<agency>/participation/ (namespace
``participation``)."""

from django.urls import path

from gongkai.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("surveys/<int:number>/", views.survey, name="survey"),
    path("surveys/<int:number>/confirm/<str:token>/", views.survey_confirm,
         name="survey_confirm"),
    path("surveys/<int:number>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("surveys/<int:number>/results/", views.survey_results, name="survey_results"),
    path("solicitations/<int:number>/", views.solicitation, name="solicitation"),
    path("ideas/status/", views.idea_status, name="idea_status"),
    path("open-days/<int:number>/", views.open_day, name="open_day"),
    path("open-days/<int:number>/cancel/", views.open_day_cancel, name="open_day_cancel"),
    path("open-days/<int:number>/registration/", views.registration_lookup,
         name="registration_lookup"),
    path("checkin-codes/<str:code>.<str:fmt>", views.checkin_qr, name="checkin_qr"),
]
