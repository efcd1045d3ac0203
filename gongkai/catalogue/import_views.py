"""Bulk import and export pages for administrators."""

urlpatterns: list = []
