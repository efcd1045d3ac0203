"""JSON API of laws."""

from ninja import Router

router = Router(tags=["laws"])
