"""An account holder's own subscriptions, under /accounts/subscriptions/ with the other
account pages (signed-in people only)."""

from django.urls import path

from gongkai.subscriptions import views

app_name = "my_subscriptions"

urlpatterns = [
    path("", views.mine, name="list"),
    path("<int:pk>/", views.mine_edit, name="edit"),
]
