"""Deputies' suggestions and CPPCC proposals on the agency home page: the latest replies
made public."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.home import HomeBlock, HomeItem
from gongkai.proposals.selectors import published_replies


def home_block(agency: Any) -> HomeBlock | None:
    replies = list(published_replies(agency_id=agency.pk)[:5])
    if not replies:
        return None
    kw = {"agency": agency.slug}
    return HomeBlock(
        "proposal", _("建议提案办理"), reverse("proposals:index", kwargs=kw),
        [HomeItem(r.proposal.subject, reverse("proposals:reply", kwargs={**kw, "pk": r.pk}),
                  r.published_on) for r in replies])
