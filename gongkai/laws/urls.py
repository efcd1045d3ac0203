"""Public pages of laws (namespace ``laws``)."""

from django.urls import path  # noqa: F401

app_name = "laws"

urlpatterns: list = []
