"""JSON API of search."""

from ninja import Router

router = Router(tags=["search"])
