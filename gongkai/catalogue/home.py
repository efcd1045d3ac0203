"""The catalogue's blocks on the agency home page: the latest information, and the policy
documents (normative genres) a visitor most often looks for."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.catalogue.selectors import public_records
from gongkai.portal.home import HomeBlock, HomeItem, HomeLink

LATEST = 8
POLICIES = 5


def _items(records: Any, slug: str) -> list[HomeItem]:
    return [HomeItem(r.title, reverse("catalogue:record", kwargs={"agency": slug, "pk": r.pk}),
                     r.published_on) for r in records]


def home_blocks(agency: Any) -> list[HomeBlock]:
    slug = agency.slug
    records = (public_records(agency_id=agency.pk).only("pk", "title", "published_on")
               .order_by("-published_on", "-id"))
    index = reverse("catalogue:index", kwargs={"agency": slug})
    latest = HomeBlock(
        "disclosure", _("最新信息"), index, _items(records[:LATEST], slug),
        links=[HomeLink(_("政府信息公开目录"), index),
               HomeLink(_("依申请公开的信息目录"), reverse("catalogue:on_request",
                                                           kwargs={"agency": slug}))
               ] if agency.lists_on_request_entries else [HomeLink(_("政府信息公开目录"), index)],
        wide=True)
    policies = HomeBlock(
        "disclosure", _("政策文件"), index,
        _items(records.filter(genre__is_normative=True)[:POLICIES], slug))
    return [latest, policies] if policies.items else [latest]
