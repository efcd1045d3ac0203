"""The mailbox's block on the agency home page: write to us, follow your message, and the
latest published exchanges (with when each came in and was answered)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.interaction.selectors import published
from gongkai.portal.home import HomeBlock, HomeItem, HomeLink


def home_block(agency: Any) -> HomeBlock:
    kw = {"agency": agency.slug}
    items = []
    for m in published(agency)[:5]:
        note = ""
        if m.answered_at:
            note = _("%(day)s 答复") % {"day": timezone.localdate(m.answered_at).isoformat()}
        items.append(HomeItem(m.published_subject or m.subject,
                              reverse("interaction:published", kwargs={**kw, "pk": m.pk}),
                              timezone.localdate(m.received_at), note))
    return HomeBlock(
        "interaction", _("互动交流"), reverse("interaction:index", kwargs=kw), items,
        links=[HomeLink(_("我要写信"), reverse("interaction:write", kwargs=kw)),
               HomeLink(_("查询办理情况"), reverse("interaction:status", kwargs=kw))])
