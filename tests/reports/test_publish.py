"""Publishing: refused when a check fails (naming the cell), else a catalogue record with
HTML, signed PDF, Word and Excel; the public pages, open data, API and permissions."""
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.catalogue.models import Record
from gongkai.core.models import Role
from gongkai.core.services import api_token_create
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus, StaffFigure
from tests.factories import staff
from tests.reports.conftest import add_review, finish_report, make_case, save_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_cases(agency):
    cases = save_cases([
        make_case(agency, received=dt.date(2025, 3, 3), closed=dt.date(2025, 3, 20),
                  reply_type="disclosed", reason="provided"),
        make_case(agency, received=dt.date(2025, 4, 1), closed=dt.date(2025, 4, 20),
                  reply_type="withheld", reason="third_party", applicant="organisation",
                  category="commercial"),
        make_case(agency, received=dt.date(2024, 12, 30), closed=dt.date(2025, 1, 20),
                  reply_type="partially_disclosed"),
        make_case(agency, received=dt.date(2025, 12, 29)),
    ])
    add_review(cases[1], "reconsideration", "upheld", filed=dt.date(2025, 6, 1),
               decided=dt.date(2025, 8, 1))
    return cases


def test_publish_refused_when_a_check_fails(agency, officer, year_of_cases):
    report = finish_report(services.report_get_or_create(actor=officer, agency=agency, year=2025),
                           officer)
    assert "本年新收政府信息公开申请3件" in report.overview
    services.figure_set(actor=officer, agency=agency, year=2025, cell="三/new/commercial",
                        value="2", source="纸质登记簿")
    with pytest.raises(services.ReportChecksFailed) as exc:
        services.report_publish(actor=officer, report=report, sign=False)
    assert "三/new/commercial" in str(exc.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.record is None


def test_publish_makes_a_catalogue_record_with_files(agency, officer, year_of_cases, client):
    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    report = finish_report(report, officer)
    report = services.report_publish(actor=officer, report=report)
    assert report.status == ReportStatus.PUBLISHED
    record = Record.objects.get(pk=report.record_id)
    assert record.is_public and record.genre.name == "年度报告"
    assert {a.kind for a in record.attachments.all()} == {"pdf", "docx", "xlsx"}
    assert report.pdf.read().startswith(b"%PDF")
    from gongkai.signing.models import SignedDocument

    assert SignedDocument.objects.filter(agency=agency).exists()
    import docx
    import openpyxl

    document = docx.Document(io.BytesIO(report.docx.open("rb").read()))
    texts = [c.text.strip() for t in document.tables for row in t.rows for c in row.cells]
    assert "1.属于国家秘密" in texts and "结果维持" in texts
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx.open("rb").read())).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert any(r[0] and r[0].strip() == "一、本年新收政府信息公开申请数量" and r[7] == 3
               for r in values)
    assert any(r[0] == "行政许可" and r[1] == 17 for r in values)
    # The public page, the downloads and the open data, from the snapshot.
    page = client.get(reverse("reports:detail", kwargs={"agency": agency.slug, "year": 2025}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "二、上年结转政府信息公开申请数量" in html and "测试申请人" not in html
    listing = client.get(reverse("reports:index", kwargs={"agency": agency.slug})).content.decode()
    assert "2025年政府信息公开工作年度报告" in listing
    for ext in ("pdf", "docx", "xlsx"):
        response = client.get(reverse("reports:download", kwargs={
            "agency": agency.slug, "year": 2025, "ext": ext}))
        assert response.status_code == 200, ext
    data = client.get(reverse("reports:open_data", kwargs={"agency": agency.slug,
                                                           "ext": "json"})).json()
    cells = {r["cell"]: r["value"] for r in data["rows"]}
    assert cells["三/new/total"] == 3 and cells["四/cases/reconsideration.upheld"] == 1
    csv_text = client.get(reverse("reports:open_data", kwargs={"agency": agency.slug,
                                                               "ext": "csv"})).content.decode()
    assert "三/withheld:third_party/commercial,1" in csv_text
    # Published: figures frozen, second publish refused.
    with pytest.raises(ValidationError, match="已发布"):
        services.figure_set(actor=officer, agency=agency, year=2025, cell="三/new/commercial",
                            value="9", source="x")
    from gongkai.reports.workflow import InvalidReportTransition

    with pytest.raises(InvalidReportTransition):
        services.report_publish(actor=officer, report=report, sign=False)


def test_api_shape_and_draft_permissions(agency, other_agency, officer, other_officer,
                                         year_of_cases, client):
    url = f"/api/v1/reports/annual/{agency.organisation_code}/2025"
    assert client.get(url).status_code == 404  # nothing published: anonymous sees nothing
    services.report_get_or_create(actor=officer, agency=agency, year=2025)
    assert client.get(url).json()["error"]["code"] == "not_found"
    client.force_login(other_officer)
    assert client.get(url).status_code == 404  # staff of another agency: no drafts
    client.force_login(officer)
    data = client.get(url).json()
    assert data["status"] == "draft" and data["format"] == 2021
    assert [t["key"] for t in data["tables"]] == ["二", "三", "四"]
    table3 = data["tables"][1]["blocks"][0]
    assert [c["label"] for c in table3["columns"]][:2] == ["自然人", "商业企业"]
    rows = {r["key"]: r for r in table3["rows"]}
    assert rows["new"]["label"] == "一、本年新收政府信息公开申请数量"
    assert rows["new"]["values"]["total"] == 3
    assert rows["withheld:third_party"]["values"]["commercial"] == 1
    assert "values" not in rows["withheld"]  # heading row
    assert all(set(c) == {"rule", "ok", "cells", "detail"} for c in data["checks"])
    assert all(c["ok"] for c in data["checks"])
    client.logout()
    _token, secret = api_token_create(actor=officer, user=officer, name="t")
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").json()["status"] == "draft"
    assert client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_staff_editor_permissions_and_publish_by_page(agency, other_agency, officer,
                                                     other_officer, year_of_cases, client):
    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    edit = reverse("staff:reports_edit", kwargs={"agency_id": agency.pk, "year": 2025})
    client.force_login(other_officer)
    assert client.get(edit).status_code == 403
    cell = reverse("staff:reports_cell", kwargs={"agency_id": agency.pk, "year": 2025})
    assert client.get(cell, {"cell": "三/new/total"}).status_code == 403
    client.force_login(staff(Role.EDITOR, agency, "ed9"))
    assert client.get(edit).status_code == 403
    client.force_login(officer)
    page = client.get(edit)
    assert page.status_code == 200 and 'data-testid="checks-ok"' in page.content.decode()
    drill = client.get(cell, {"cell": "三/withheld:third_party/commercial"}).content.decode()
    assert year_of_cases[1].case_number in drill and year_of_cases[0].case_number not in drill
    response = client.post(edit, {"action": "figure", "cell": "三/new/total", "value": "9",
                                  "source": ""})
    assert response.status_code == 400 and "请注明数据来源" in response.content.decode()
    client.post(edit, {"action": "figure", "cell": "三/new/total", "value": "9",
                       "source": "人工核对"})
    response = client.post(edit, {"action": "publish"})
    body = response.content.decode()
    assert response.status_code == 400 and "三/new/total" in body
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    client.post(edit, {"action": "figure", "cell": "三/new/total", "value": "", "source": ""})
    assert not StaffFigure.objects.filter(agency=agency).exists()
    client.post(edit, {"action": "texts", "overview": "总体情况。", "problems": "问题。",
                       "other_matters": "无。", "format": "2021"})
    assert AnnualReport.objects.get(pk=report.pk).overview == "总体情况。"


def test_cli_outputs_each_format(agency, year_of_cases, tmp_path, capsys):
    from django.core.management import call_command

    call_command("report", "annual", "--agency", agency.organisation_code, "--year", "2025")
    data = json.loads(capsys.readouterr().out)
    assert data["tables"][1]["blocks"][0]["rows"][0]["values"]["total"] == 3
    magic = {"xlsx": b"PK", "docx": b"PK", "pdf": b"%PDF", "html": b"<!DOCTYPE html>",
             "json": b"{"}
    for ext, start in magic.items():
        out = tmp_path / f"r.{ext}"
        call_command("report", "annual", "--agency", agency.organisation_code, "--year", "2025",
                     "--format", "2019", "--output", str(out))
        assert out.read_bytes().startswith(start), ext
    assert "（六）其他处理" in (tmp_path / "r.html").read_text()
    assert "申请人逾期未按收费通知" not in (tmp_path / "r.html").read_text()
    StaffFigure.objects.create(agency=agency, year=2025, cell="三/carried_in/total", value=5,
                               source="x")
    with pytest.raises(SystemExit):
        call_command("report", "annual", "--agency", agency.slug, "--year", "2025")
    assert "三/carried_in/total" in capsys.readouterr().err


def test_the_forms_own_labels_raise_no_alarm_but_personal_data_refuses(agency, officer,
                                                                       year_of_cases):
    """The scan knows the report's fixed wording (1.属于国家秘密, 5.属于三类内部事务信息 in
    the body and in the PDF, Word and Excel files: 8 alarms before); anything else it finds
    refuses the publication and names it, masked."""
    from gongkai.catalogue.models import ScanFinding

    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    report = finish_report(report, officer)
    report = services.report_update(actor=officer, report=report,
                                    overview=report.overview + "联系人手机13812345678。",
                                    problems=report.problems,
                                    other_matters=report.other_matters)
    with pytest.raises(ValidationError, match="手机号码") as caught:
        services.report_publish(actor=officer, report=report)
    assert "13812345678" not in str(caught.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not Record.objects.exists()

    report = services.report_update(actor=officer, report=report,
                                    overview=report.overview.replace("联系人手机13812345678。", ""),
                                    problems=report.problems,
                                    other_matters=report.other_matters)
    report = services.report_publish(actor=officer, report=report)
    record = Record.objects.get(pk=report.record_id)
    assert record.is_public and "1.属于国家秘密" in record.current_version.body
    assert not ScanFinding.objects.filter(record=record).exists()
