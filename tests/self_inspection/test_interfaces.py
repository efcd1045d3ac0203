"""The API's shape, the CLI's exit code, the dashboard and its exports, the weekly snapshot
and e-mail, the probe, and the demo loader."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongkai.core.models import Role
from gongkai.core.services import api_token_create
from gongkai.self_inspection import services
from gongkai.self_inspection.models import CrawlFinding, ProbeTry, Snapshot
from tests.factories import staff


@pytest.fixture
def officer(agency):
    user = staff(Role.DISCLOSURE_OFFICER, agency, "si-officer")
    user.email = "office@example.gov.cn"
    user.save()
    return user


def _broken_link(agency):
    CrawlFinding.objects.create(agency=agency, kind="broken_link", page_url="/sfj/",
                                target="/sfj/gone/", detail="HTTP 404", found_at=timezone.now())


def test_api_shape_and_scope(agency, other_agency, officer):
    _broken_link(agency)
    _, secret = api_token_create(actor=None, user=officer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = client.get("/api/v1/staff/inspection/002420455M").json()
    assert {"score", "vetoes", "deductions", "checked_at"} <= set(body)
    broken = next(d for d in body["deductions"] if d["key"] == "broken_links")
    assert broken["points"] == 1 and broken["items"][0]["url"] == "/sfj/"
    assert client.get("/api/v1/staff/inspection/xhsfj").status_code == 404
    assert Client().get("/api/v1/staff/inspection/sfj").status_code == 401


def test_cli_exit_code_and_outputs(agency, tmp_path):
    out = io.StringIO()
    # An agency with nothing published: the home page veto fires → exit 1.
    with pytest.raises(SystemExit) as exited:
        call_command("inspect", "--agency", "sfj", "--output", str(tmp_path / "r.json"),
                     stdout=out)
    assert exited.value.code == 1
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "home_stale" in {v["key"] for v in saved["vetoes"]}
    call_command_ok = pytest.importorskip("openpyxl")
    with pytest.raises(SystemExit):
        call_command("inspect", "--agency", "sfj", "--output", str(tmp_path / "r.xlsx"),
                     stdout=out)
    book = call_command_ok.load_workbook(tmp_path / "r.xlsx")
    rows = [r for r in book["自查结果"].iter_rows(values_only=True)]
    assert rows[2][:5] == ("指标类别", "指标", "评分说明", "结果", "扣分")
    assert any(r[1] and "首页栏目" in r[1] and r[3] == "否决" for r in rows)


def test_cli_exit_zero_without_veto(agency, monkeypatch):
    from gongkai.self_inspection import checks

    monkeypatch.setattr(checks, "columns_for", lambda a: [
        {"key": "x", "name": "信箱", "kind": "interaction", "url": "/sfj/interaction/",
         "updated_on": timezone.localdate(), "count": 1}])
    call_command("inspect", "--agency", "sfj", stdout=io.StringIO())  # no SystemExit


def test_dashboard_pdf_and_words_page(agency, officer, platform_admin):
    _broken_link(agency)
    client = Client()
    client.force_login(officer)
    page = client.get("/staff/inspection/agencies/sfj/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/sfj/"' in text and "链接不可用" in text
    assert client.get("/staff/inspection/agencies/xhsfj/").status_code == 404
    pdf = client.get("/staff/inspection/agencies/sfj/report.pdf?quarter=2026Q4")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/staff/inspection/words/").status_code == 403
    client.force_login(platform_admin)
    client.post("/staff/inspection/words/", {"word": "南汇区", "correction": "浦东新区",
                                             "serious": "1"})
    assert "南汇区" in client.get("/staff/inspection/words/").content.decode()


def test_weekly_snapshot_once_a_week_with_one_mail(agency, officer):
    from gongkai.self_inspection.jobs import run_weekly

    monday = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
    snap, created = services.snapshot_week(agency, now=monday)
    assert created and snap.week == dt.date(2026, 11, 30)
    assert services.weekly_mail(agency, snap)
    assert "网站自查周报" in mail.outbox[0].subject and "/staff/inspection/agencies/sfj/" in \
        mail.outbox[0].body
    assert services.snapshot_week(agency, now=monday + dt.timedelta(days=3)) == (snap, False)
    with time_machine.travel(monday + dt.timedelta(days=7), tick=False):
        assert run_weekly() == {"snapshots": 1, "mailed": 1}
        assert run_weekly() == {"snapshots": 0, "mailed": 0}
    assert services.quarter_report(agency, "2026Q4")["weeks"][0][0] == dt.date(2026, 11, 30)


def test_probe_records_tries(agency):
    ok = services.probe(agency)
    assert ok.ok and ok.status == 200 and ok.url == "/sfj/"

    def down(url, timeout):
        raise TimeoutError

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.conf.settings.GONGKAI_SELF_INSPECTION_PROBE_HTTP", True,
                   raising=False)
        failed = services.probe(agency, opener=down)
    assert not failed.ok and failed.status == 0
    assert ProbeTry.objects.filter(agency=agency).count() == 2


def test_demo_plants_findings_and_loads_once(agency, other_agency, settings):
    from gongkai.self_inspection.demo import load_self_inspection_demo

    first = load_self_inspection_demo()
    assert first["messages"] == 2 and first["words"] == 2 and first["snapshots"] == 2
    again = load_self_inspection_demo()
    assert again["messages"] == 0 and again["words"] == 0 and again["snapshots"] == 0
    snap = Snapshot.objects.get(agency=agency)
    assert "unanswered_messages" in {v["key"] for v in snap.result["vetoes"]}
