from django.urls import path

from gongkai.core import public_views

app_name = "accounts"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("register/", public_views.register, name="register"),
    path("login/", public_views.login, name="login"),
    path("logout/", public_views.logout, name="logout"),
]
