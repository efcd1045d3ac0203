"""The annual reports' block on the agency home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.home import HomeBlock, HomeItem
from gongkai.reports.selectors import published_reports


def home_block(agency: Any) -> HomeBlock | None:
    reports = list(published_reports(agency)[:3])
    if not reports:
        return None
    kw = {"agency": agency.slug}
    return HomeBlock(
        "annual_report", _("政府信息公开工作年度报告"), reverse("reports:index", kwargs=kw),
        [HomeItem(_("%(year)s年度报告") % {"year": r.year},
                  reverse("reports:detail", kwargs={**kw, "year": r.year})) for r in reports])
