"""Public pages of the law library (namespace ``laws``) under /<agency>/laws/."""

from django.urls import path

from gongkai.laws import views

app_name = "laws"

urlpatterns = [
    path("", views.index, name="index"),
    path("category/<str:category>/", views.category, name="category"),
    path("<int:pk>/", views.law, name="law"),
    path("<int:pk>/compare/<int:other>/", views.compare, name="compare"),
]
