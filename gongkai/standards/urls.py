from django.urls import path

from gongkai.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.item, name="item"),
    path("catalogue.<str:ext>", views.download, name="download"),
]
