"""Demo data (演示数据): three audiences, five confirmed subscriptions (immediate, daily,
weekly, by keyword, topic and audience), the last records of the demo agency as events over
the past three days with the digests they produced, and one sector push with a click and an
unsubscribe. Through the services; a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

AGENCY_CODE = "002420455M"
AUDIENCES = [("enterprise-construction", "建筑业企业"), ("legal-service", "法律服务机构"),
             ("elderly", "老年人")]
MARK = "demo-subscriber"


def load_subscriptions_demo(**options: Any) -> dict[str, int]:
    from gongkai.catalogue.models import Record, RecordVersion, Topic
    from gongkai.core.models import Agency, Membership, Role
    from gongkai.subscriptions import services, tokens
    from gongkai.subscriptions.matching import record_keys
    from gongkai.subscriptions.models import Audience, Frequency, Subscription

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None or Subscription.objects.filter(email__startswith=MARK).exists():
        return {"subscriptions": 0}
    audiences = {code: Audience.objects.get_or_create(code=code, defaults={"name": name})[0]
                 for code, name in AUDIENCES}
    topic = Topic.objects.order_by("pk").first()
    plans = [
        ("immediate", services.Wanted(agency=agency), Frequency.IMMEDIATE),
        ("daily", services.Wanted(agency=agency, keywords=["律师"]), Frequency.DAILY),
        ("daily-all", services.Wanted(agency=agency), Frequency.DAILY),
        ("weekly", services.Wanted(topics=[topic] if topic else []), Frequency.WEEKLY),
        ("sector", services.Wanted(audiences=[audiences["enterprise-construction"]]),
         Frequency.DAILY),
    ]
    subs = []
    for name, wanted, frequency in plans:
        sub = services.subscribe(email=f"{MARK}-{name}@example.org", wanted=wanted,
                                 frequency=frequency)
        services.confirm(token=tokens.make("confirm", sub.pk))
        subs.append(sub)
    now = timezone.now()
    versions = list(RecordVersion.objects.filter(record__agency=agency,
                                                 record__is_public=True,
                                                 record__current_version_id__isnull=False)
                    .select_related("record").order_by("-pk")[:9])
    events = 0
    for index, version in enumerate(versions):
        day = 3 - index // 3  # three records on each of the last three days
        when = (now - dt.timedelta(days=day)).replace(hour=10, minute=index % 3 * 10)
        record: Record = version.record
        stored = services.events_record([{
            "source": "catalogue", "ref": f"demo:record:{record.pk}:v{version.number}",
            "subject_key": f"record:{record.pk}", "agency_id": agency.pk,
            "title": version.title, "occurred_at": when,
            "url": f"/{agency.slug}/disclosure/records/{record.pk}/",
            "keys": record_keys(agency_id=agency.pk, topic_id=version.topic_id,
                                genre_id=version.genre_id, keywords=version.keywords,
                                title=version.title)}])
        for event in stored:
            services.event_match(event_id=event.pk, keys={
                k: sorted(v) for k, v in record_keys(
                    agency_id=agency.pk, topic_id=version.topic_id, genre_id=version.genre_id,
                    keywords=version.keywords, title=version.title).items()})
            events += 1
        if index % 3 == 2:
            services.digest_send(now=when + dt.timedelta(hours=21))
    pushes = 0
    staff = Membership.objects.filter(agency=agency, role__in=[Role.EDITOR, Role.AGENCY_ADMIN]
                                      ).select_related("user").first()
    if staff is not None:
        push = services.push_send(
            actor=staff.user, agency=agency, audience=audiences["enterprise-construction"],
            title="建筑业企业法律风险防控指引（演示）", url=f"/{agency.slug}/",
            message="本局发布建筑业企业合同管理、劳动用工等方面的法律风险防控指引，欢迎查阅。")
        services.click(token=tokens.make("click", push.pk, subs[-1].pk))
        pushes = 1
    return {"subscriptions": len(subs), "events": events, "pushes": pushes}
