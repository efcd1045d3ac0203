"""Writes: staff figures, report texts, and publication (checks, files, catalogue record).

Publishing renders every file before the transaction (rendering and signing take seconds and
must not hold locks), then in one transaction freezes the figures, creates the catalogue
record (genre 年度报告) through catalogue services with the files attached, and audits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.reports import completeness, compute, render
from gongkai.reports import format as fmt
from gongkai.reports.models import AnnualReport, ReportStatus, StaffFigure
from gongkai.reports.policies import ReportPolicy
from gongkai.reports.workflow import check_transition


class ReportIncomplete(Exception):
    """Publishing refused: a section still holds a prompt or a figure was never entered;
    ``blockers`` names each (``completeness.report_publish_blockers``)."""

    def __init__(self, blockers: list[str]):
        super().__init__(gettext("年度报告尚未完成，不能发布：%(blockers)s。")
                         % {"blockers": pgettext("list separator", "；").join(blockers)})
        self.blockers = blockers


class ReportChecksFailed(Exception):
    """Publishing refused: the figures do not add up (the failing checks name the cells)."""

    def __init__(self, checks: list[compute.Check]):
        super().__init__("; ".join(f"{c.rule}: {', '.join(c.cells)}" for c in checks))
        self.checks = checks


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def report_get_or_create(*, actor: Any, agency: Agency, year: int,
                         report_format: int | None = None) -> AnnualReport:
    """The year's report; a new draft starts with texts prefilled from the figures."""
    _require(actor is None or ReportPolicy.can_view_draft(actor, agency))
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing
    _require(actor is None or ReportPolicy.can_edit(actor, agency))
    code = int(report_format or fmt.default_format(year))
    figures = compute.compute(agency.pk, year, code)
    texts = draft_texts(figures, agency)
    with transaction.atomic():
        report, created = AnnualReport.objects.get_or_create(
            agency=agency, year=year,
            defaults={"format": code, "overview": texts["一"], "problems": texts["五"],
                      "other_matters": texts["六"]})
        if created:
            audit_record(actor=actor, verb="reports.create", obj=report, agency=agency,
                         details={"year": year, "format": code})
    return report


def draft_texts(figures: compute.Figures, agency: Agency) -> dict[str, str]:
    v = figures.value
    year = figures.year
    results = {row: v(fmt.cell_id("三", row, "total")) for row in compute.result_rows(
        figures.format)}
    withheld = sum((n for k, n in results.items() if k.startswith("withheld")), 0)
    reviews = v(fmt.cell_id("四", "cases", "reconsideration.total"))
    lawsuits = v(fmt.cell_id("四", "cases", "litigation_direct.total")) + v(
        fmt.cell_id("四", "cases", "litigation_after.total"))
    overview = (
        f"{year}年,{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》,"
        f"推进政务公开工作。"
        f"本年新收政府信息公开申请{v(fmt.cell_id('三', fmt.NEW, 'total'))}件,"
        f"上年结转{v(fmt.cell_id('三', fmt.CARRIED_IN, 'total'))}件;"
        f"办结{v(fmt.cell_id('三', fmt.TOTAL, 'total'))}件,其中予以公开{results.get('disclosed', 0)}件、"
        f"部分公开{results.get('partially_disclosed', 0)}件、不予公开{withheld}件;"
        f"结转下年度继续办理{v(fmt.cell_id('三', fmt.CARRIED_FORWARD, 'total'))}件。"
        f"本年发生政府信息公开行政复议{reviews}件、行政诉讼{lawsuits}件。"
    )
    problems = completeness.PROBLEMS_PROMPT
    other = f"本机关{year}年未收取信息处理费。{completeness.OTHER_MATTERS_PROMPT}"
    return {"一": overview, "五": problems, "六": other}


def report_update(*, actor: Any, report: AnnualReport, overview: str, problems: str,
                  other_matters: str, report_format: int | None = None) -> AnnualReport:
    _require(actor is None or ReportPolicy.can_edit(actor, report.agency))
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            check_transition(report.status, ReportStatus.DRAFT)
        report.overview, report.problems, report.other_matters = overview, problems, other_matters
        if report_format is not None:
            if int(report_format) not in fmt.FORMATS:
                raise ValidationError({"format": ["未知的报告格式。"]})
            report.format = int(report_format)
        report.save()
        audit_record(actor=actor, verb="reports.update", obj=report, agency=report.agency,
                     details={"year": report.year, "format": report.format})
    return report


def figure_set(*, actor: Any, agency: Agency, year: int, cell: str, value: Any, source: str,
               report_format: int | None = None) -> StaffFigure | None:
    """Enter (or, with an empty value, remove) a figure; the source is required."""
    _require(actor is None or ReportPolicy.can_edit(actor, agency))
    code = int(report_format or fmt.default_format(year))
    if not fmt.get_format(code).has_cell(cell):
        raise ValidationError({"cell": [f"报告表格中没有单元格 {cell}。"]})
    if AnnualReport.objects.filter(agency=agency, year=year,
                                   status=ReportStatus.PUBLISHED).exists():
        raise ValidationError({"cell": ["该年度报告已发布,数据不能再修改。"]})
    with transaction.atomic():
        if value in (None, ""):
            deleted, _ = StaffFigure.objects.filter(agency=agency, year=year, cell=cell).delete()
            audit_record(actor=actor, verb="reports.figure_clear", agency=agency,
                         details={"year": year, "cell": cell, "deleted": deleted})
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError({"value": ["请填写数字。"]}) from None
        if not number.is_finite() or number < 0:
            raise ValidationError({"value": ["请填写不小于零的数字。"]})
        if not source.strip():
            raise ValidationError({"source": ["请注明数据来源。"]})
        figure, _ = StaffFigure.objects.update_or_create(
            agency=agency, year=year, cell=cell,
            defaults={"value": number, "source": source.strip()[:300],
                      "entered_by": actor if getattr(actor, "pk", None) else None})
        audit_record(actor=actor, verb="reports.figure_set", obj=figure, agency=agency,
                     details={"year": year, "cell": cell, "value": str(number),
                              "source": figure.source})
    return figure


def report_figures(report: AnnualReport) -> compute.Figures:
    return compute.compute(report.agency_id, report.year, report.format)


def _annual_report_genre() -> Any:
    from gongkai.catalogue.services import genre_get_or_create

    return genre_get_or_create(code="annual-report", name="年度报告")


def _office(agency: Any) -> Any:
    """The department that compiles the report: the disclosure officers' own department
    (工作机构, Regulations Art. 4), else the agency's first department (办公室 by custom)."""
    from gongkai.core.models import Membership, Role

    membership = (Membership.objects.filter(agency=agency, role=Role.DISCLOSURE_OFFICER,
                                            department__isnull=False)
                  .select_related("department").order_by("id").first())
    if membership is not None:
        return membership.department
    return agency.departments.filter(is_active=True).order_by("sort_order", "id").first()


def _topic() -> Any:
    from gongkai.catalogue.services import topic_get_or_create

    return topic_get_or_create(code="general", name="综合政务")


def _existing_report_record(report: AnnualReport) -> Any:
    """The catalogue's record of this year's report, if it holds one (published before,
    by hand or by an earlier import) that can take a new version; else None."""
    from gongkai.catalogue.models import Record
    from gongkai.catalogue.workflow import EDITABLE

    if report.record_id is not None:
        return report.record
    return (Record.objects.filter(agency=report.agency, title=report.title,
                                  genre__code="annual-report", status__in=EDITABLE)
            .order_by("-published_on", "-pk").first())


def report_publish(*, actor: Any, report: AnnualReport, sign: bool = True,
                   today: dt.date | None = None) -> AnnualReport:
    """Refused while any check fails; otherwise the report becomes a catalogue record."""
    from gongkai.catalogue import services as catalogue

    _require(actor is None or ReportPolicy.can_edit(actor, report.agency))
    check_transition(report.status, ReportStatus.PUBLISHED)
    agency = report.agency
    figures = report_figures(report)
    blockers = completeness.report_publish_blockers(report, figures)
    if blockers:
        raise ReportIncomplete(blockers)
    failed = [c for c in figures.checks if not c.ok]
    if failed:
        raise ReportChecksFailed(failed)
    texts = report.texts()
    html = render.to_html(figures, agency=agency, texts=texts)
    files = {
        "xlsx": render.to_xlsx(figures, agency=agency, texts=texts),
        "docx": render.to_docx(figures, agency=agency, texts=texts),
    }
    if sign:
        from gongkai.signing.services import render_pdf, sign_pdf

        files["pdf"] = sign_pdf(agency=agency, pdf=render_pdf(html), actor=actor,
                                reason=f"{report.year}年政府信息公开工作年度报告")
    snapshot = render.as_data(figures, agency=agency, texts=texts, status=ReportStatus.PUBLISHED)
    today = today or timezone.localdate()
    base = f"gongkai-annual-report-{agency.organisation_code}-{report.year}"
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
        check_transition(report.status, ReportStatus.PUBLISHED)
        fields = {"title": report.title[:300], "department": _office(agency),
                  "summary": f"{agency.short_name}{report.year}年政府信息公开工作年度报告"[:100],
                  "body": render.to_text(figures, agency=agency, texts=texts),
                  "keywords": "政府信息公开,年度报告", "formed_on": today, "topic": _topic(),
                  "genre": _annual_report_genre(), "disclosure_attribute": "proactive",
                  "is_official_document": False}
        existing = _existing_report_record(report)
        if existing is not None:
            # A re-publication is a new version of the record the catalogue already holds,
            # not a second record with the same title. Its 产生日期 stays the record's own:
            # the catalogue's 发布日期 does not move, and a 产生日期 after it would make the
            # record look published before it existed (and late by Art. 26).
            fields.pop("formed_on")
        # The catalogue's one publication step: scanned (the form's own labels are known
        # wording), versioned, indexed, logged and signed like every record.
        record = catalogue.publish_external(
            actor=actor, agency=agency, source="reports.annual_report",
            fixed_wording=figures.format.fixed_wording,
            files={f"{base}.{ext}": data for ext, data in files.items()},
            fields=fields, record=existing)
        for ext, data in files.items():
            getattr(report, ext).save(f"{base}.{ext}", ContentFile(data), save=False)
        report.html = html
        report.snapshot = snapshot
        report.record = record
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = actor if getattr(actor, "pk", None) else None
        report.save()
        audit_record(actor=actor, verb="reports.publish", obj=report, agency=agency,
                     details={"year": report.year, "format": report.format,
                              "record": record.pk, "files": sorted(files)})
    return report
