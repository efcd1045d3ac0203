"""Each single-veto item and each deduction, planted and found with its points."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.self_inspection import checks, rules
from gongkai.self_inspection.models import CrawlFinding, FindingKind, ProbeTry
from tests.factories import record_fields, staff

NOW = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _column(kind: str, updated: dt.date | None, count: int = 3, n: int = 0) -> dict:
    return {"key": f"t.{kind}.{n}", "name": f"{kind}{n}", "kind": kind, "url": f"/c/{kind}/{n}/",
            "updated_on": updated, "count": count}


def _with_columns(monkeypatch, columns: list[dict]) -> None:
    fresh = [_column("interaction", TODAY, n=99)]
    monkeypatch.setattr(checks, "columns_for", lambda agency: [*columns, *fresh])


def _keys(found: list[dict]) -> dict[str, dict]:
    return {f["key"]: f for f in found}


def test_a_fresh_agency_with_its_interaction_column_passes(agency, monkeypatch):
    agency.site_code, agency.icp_number, agency.police_number = "3100000001", "沪ICP备1号", \
        "沪公网安备1号"
    agency.site_sponsor = agency.name
    monkeypatch.setattr(checks, "signals_for", lambda agency, context: {})
    _with_columns(monkeypatch, [_column("news", TODAY), _column("policy", TODAY)])
    result = checks.inspect(agency)
    assert result["vetoes"] == [] and result["deductions"] == []
    assert result["score"] == 100 and result["passed"]


@pytest.mark.parametrize(("failed", "fires"), [(2, True), (1, False)])
def test_availability_veto_at_five_percent_of_a_weeks_tries(agency, failed, fires):
    for n in range(24):
        ProbeTry.objects.create(agency=agency, at=NOW - dt.timedelta(hours=n + 1), url="/sfj/",
                                seconds=20.0 if n < failed else 0.2, status=200, ok=n >= failed)
    ProbeTry.objects.create(agency=agency, at=NOW - dt.timedelta(days=8), url="/sfj/",
                            seconds=30, status=0, ok=False)  # outside the week
    vetoes = _keys(checks.inspect(agency)["vetoes"])
    assert ("availability" in vetoes) is fires  # 2/24 = 8.3 %, 1/24 = 4.2 %


def test_home_and_column_vetoes(agency, monkeypatch):
    old = TODAY - dt.timedelta(days=15)
    columns = [_column("news", old, n=n) for n in range(5)]
    columns += [_column("service", TODAY - dt.timedelta(days=400), n=n) for n in range(10)]
    columns += [_column("notice", None, count=0, n=n) for n in range(5)]
    _with_columns(monkeypatch, columns)
    monkeypatch.setattr(checks, "columns_for", lambda agency: columns)  # no interaction
    vetoes = _keys(checks.inspect(agency)["vetoes"])
    assert vetoes["home_stale"]["items"][0]["url"] == "/sfj/"
    assert vetoes["stale_columns"]["count"] == 5
    assert vetoes["long_stale_columns"]["count"] == 10
    assert vetoes["empty_columns"]["count"] == 5
    assert "no_interaction" in vetoes


def test_below_the_veto_counts_stale_columns_are_deductions(agency, monkeypatch):
    columns = [_column("news", TODAY - dt.timedelta(days=15), n=n) for n in range(3)]
    columns.append(_column("news", TODAY - dt.timedelta(days=13), n=3))  # within 2 weeks
    columns.append(_column("policy", TODAY - dt.timedelta(days=190)))
    columns.append(_column("notice", TODAY - dt.timedelta(days=100)))  # within 6 months
    _with_columns(monkeypatch, columns)
    result = checks.inspect(agency)
    assert not {"stale_columns", "home_stale"} & set(_keys(result["vetoes"]))
    found = _keys(result["deductions"])
    assert found["policy_stale"]["points"] == 5  # rules file: −5
    assert found["columns_stale"]["points"] == 3 and found["columns_stale"]["count"] == 3


def test_a_valid_message_unanswered_for_three_months_is_a_veto(agency):
    from gongkai.interaction import services as interaction

    fields = {"type": "consult", "subject": "关于法律援助申请材料的咨询", "name": "测试",
              "text": "请问申请法律援助需要哪些材料？"}
    interaction.message_submit(agency=agency, idempotency_key="old",
                               now=NOW - dt.timedelta(days=95), **fields)
    interaction.message_submit(agency=agency, idempotency_key="new",
                               now=NOW - dt.timedelta(days=60), **fields)
    result = checks.inspect(agency)
    vetoes = _keys(result["vetoes"])
    assert vetoes["unanswered_messages"]["count"] == 1
    assert vetoes["unanswered_messages"]["items"][0]["url"].startswith("/staff/interaction/")
    # …and no reply at all for more than 2 months: −3 (rules file).
    assert _keys(result["deductions"])["replies_stale"]["points"] == 3


def test_faked_publication_dates_are_a_veto(agency, editor):
    from gongkai.catalogue.models import Record
    from gongkai.catalogue.services import record_approve, record_create, record_submit

    record = record_create(actor=None, agency=agency, **record_fields())
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    assert "publication_dates" not in _keys(checks.inspect(agency)["vetoes"])
    Record.objects.filter(pk=record.pk).update(published_on=TODAY + dt.timedelta(days=3))
    veto = _keys(checks.inspect(agency)["vetoes"])["publication_dates"]
    assert veto["items"][0]["url"] == f"/sfj/disclosure/records/{record.pk}/"


def test_crawl_findings_score_with_their_caps(agency):
    def plant(kind: str, n: int) -> None:
        for i in range(n):
            CrawlFinding.objects.create(agency=agency, kind=kind, page_url=f"/sfj/p{i}/",
                                        target="/x/", found_at=timezone.now())

    plant(FindingKind.BROKEN_LINK, 7)
    plant(FindingKind.WORDING, 2)
    plant(FindingKind.PAGE_WEIGHT, 1)
    plant(FindingKind.SERIOUS_WORDING, 1)
    plant(FindingKind.PERSONAL_DATA, 1)
    result = checks.inspect(agency)
    found = _keys(result["deductions"])
    assert found["broken_links"]["points"] == 5 and found["broken_links"]["count"] == 7  # cap
    assert found["wording"]["points"] == 2
    assert found["page_weight"]["points"] == 1
    assert found["footer_identity"]["points"] == 3  # site code, ICP, police number missing
    assert {"serious_wording", "personal_data"} <= set(_keys(result["vetoes"]))
    assert not result["passed"]


def test_annual_report_and_interpretations(agency, monkeypatch):
    from gongkai.catalogue.services import record_create
    from gongkai.interpretations.models import Waiver, WaiverKind

    policy = record_create(actor=None, agency=agency, **record_fields())
    Waiver.objects.create(policy=policy, agency=agency, kind=WaiverKind.DEFERRED, reason="测试",
                          policy_published_on=TODAY - dt.timedelta(days=20),
                          due_on=TODAY - dt.timedelta(days=10))
    found = _keys(checks.inspect(agency)["deductions"])
    assert found["interpretations_missing"]["points"] == 1
    assert found["annual_report_late"]["points"] == rules.DEDUCTIONS["annual_report_late"].points
    assert "2025年度报告" in found["annual_report_late"]["items"][0]["title"]


def test_score_adds_bonus_within_the_cap(agency, monkeypatch):
    monkeypatch.setattr(checks, "signals_for", lambda agency, context: {
        "bonus_interpretation_forms": [{}], "bonus_replies_on_time": [{}]})
    _with_columns(monkeypatch, [_column("news", TODAY)])
    result = checks.inspect(agency)
    assert result["bonus"] == 10
    assert result["score"] == 100 - 3 + 10  # footer identity −3 (nothing filled in)


def test_only_the_office_and_administrators_see_an_agency(agency, other_agency):
    from gongkai.self_inspection.policies import may_view

    officer = staff(Role.DISCLOSURE_OFFICER, agency, "si-officer")
    assert may_view(officer, agency) and not may_view(officer, other_agency)
    assert not may_view(staff(Role.EDITOR, agency, "si-editor"), agency)


def test_an_attachment_whose_file_is_gone_is_a_deduction(agency):
    from gongkai.catalogue.models import Attachment
    from gongkai.catalogue.services import record_approve, record_create, record_submit

    record = record_create(actor=None, agency=agency, **record_fields())
    record_submit(actor=None, record=record)
    record_approve(actor=None, record=record)
    Attachment.objects.create(record=record, file="attachments/2026/11/gone.pdf",
                              original_name="实施细则.pdf", kind="pdf",
                              content_type="application/pdf", size=1000, sha256="0" * 64)
    found = _keys(checks.inspect(agency)["deductions"])["broken_attachments"]
    assert found["points"] == 1 and found["items"][0]["title"] == "实施细则.pdf"
