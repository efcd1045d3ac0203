"""Catalogue staff pages (drafting, review queue, schedule, timeliness, attribute reviews,
campaigns)."""

urlpatterns: list = []
