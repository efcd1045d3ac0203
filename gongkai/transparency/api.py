"""JSON API of transparency."""

from ninja import Router

router = Router(tags=["transparency"])
