"""JSON API of applications."""

from ninja import Router

router = Router(tags=["applications"])
