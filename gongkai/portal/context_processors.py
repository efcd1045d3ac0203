"""What every portal page needs: the agency being shown, navigation, preferences."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from gongkai.core.policies import is_staff_member, roles_of
from gongkai.core.selectors import agency_default
from gongkai.core.workspace import staff_nav as staff_nav_for
from gongkai.portal.sections import sections


def portal(request) -> dict:
    agency = getattr(request, "agency", None)
    if agency is None and not request.path.startswith(("/api/", "/static/")):
        agency = agency_default()
        request.agency = agency
    nav = []
    if agency is not None:
        nav = [{"title": gettext(s.title), "url": s.url(agency.slug), "key": s.key} for s in sections()]
    staff_nav = None
    if request.path.startswith("/staff/") and request.user.is_authenticated:
        user = request.user
        # asked only by the staff header, and only once per page; empty (no navigation)
        # for a signed-in person who is not staff, such as an invited evaluator
        staff_nav = SimpleLazyObject(lambda: {"links": staff_nav_for(user),
                                              "roles": staff_roles(user)}
                                     if is_staff_member(user) else {})
    return {
        "staff_nav": staff_nav,
        "agency": agency,
        "nav_sections": nav,
        "elder_mode": getattr(request, "elder_mode", False),
    }


def staff_roles(user) -> str:
    """The roles shown beside the name in the staff header ("依申请公开经办人（市司法局）")."""
    seen: list[str] = []
    for m in roles_of(user):
        label = str(m.get_role_display())
        if m.agency is not None:
            label += f"（{m.agency.short_name or m.agency.name}）"
        if label not in seen:
            seen.append(label)
    return "、".join(seen)
