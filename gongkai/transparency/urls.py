"""Public pages of the transparency log, mounted at /transparency/ (namespace ``transparency``)."""

from django.urls import path

from gongkai.transparency import feeds, views

app_name = "transparency"

urlpatterns = [
    path("", views.index, name="index"),
    path("entries/<int:index>/", views.entry, name="entry"),
    path("heads.atom", feeds.atom, name="feed_atom"),
    path("heads.rss", feeds.rss, name="feed_rss"),
]
