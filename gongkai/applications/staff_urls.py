"""Staff pages of applications, mounted under /staff/applications/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
