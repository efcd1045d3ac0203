"""Staff pages of transparency, mounted under /staff/transparency/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
