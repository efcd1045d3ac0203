"""Public catalogue pages, mounted under /<agency>/disclosure/ (namespace ``catalogue``).

Every view receives the agency's slug as ``agency``."""

from django.urls import path

from gongkai.catalogue import feeds, views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("index/<path:index_number>/", views.by_index, name="by_index"),
    path("attachments/<int:pk>/<str:filename>", views.attachment, name="attachment"),
    path("feed.rss", feeds.rss, name="feed_rss"),
    path("feed.atom", feeds.atom, name="feed_atom"),
    path("topics/<slug:topic>/feed.rss", feeds.rss, name="topic_feed_rss"),
    path("topics/<slug:topic>/feed.atom", feeds.atom, name="topic_feed_atom"),
    path("data.csv", views.data_csv, name="data_csv"),
    path("data.json", views.data_json, name="data_json"),
    path("on-request/", views.on_request, name="on_request"),
]
