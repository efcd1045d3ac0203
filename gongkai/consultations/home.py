"""The consultations' block on the agency home page: drafts open for comment now, each
with its closing date, then the latest ones."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.consultations.models import ConsultationStatus
from gongkai.consultations.selectors import consultations_public
from gongkai.portal.home import HomeBlock, HomeItem, HomeLink


def home_block(agency: Any) -> HomeBlock:
    kw = {"agency": agency.slug}
    rows = consultations_public(agency)
    open_now = list(rows.filter(status=ConsultationStatus.OPEN).order_by("closes_on", "id")[:5])
    shown = open_now or list(rows[:5])
    items = [HomeItem(c.title, reverse("consultations:detail", kwargs={**kw, "pk": c.pk}),
                      c.opens_on,
                      _("征求意见截止：%(day)s") % {"day": c.closes_on.isoformat()}
                      if c.status == ConsultationStatus.OPEN and c.closes_on else
                      c.get_status_display())
             for c in shown]
    return HomeBlock(
        "consultation", _("决策公开与征求意见"), reverse("consultations:index", kwargs=kw), items,
        links=[HomeLink(_("重大行政决策事项目录"), reverse("consultations:decisions", kwargs=kw)),
               HomeLink(_("查询我的意见"), reverse("consultations:track", kwargs=kw))])
