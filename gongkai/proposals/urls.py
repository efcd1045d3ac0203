"""Public pages under /<agency>/proposals/ (namespace ``proposals``)."""

from django.urls import path

from gongkai.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("replies/<int:pk>/", views.reply_detail, name="reply"),
    path("summary/<int:year>/", views.summary, name="summary"),
]
