"""What every portal page needs: the agency being shown, navigation, preferences."""

from __future__ import annotations

from gongkai.core.selectors import agency_default
from gongkai.portal.sections import sections


def portal(request) -> dict:
    agency = getattr(request, "agency", None)
    if agency is None and not request.path.startswith(("/api/", "/static/")):
        agency = agency_default()
        request.agency = agency
    nav = []
    if agency is not None:
        nav = [{"title": s.title, "url": s.url(agency.slug), "key": s.key} for s in sections()]
    return {
        "agency": agency,
        "nav_sections": nav,
        "elder_mode": getattr(request, "elder_mode", False),
    }
