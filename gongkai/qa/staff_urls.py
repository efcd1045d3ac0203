"""Staff pages of qa, mounted under /staff/qa/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
