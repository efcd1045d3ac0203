from django.urls import path

from gongkai.social_evaluation import evaluator_views as v

app_name = "evaluation"

urlpatterns = [
    path("", v.home, name="home"),
    path("<int:pk>/", v.round_view, name="round"),
]
