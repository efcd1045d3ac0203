"""Public pages of enforcement publicity under /<agency>/enforcement/ (namespace
``enforcement``): 事前公开 (bodies, officers, procedures, remedies) and 事后公开 (decisions,
withdrawal notices, open data)."""

from django.urls import path

from gongkai.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions.<str:ext>", views.open_data, name="open_data"),
    path("guidance/<int:pk>/", views.guidance, name="guidance"),
]
