"""Website self-inspection: routes and the API operation. The office (disclosure officers)
and the agency's administrators see their own agency; the word list is the platform
administrator's."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import ADMIN_A, OFFICER, PLATFORM_ONLY, anywhere, get, own

ROUTES = {
    "staff:self_inspection_index": get(anywhere(OFFICER, ADMIN_A)),
    "staff:self_inspection_words": get(PLATFORM_ONLY),
    "staff:self_inspection_agency": get(own(OFFICER, ADMIN_A)),
    "staff:self_inspection_report": get(own(OFFICER, ADMIN_A)),
}

API = {
    "GET /staff/inspection/{agency}": own(OFFICER, ADMIN_A),
}

QUERY = {"staff:self_inspection_report": {"quarter": "2026Q4"}}


def kwargs(w: Any) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    return {
        "staff:self_inspection_agency": {"agency": a},
        "staff:self_inspection_report": {"agency": a, "ext": "xlsx"},
    }
