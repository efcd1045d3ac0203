"""Staff pages under /staff/proposals/ (``staff`` namespace)."""

from django.urls import path

from gongkai.proposals import staff_views as v

urlpatterns = [
    path("", v.proposal_list, name="proposals_list"),
    path("new/", v.proposal_new, name="proposals_new"),
    path("<int:pk>/", v.proposal_detail, name="proposals_detail"),
    path("<int:pk>/<slug:action>/", v.proposal_action, name="proposals_action"),
]
