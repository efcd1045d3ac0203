"""The law library's block on the agency home page: the latest versions and the search."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.laws.selectors import laws_recent
from gongkai.portal.home import HomeBlock, HomeItem


def home_block(agency: Any) -> HomeBlock | None:
    recent = list(laws_recent(5))
    if not recent:
        return None
    return HomeBlock(
        "legal", _("法律法规库"), reverse("laws:index", kwargs={"agency": agency.slug}),
        [HomeItem(law.full_title, reverse("laws:law", kwargs={"agency": agency.slug,
                                                              "pk": law.pk}), law.version_date)
         for law in recent])
