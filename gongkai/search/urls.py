"""Public pages of search (namespace ``search``)."""

from django.urls import path  # noqa: F401

app_name = "search"

urlpatterns: list = []
