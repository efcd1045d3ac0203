"""Periodic catalogue work: scheduled publication and periodic attribute reviews."""

from __future__ import annotations

from gongkai.jobs.registry import job, periodic


@periodic("catalogue.publish_due", every_minutes=5)
@job("catalogue.publish_due")
def publish_due() -> dict:
    from gongkai.catalogue.services import record_publish_due

    return {"published": record_publish_due()}


@periodic("catalogue.attribute_reviews", at="03:00")
@job("catalogue.attribute_reviews")
def attribute_reviews_due() -> dict:
    from gongkai.catalogue.services import attribute_reviews_open_due

    return {"opened": attribute_reviews_open_due()}
