"""Public pages of search (namespace ``search``), under /<agency>/search/."""

from django.urls import path

from gongkai.search import views

app_name = "search"

urlpatterns = [
    path("", views.index, name="index"),
]
