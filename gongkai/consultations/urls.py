"""Public pages of consultations, under /<agency>/consultations/ (namespace
``consultations``)."""

from django.urls import path

from gongkai.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/attendance/<int:call_pk>/", views.attendance_apply,
         name="attendance_apply"),
    path("track/", views.track, name="track"),
    path("feed.atom", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/comment/done/", views.comment_done, name="comment_done"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/comments.<str:ext>", views.open_data, name="open_data"),
]
