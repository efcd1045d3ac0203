"""JSON API of signing."""

from ninja import Router

router = Router(tags=["signing"])
