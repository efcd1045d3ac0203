from django.urls import path

from gongkai.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.entity, name="entity"),
    path("lookup/", views.lookup, name="lookup"),
]
