from django.urls import path

from gongkai.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.new, name="new"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("go/<str:token>/", views.go, name="go"),
]
