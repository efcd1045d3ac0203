"""The applications block on the agency home page: the two things a visitor comes for."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.home import HomeBlock, HomeLink


def home_block(agency: Any) -> HomeBlock:
    kw = {"agency": agency.slug}
    return HomeBlock(
        "application", _("依申请公开"), reverse("applications:index", kwargs=kw),
        links=[HomeLink(_("在线申请政府信息公开"), reverse("applications:apply", kwargs=kw)),
               HomeLink(_("查询申请办理进度"), reverse("applications:status", kwargs=kw))],
        lead=_("本机关主动公开以外的政府信息，可以向本机关申请获取，法定答复期限为二十个工作日。"))
