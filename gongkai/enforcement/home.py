"""Enforcement publicity on the agency home page: the latest decisions made public."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.enforcement.selectors import public_decisions
from gongkai.portal.home import HomeBlock, HomeItem, HomeLink


def home_block(agency: Any) -> HomeBlock:
    kw = {"agency": agency.slug}
    items = [HomeItem(f"{d.get_category_display()}决定 {d.document_number}",
                      reverse("enforcement:decision", kwargs={**kw, "pk": d.pk}), d.decided_on)
             for d in public_decisions(agency_id=agency.pk)[:5]]
    return HomeBlock(
        "enforcement", _("行政执法公示"), reverse("enforcement:index", kwargs=kw), items,
        links=[HomeLink(_("双随机、一公开"), reverse("inspections:index", kwargs=kw))])
