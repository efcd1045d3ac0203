from django.urls import path

from gongkai.opinion import views

app_name = "opinion"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.timeline, name="timeline"),
]
