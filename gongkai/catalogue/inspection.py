"""The catalogue's columns and facts for the website self-inspection (declared on
``CatalogueConfig.inspection_columns`` / ``inspection_signals``; plain dicts, see
gongkai.core.registry). Policy column: the normative genres (规范性文件); notices: 通知, 公告,
通告; news: 综合政务 (the catalogue's running news of the agency)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Max, Q
from django.urls import reverse

from gongkai.catalogue.models import Attachment
from gongkai.catalogue.selectors import public_records

NOTICE_GENRES = ("notice", "announcement", "circular")
ATTACHMENTS_CHECKED = 2000


def inspection_columns(agency: Any) -> list[dict[str, Any]]:
    base = reverse("catalogue:index", kwargs={"agency": agency.slug})
    records = public_records(agency_id=agency.pk)
    spec = [
        ("catalogue.policy", "政策文件", "policy", Q(genre__is_normative=True), "?genre="),
        ("catalogue.notice", "通知公告", "notice", Q(genre__code__in=NOTICE_GENRES),
         "?genre=notice"),
        ("catalogue.news", "综合政务", "news", Q(topic__code="general"), "?topic=general"),
    ]
    columns = []
    for key, name, kind, q, query in spec:
        figures = records.filter(q).aggregate(n=Count("pk"), last=Max("published_on"))
        columns.append({"key": key, "name": name, "kind": kind,
                        "url": base + (query if query != "?genre=" else ""),
                        "updated_on": figures["last"], "count": figures["n"]})
    return columns


def inspection_signals(agency: Any, context: dict[str, dt.date]) -> list[dict[str, Any]]:
    """Faked publication dates (in the future, or before the information was formed), and
    attachments whose file cannot be opened."""
    records = public_records(agency_id=agency.pk)
    wrong = records.filter(Q(published_on__gt=context["today"])
                           | Q(published_on__lt=F("formed_on"))).order_by("-published_on")[:200]
    dates = [{"title": r.title, "url": reverse("catalogue:record", kwargs={
        "agency": agency.slug, "pk": r.pk}), "detail": f"发布日期 {r.published_on}，产生日期 "
        f"{r.formed_on}"} for r in wrong]
    broken = []
    # The newest ATTACHMENTS_CHECKED only: the dashboard computes this on every view.
    newest = Attachment.objects.filter(record__in=records).select_related("record") \
        .order_by("-pk")[:ATTACHMENTS_CHECKED]
    for attachment in newest:
        try:
            with attachment.file.open("rb") as handle:
                ok = bool(handle.read(1)) or attachment.size == 0
        except (OSError, ValueError):
            ok = False
        if not ok:
            broken.append({"title": attachment.original_name,
                           "url": reverse("catalogue:record", kwargs={
                               "agency": agency.slug, "pk": attachment.record_id}),
                           "detail": attachment.record.title})
    return [{"key": "publication_dates", "items": dates},
            {"key": "broken_attachments", "items": broken}]


def page_editors(url_name: str, kwargs: dict[str, Any]) -> list[Any] | None:
    """A record's page is edited by whoever created the record and whoever last changed it
    (its newest event with an actor): the people to tell of a broken link in it."""
    if url_name not in ("catalogue:record", "catalogue:version") or "pk" not in kwargs:
        return None
    from gongkai.catalogue.models import Record, RecordEvent

    record = Record.objects.filter(pk=kwargs["pk"]).select_related("created_by").first()
    if record is None:
        return []
    people = [record.created_by] if record.created_by else []
    last = (RecordEvent.objects.filter(record=record, actor__isnull=False)
            .select_related("actor").order_by("-id").first())
    if last is not None and last.actor is not None and last.actor not in people:
        people.append(last.actor)
    return [p for p in people if p.is_active]
