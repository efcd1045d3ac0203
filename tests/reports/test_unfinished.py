"""issue 14 #3: an unfinished annual report cannot be published; a figure never entered
reads 未填报 everywhere; a re-publication versions the catalogue's record; the public list
holds every year's report, the historical ones from the catalogue too."""
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Record
from gongkai.reports import render, services
from gongkai.reports.completeness import report_publish_blockers
from gongkai.reports.models import AnnualReport, ReportStatus
from tests.reports.conftest import finish_report, make_case, save_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(agency):
    return save_cases([make_case(agency, received=dt.date(2025, 3, 3), closed=dt.date(2025, 3, 20),
                                 reply_type="disclosed", reason="provided")])


def test_publish_refused_naming_each_prompt_and_figure_never_entered(agency, officer, cases):
    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    services.figure_set(actor=officer, agency=agency, year=2025, cell="二/coercion/decisions",
                        value="0", source="执法系统")  # an entered zero is a figure
    with pytest.raises(services.ReportIncomplete) as exc:
        services.report_publish(actor=officer, report=report, sign=False)
    message = str(exc.value)
    assert message.startswith("年度报告尚未完成，不能发布：")
    assert "“五、存在的主要问题及改进情况”仍是待填写的提示文字：（请填写本年度" in message
    assert "“六、其他需要报告的事项”仍是待填写的提示文字：（如有其他需要报告的事项" in message
    for label in ("行政许可 本年处理决定数量：未填报", "行政处罚 本年处理决定数量：未填报",
                  "行政事业性收费 本年收费金额（单位：万元）：未填报"):
        assert label in message
    assert "行政强制" not in message
    assert len(exc.value.blockers) == 5
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.record is None
    # An old draft's half-width prompt is a prompt too.
    report = services.report_update(actor=officer, report=report, overview=report.overview,
                                    problems="(请填写存在的问题。)", other_matters="无。")
    assert any("（请" in b or "(请" in b for b in report_publish_blockers(report))
    report = finish_report(report, officer)
    assert report_publish_blockers(report) == []
    assert services.report_publish(actor=officer, report=report, sign=False).status == "published"


def test_publish_by_page_lists_what_is_missing_once(agency, officer, cases, client):
    services.report_get_or_create(actor=officer, agency=agency, year=2025)
    edit = reverse("staff:reports_edit", kwargs={"agency_id": agency.pk, "year": 2025})
    client.force_login(officer)
    response = client.post(edit, {"action": "publish"})
    body = response.content.decode()
    assert response.status_code == 400 and "年度报告尚未完成，不能发布" in body
    assert body.count("行政许可 本年处理决定数量：未填报") == 1


def test_a_figure_never_entered_reads_not_entered_in_every_output(agency, officer, cases, client):
    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    services.figure_set(actor=officer, agency=agency, year=2025, cell="二/coercion/decisions",
                        value="0", source="执法系统")
    figures = services.report_figures(report)
    texts = report.texts()
    html = render.to_html(figures, agency=agency, texts=texts)  # the page the PDF is made of
    assert 'data-cell="二/licensing/decisions" class="missing-figure">未填报</td>' in html
    assert 'data-cell="二/coercion/decisions" class="staff-figure">0</td>' in html
    assert "行政许可 本年处理决定数量:未填报" in render.to_text(figures, agency=agency, texts=texts)
    data = render.as_data(figures, agency=agency, texts=texts, status="draft")
    licensing = data["tables"][0]["blocks"][1]["rows"][0]
    assert licensing["values"] == {"decisions": None}
    assert licensing["display"] == {"decisions": "未填报"}
    coercion = data["tables"][0]["blocks"][2]["rows"][1]
    assert coercion["values"] == {"decisions": 0} and coercion["display"] == {"decisions": 0}
    import docx
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(render.to_xlsx(figures, agency=agency, texts=texts)))
    assert ("行政许可", "未填报") in [r[:2] for r in sheet.active.iter_rows(values_only=True)]
    document = docx.Document(io.BytesIO(render.to_docx(figures, agency=agency, texts=texts)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "未填报" in cells
    client.force_login(officer)
    page = client.get(reverse("staff:reports_edit", kwargs={"agency_id": agency.pk, "year": 2025}))
    assert ">未填报</a>" in page.content.decode()


def test_a_snapshot_frozen_with_a_missing_figure_reads_not_entered(agency, officer, cases, client):
    """Reports published before the refusal hold 0 with the source "missing"."""
    report = finish_report(services.report_get_or_create(actor=officer, agency=agency, year=2025),
                           officer)
    report = services.report_publish(actor=officer, report=report, sign=False)
    snapshot = report.snapshot
    row = snapshot["tables"][0]["blocks"][1]["rows"][0]
    row["values"]["decisions"], row["sources"]["decisions"] = 0, "missing"
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    page = client.get(reverse("reports:detail", kwargs={"agency": agency.slug, "year": 2025}))
    assert 'data-cell="二/licensing/decisions" class="missing-figure">未填报</td>' in page.content.decode()
    kwargs = {"agency": agency.slug}
    rows = client.get(reverse("reports:open_data", kwargs={**kwargs, "ext": "json"})).json()["rows"]
    assert {r["cell"]: r["value"] for r in rows}["二/licensing/decisions"] == "未填报"
    csv_text = client.get(reverse("reports:open_data", kwargs={**kwargs, "ext": "csv"})).content.decode()
    assert "二/licensing/decisions,未填报" in csv_text
    api = client.get(f"/api/v1/reports/annual/{agency.slug}/2025").json()
    row = api["tables"][0]["blocks"][1]["rows"][0]
    assert row["values"] == {"decisions": None} and row["display"] == {"decisions": "未填报"}


def _historical(agency, year, taxonomy_genre, topic, *, title=None):
    record = catalogue.record_create(
        actor=None, agency=agency, title=title or f"{agency.name}{year}年政府信息公开工作年度报告",
        summary="年度报告", body="一、总体情况……", formed_on=dt.date(year + 1, 1, 20),
        topic=topic, genre=taxonomy_genre)
    catalogue.record_submit(actor=None, record=record)
    return catalogue.record_approve(actor=None, record=record)


@pytest.fixture
def annual_genre(db):
    return catalogue.genre_get_or_create(code="annual-report", name="年度报告")


@pytest.fixture
def general_topic(db):
    return catalogue.topic_get_or_create(code="general", name="综合政务")


def test_republication_is_a_new_version_of_the_catalogues_record(agency, officer, cases,
                                                                  annual_genre, general_topic):
    earlier = _historical(agency, 2025, annual_genre, general_topic)
    report = finish_report(services.report_get_or_create(actor=officer, agency=agency, year=2025),
                           officer)
    report = services.report_publish(actor=officer, report=report, sign=False)
    assert report.record_id == earlier.pk
    assert Record.objects.filter(title=report.title).count() == 1
    record = Record.objects.get(pk=earlier.pk)
    assert record.current_version.number == 2 and record.is_public
    assert record.formed_on == earlier.formed_on and record.published_on == earlier.published_on
    assert "行政许可" in record.current_version.body
    assert {a.kind for a in record.attachments.all()} >= {"docx", "xlsx"}


def test_public_list_holds_the_historical_reports_newest_first(agency, other_agency, officer, cases,
                                                               annual_genre, general_topic, client):
    for year in (2009, 2015, 2024):
        _historical(agency, year, annual_genre, general_topic)
    _historical(other_agency, 2023, annual_genre, general_topic)
    draft = catalogue.record_create(
        actor=None, agency=agency, title=f"{agency.name}2022年政府信息公开工作年度报告",
        summary="草稿", body="草稿", formed_on=dt.date(2023, 1, 10), topic=general_topic,
        genre=annual_genre)
    report = finish_report(services.report_get_or_create(actor=officer, agency=agency, year=2025),
                           officer)
    services.report_publish(actor=officer, report=report, sign=False)
    body = client.get(reverse("reports:index", kwargs={"agency": agency.slug})).content.decode()
    start = body.index('data-testid="reports"')
    listing = body[start:body.index("</ul>", start)]

    assert re.findall(r"(\d{4})年政府信息公开工作年度报告", listing) == ["2025", "2024", "2015", "2009"]
    assert f"/{agency.slug}/reports/2025/" in listing
    assert draft.title not in body


def test_refusal_reads_in_english_on_english_pages(agency, officer, cases):
    """The blockers are interface text: an officer reading English sees them in English (the
    report's own table labels stay Chinese, as the published report prints them)."""
    from django.utils import translation

    report = services.report_get_or_create(actor=officer, agency=agency, year=2025)
    with translation.override("en"), pytest.raises(services.ReportIncomplete) as exc:
        services.report_publish(actor=officer, report=report, sign=False)
    message = str(exc.value)
    assert message.startswith("The annual report is not finished and cannot be published: ")
    assert "行政许可 本年处理决定数量: not entered" in message
    assert "“五、存在的主要问题及改进情况” still holds the prompt text: （请填写本年度" in message
    assert "未填报" not in message and "仍是" not in message
