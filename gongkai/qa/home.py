"""Q&A's block on the agency home page: ask in everyday words, or read a common question."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.portal.home import HomeBlock, HomeItem, HomeLink
from gongkai.qa.selectors import faq_list_public


def home_block(agency: Any) -> HomeBlock:
    kw = {"agency": agency.slug}
    faqs = faq_list_public(agency)[:5]
    return HomeBlock(
        "qa", _("智能问答"), reverse("qa:ask", kwargs=kw),
        [HomeItem(f.question, reverse("qa:faq", kwargs={**kw, "pk": f.pk})) for f in faqs],
        links=[HomeLink(_("用日常的话提问"), reverse("qa:ask", kwargs=kw)),
               HomeLink(_("全部常见问题"), reverse("qa:faq_list", kwargs=kw))])
