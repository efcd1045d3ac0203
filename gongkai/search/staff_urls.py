"""Staff pages of search, mounted under /staff/search/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
