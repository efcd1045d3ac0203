from django.urls import path

from gongkai.social_evaluation import staff_views as v

urlpatterns = [
    path("", v.round_list, name="social_evaluation_list"),
    path("<int:pk>/", v.round_detail, name="social_evaluation_round"),
    path("<int:pk>/invite/", v.round_invite, name="social_evaluation_invite"),
    path("<int:pk>/transition/", v.round_transition, name="social_evaluation_transition"),
]
