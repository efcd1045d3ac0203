from django.urls import path

from gongkai.leadership import views

app_name = "leadership"

urlpatterns = [path("", views.index, name="index")]
