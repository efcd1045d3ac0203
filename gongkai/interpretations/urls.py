from django.urls import path

from gongkai.interpretations import views

app_name = "interpretations"

urlpatterns = [
    path("", views.index, name="index"),
]
