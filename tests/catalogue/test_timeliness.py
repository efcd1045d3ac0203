"""The Art. 26 limit, one definition (catalogue/timeliness.py) used by the catalogue's
发布及时性 page and the evaluation dashboard (issue 14 defect 4)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.catalogue import timeliness
from gongkai.catalogue.models import DisclosureAttribute, ReviewDecision
from gongkai.catalogue.services import (
    attribute_reviews_decide,
    campaign_start,
    record_approve,
    record_create,
    record_submit,
)
from gongkai.reports import dashboard
from tests.factories import DepartmentFactory, record_fields


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC),
                               tick=False)


def published(editor, reviewer, agency, *, formed_on, on, **over):
    with at(on):
        record = record_create(actor=editor, agency=agency, **record_fields(
            formed_on=formed_on, document_number="", **over))
        record_submit(actor=editor, record=record)
        return record_approve(actor=reviewer, record=record)


@pytest.mark.django_db
def test_worked_example():
    # Formed Thursday 2020-04-23: 20 working days end on 2020-05-22 (disclosure-law.md).
    assert timeliness.due_on(dt.date(2020, 4, 23)) == (dt.date(2020, 5, 22), False)
    assert timeliness.PUBLICATION_LIMIT_WORKING_DAYS == 20


@pytest.mark.django_db
def test_catalogue_page_and_dashboard_agree_and_ignore_historical_conversion(
        client, agency, editor, reviewer, agency_admin):
    office = DepartmentFactory(agency=agency, name="办公室")
    # Formed and published in 2025: two on time, one late.
    published(editor, reviewer, agency, formed_on=dt.date(2025, 3, 3), on=dt.date(2025, 3, 6),
              department=office, title="按时一")
    published(editor, reviewer, agency, formed_on=dt.date(2025, 4, 1), on=dt.date(2025, 4, 8),
              department=office, title="按时二")
    published(editor, reviewer, agency, formed_on=dt.date(2025, 1, 6), on=dt.date(2025, 6, 2),
              department=office, title="逾期")
    # 2012 documents, never assessed, converted by the 2025 campaign: Art. 26 does not apply.
    for i in range(2):
        with at(dt.date(2025, 5, 5)):
            record_create(actor=editor, agency=agency, **record_fields(
                formed_on=dt.date(2012, 5, 2), document_number="", title=f"历史文件{i}",
                department=office, disclosure_attribute=DisclosureAttribute.UNDECIDED))
    with at(dt.date(2025, 7, 1)):
        campaign = campaign_start(actor=agency_admin, agency=agency, name="历史信息转化")
        result = attribute_reviews_decide(actor=reviewer, reviews=list(campaign.reviews.all()),
                                          decision=ReviewDecision.CONVERT, reason="")
    assert result.converted == 2 and result.held == 0

    with at(dt.date(2025, 12, 1)):
        client.force_login(agency_admin)
        page = client.get(reverse("staff:catalogue_timeliness"), {"year": "2025"})
        evaluation = dashboard.evaluate(agency, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert page.status_code == 200
    overall = page.context["overall"]
    assert (overall.total, overall.on_time, overall.late) == (3, 2, 1)
    assert (evaluation.total.proactive, evaluation.total.proactive_on_time) == (3, 2)
    assert "历史文件0" not in page.content.decode()


@pytest.mark.django_db
def test_unpublished_records_are_pending_and_late_once_due(agency, editor):
    with at(dt.date(2025, 3, 3)):
        record_create(actor=editor, agency=agency, **record_fields(
            formed_on=dt.date(2025, 3, 3), document_number=""))
    rows = timeliness.measure(agency_ids=[agency.pk], start=dt.date(2025, 1, 1),
                              end=dt.date(2025, 12, 31), today=dt.date(2025, 3, 10))
    assert [(r.pending, r.late) for r in rows] == [(True, False)]
    rows = timeliness.measure(agency_ids=[agency.pk], start=dt.date(2025, 1, 1),
                              end=dt.date(2025, 12, 31), today=dt.date(2025, 6, 10))
    assert [(r.pending, r.late) for r in rows] == [(True, True)]
