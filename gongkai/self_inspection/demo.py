"""Demo findings for the self-inspection, planted after every other app's demo (this app
comes last in GONGKAI_APPS but for portal and api): for each demo agency an old mailbox
message left unanswered (a veto), a service guide whose online address points at a page
that does not exist (a broken link), a few columns made stale by dating their latest items
back, two entries of the word list, then a short crawl and this week's snapshot, so the
dashboard opens with findings. Idempotent: each step looks for what it made before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

DEMO_AGENCIES = ("sfj", "xhsfj")
DEMO_WORDS = (("上海市司法局局长张三", "上海市司法局局长", False, "演示：领导姓名（一般错误）"),
              ("南汇区", "浦东新区", True, "演示：已撤并的区名（2009年并入浦东新区）"))
CRAWL_PAGES = 25


def _old_message(agency: Any, now: dt.datetime) -> int:
    from gongkai.interaction import services as interaction

    submission = interaction.message_submit(
        agency=agency, idempotency_key=f"self-inspection-demo-{agency.slug}",
        now=now - dt.timedelta(days=120), type="consult",
        subject="关于法律援助申请材料的咨询（演示）",
        text="请问申请法律援助需要准备哪些材料？（演示：超过3个月未答复的留言）",
        name="自查演示", phone="", email="", publish_consent=False)
    return int(submission.created)


def _broken_link(agency: Any) -> list[str]:
    """The page that now holds the broken link (read first by the demo crawl)."""
    from gongkai.core.links import site_url
    from gongkai.services.models import ServiceGuide

    target = f"{site_url()}/{agency.slug}/services/no-such-service/"
    guide = ServiceGuide.objects.filter(item__agency=agency, published_at__isnull=False) \
        .order_by("pk").first()
    if guide is None:
        return []
    if guide.online_url != target:
        ServiceGuide.objects.filter(pk=guide.pk).update(online_url=target)
    return [reverse("services:guide", kwargs={"agency": agency.slug, "code": guide.item.code})]


def _stale_columns(agency: Any, today: dt.date) -> int:
    """Date the enforcement and random-inspection columns' items back 8 months."""
    from gongkai.enforcement.models import Decision
    from gongkai.inspections.models import Inspection

    old = today - dt.timedelta(days=240)
    changed = Decision.objects.filter(agency=agency, published_on__gt=old) \
        .update(published_on=old)
    changed += Inspection.objects.filter(plan__agency=agency, published_on__gt=old) \
        .update(published_on=old)
    return changed


def load_self_inspection_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.self_inspection.crawl import crawl
    from gongkai.self_inspection.models import SensitiveWord
    from gongkai.self_inspection.services import snapshot_week

    now = timezone.now()
    counts = {"messages": 0, "links": 0, "stale_items": 0, "words": 0, "snapshots": 0}
    for word, correction, serious, note in DEMO_WORDS:
        _, created = SensitiveWord.objects.get_or_create(
            word=word, defaults={"correction": correction, "serious": serious, "note": note})
        counts["words"] += created
    for agency in Agency.objects.filter(slug__in=DEMO_AGENCIES):
        counts["messages"] += _old_message(agency, now)
        holders = _broken_link(agency)
        counts["links"] += len(holders)
        counts["stale_items"] += _stale_columns(agency, timezone.localdate(now))
        crawl(agency, limit=CRAWL_PAGES, first=holders)
        counts["snapshots"] += snapshot_week(agency, now=now)[1]
    return counts
