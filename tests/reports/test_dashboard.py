"""The January reminder, the evaluation dashboard and its scorecard, the demo report."""
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.core.models import Role
from gongkai.reports import dashboard, services
from gongkai.reports.jobs import send_january_reminders
from gongkai.reports.models import ReportReminder
from tests.factories import DepartmentFactory, staff
from tests.reports.conftest import finish_report, make_case, save_cases

pytestmark = pytest.mark.django_db


def test_january_reminder_until_published(agency, officer):
    officer.email = "officer@example.org"
    officer.save()
    assert send_january_reminders(dt.date(2026, 2, 3)) == {"sent": 0}
    assert send_january_reminders(dt.date(2026, 1, 5)) == {"sent": 1}
    assert send_january_reminders(dt.date(2026, 1, 5)) == {"sent": 0}  # once a day
    assert "2025年政府信息公开工作年度报告" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["officer@example.org"]
    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    services.report_publish(actor=officer, report=finish_report(report, officer), sign=False)
    assert send_january_reminders(dt.date(2026, 1, 6)) == {"sent": 0}
    assert ReportReminder.objects.count() == 1


def test_dashboard_figures_and_scorecard(agency, client, settings):
    settings.GONGKAI_REPORTS_SCORECARD_WEIGHTS = {"applications_on_time": 1.0}
    legal = DepartmentFactory(agency=agency, name="法制处")
    other = DepartmentFactory(agency=agency, name="办公室")
    save_cases([
        make_case(agency, department=legal, received=dt.date(2025, 3, 3),
                  closed=dt.date(2025, 3, 13), due=dt.date(2025, 3, 31), reply_type="disclosed"),
        make_case(agency, department=legal, received=dt.date(2025, 3, 3),
                  closed=dt.date(2025, 4, 30), due=dt.date(2025, 3, 31), reply_type="withheld",
                  reason="state_secret"),
        make_case(agency, department=other, received=dt.date(2025, 5, 5),
                  closed=dt.date(2025, 5, 11), due=dt.date(2025, 6, 2), reply_type="disclosed"),
        make_case(agency, department=other, received=dt.date(2025, 11, 3),
                  due=dt.date(2025, 12, 1)),
    ])
    data = dashboard.evaluate(agency, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    lines = {line.name: line for line in data.lines}
    assert (lines["法制处"].received, lines["法制处"].closed, lines["法制处"].on_time,
            lines["法制处"].overdue) == (2, 2, 1, 1)
    assert lines["法制处"].median_days == (10 + 58) / 2
    assert lines["法制处"].score == 50.0 and lines["办公室"].score == 100.0
    assert lines["办公室"].open_overdue == 1
    assert data.total.closed == 3 and data.total.reply_types["disclosed"] == 2
    head = staff(Role.DEPARTMENT_HEAD, agency, "head9")
    client.force_login(head)
    page = client.get(reverse("staff:reports_dashboard"),
                      {"start": "2025-01-01", "end": "2025-12-31"})
    assert page.status_code == 200 and "法制处" in page.content.decode()
    html = page.content.decode()
    scores = html.split('data-testid="score-chart"')[1].split("</svg>")[0]
    assert "法制处：50" in scores and "办公室：100" in scores  # the chart's description
    replies = html.split('data-testid="reply-chart"')[1].split("</svg>")[0]
    assert 'role="img"' in replies and "：2" in replies
    export = client.get(reverse("staff:reports_dashboard_xlsx"),
                        {"start": "2025-01-01", "end": "2025-12-31"})
    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
        values_only=True))
    assert any(r[0] == "法制处" and r[4] == 2 and r[12] == 50.0 for r in rows)
    client.force_login(staff(Role.EDITOR, agency, "ed8"))
    assert client.get(reverse("staff:reports_dashboard")).status_code == 403


def test_demo_publishes_the_bureau_report(agency):
    from gongkai.reports.demo import load_reports_demo
    from gongkai.reports.models import AnnualReport

    save_cases([make_case(agency, received=dt.date(2025, 3, 3), closed=dt.date(2025, 3, 13),
                          reply_type="disclosed")])
    assert load_reports_demo() == {"reports": 1}
    report = AnnualReport.objects.get(agency=agency, year=2025)
    assert report.status == "published" and report.snapshot["tables"][1]["blocks"][0]["rows"][0][
        "values"]["total"] == 1
    # issue 14 #3: the demo published the draft's prompts and 0 for figures never entered.
    assert "请填写" not in report.html and "请在此" not in report.html
    sources = [s for t in report.snapshot["tables"] for b in t["blocks"] for r in b["rows"]
               for s in r.get("sources", {}).values()]
    assert "missing" not in sources
    assert load_reports_demo() == {"reports": 0}


def test_dashboard_shows_the_capability_apps_figures(agency, client, settings):
    """Consultations, the mailbox and the work plan add their figures for the period (the
    evaluation issues 17, 19 and 21 ask for), on the page and in the spreadsheet."""
    from gongkai.interaction import services as interaction
    from gongkai.reports.sources import evaluation_figures
    from tests.consultations.factories import comment, open_consultation
    from tests.interaction.conftest import fields

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    draft = open_consultation(agency)
    comment(draft)
    interaction.message_submit(agency=agency, **fields())
    today = draft.opens_on
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    found = dict(evaluation_figures(agency, start, end))
    assert dict(found["决策公开与征求意见"])["征求意见（项）"] == 1
    assert dict(found["互动交流（信箱与热线）"])["在办（件）"] == 1
    assert evaluation_figures(agency, dt.date(2001, 1, 1), dt.date(2001, 12, 31)) == []
    client.force_login(staff(Role.DEPARTMENT_HEAD, agency, "head10"))
    query = {"start": start.isoformat(), "end": end.isoformat()}
    page = client.get(reverse("staff:reports_dashboard"), query).content.decode()
    assert page.count('data-testid="evaluation-other"') == 2 and "按期答复率" in page
    export = client.get(reverse("staff:reports_dashboard_xlsx"), query)
    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
        values_only=True))
    assert ("征求意见（项）", 1) in [r[:2] for r in rows]
