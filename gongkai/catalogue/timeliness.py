"""The Art. 26 publication limit: one definition for every page that measures it.

Regulations Art. 26 (2019): 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
20个工作日内及时公开。The limit therefore runs from the day the information is formed (产生日期)
and counts working days (the ``workdays`` calendar; the day of forming is not counted).

What the limit applies to, and what it does not:

- proactive information published in its ordinary course: measured from 产生日期 to 发布日期;
- proactive information not yet published: late once the limit has passed (shown as
  pending so that an office sees it before it is late);
- *not* historical conversion (历史信息转化, work plan point 10) or any other change of the
  disclosure attribute decided by an attribute review (公开属性审查): a 2010 document made
  public in 2026 was not "formed or changed" in 2026, and the limit was never its rule.
  Such a record is recognised by its attribute review decided "convert";
- not withdrawn records (they are no longer published information).

Worked example (disclosure-law.md, tests/catalogue/test_timeliness.py): formed Thursday
2020-04-23, due 2020-05-22; published 2020-06-15 is 24 calendar days late.

The catalogue's 发布及时性 page and the evaluation dashboard (reports/dashboard.py) both
call ``measure`` and so count the same records the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongkai.workdays.calendar import add_working_days

# Regulations Art. 26: 20 working days from forming or changing the information.
PUBLICATION_LIMIT_WORKING_DAYS = 20


def due_on(formed_on: dt.date) -> tuple[dt.date, bool]:
    """(last day allowed, provisional): provisional when a year without schedule is counted."""
    due = add_working_days(formed_on, PUBLICATION_LIMIT_WORKING_DAYS)
    return due.date, due.provisional


def subject_to_limit() -> QuerySet[Any]:
    """Proactive records the limit applies to (see the module docstring)."""
    from gongkai.catalogue.models import (
        AttributeReview,
        DisclosureAttribute,
        Record,
        RecordStatus,
        ReviewDecision,
    )

    converted = AttributeReview.objects.filter(record=OuterRef("pk"),
                                               decision=ReviewDecision.CONVERT)
    return (Record.objects.filter(disclosure_attribute=DisclosureAttribute.PROACTIVE)
            .exclude(status=RecordStatus.WITHDRAWN).exclude(Exists(converted)))


@dataclass(frozen=True)
class Row:
    record: Any
    due_on: dt.date
    provisional: bool
    late: bool
    late_days: int
    pending: bool  # not published yet


def measure(*, agency_ids: list[int] | None, start: dt.date, end: dt.date,
            department_id: int | None = None, today: dt.date | None = None) -> list[Row]:
    """Records published in [start, end], and records formed in it still unpublished."""
    from gongkai.catalogue.models import RecordStatus

    qs = subject_to_limit().filter(
        Q(status=RecordStatus.PUBLISHED, published_on__gte=start, published_on__lte=end)
        | (~Q(status=RecordStatus.PUBLISHED) & Q(formed_on__gte=start, formed_on__lte=end)))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if department_id:
        qs = qs.filter(department_id=department_id)
    today = today or timezone.localdate()
    dues: dict[dt.date, tuple[dt.date, bool]] = {}
    rows = []
    for record in qs.select_related("department", "agency").order_by("formed_on", "id"):
        if record.formed_on not in dues:
            dues[record.formed_on] = due_on(record.formed_on)
        due, provisional = dues[record.formed_on]
        pending = record.status != RecordStatus.PUBLISHED or record.published_on is None
        done = today if pending else record.published_on
        late = done > due
        rows.append(Row(record, due, provisional, late, (done - due).days if late else 0, pending))
    return rows


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
