"""Surveys, solicitations and open days on the agency home page: what one can take part in
now, soonest first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.participation.selectors import (
    open_days_public,
    solicitations_public,
    surveys_public,
)
from gongkai.portal.home import HomeBlock, HomeItem


def home_block(agency: Any) -> HomeBlock | None:
    kw = {"agency": agency.slug}
    now = timezone.now()
    items = [HomeItem(s.title, reverse("participation:survey", kwargs={**kw, "number": s.number}),
                      timezone.localdate(s.closes_at), _("问卷调查，截止日期"))
             for s in surveys_public(agency).filter(opens_at__lte=now, closes_at__gt=now)
             .order_by("closes_at")[:3]]
    items += [HomeItem(s.title, reverse("participation:solicitation",
                                        kwargs={**kw, "number": s.number}), None, _("意见征集"))
              for s in solicitations_public(agency).order_by("-id")[:2]]
    items += [HomeItem(d.theme, reverse("participation:open_day",
                                        kwargs={**kw, "number": d.number}),
                       timezone.localdate(d.starts_at), _("政府开放日"))
              for d in open_days_public(agency).filter(starts_at__gt=now)
              .order_by("starts_at")[:2]]
    return HomeBlock("participation", _("调查征集与开放日"),
                     reverse("participation:index", kwargs=kw), items)
