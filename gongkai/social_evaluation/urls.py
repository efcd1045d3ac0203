from django.urls import path

from gongkai.social_evaluation import views

app_name = "social_evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
