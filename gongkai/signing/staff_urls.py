"""Staff pages of signing, mounted under /staff/signing/ in the ``staff`` namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
