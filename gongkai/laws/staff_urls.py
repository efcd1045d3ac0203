"""Staff pages of laws, mounted under /staff/laws/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
