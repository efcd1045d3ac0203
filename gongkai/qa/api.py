"""JSON API of qa."""

from ninja import Router

router = Router(tags=["qa"])
