"""Demo: the bureau's 2025 report, generated from the demo applications and published, so
the portal shows a published report (runs after the applications loader)."""

from __future__ import annotations

from typing import Any

from gongkai.core.demo_registry import register_demo_loader

AGENCY_CODE = "002420455M"
DEMO_YEAR = 2025
DEMO_FIGURES = (
    ("二/licensing/decisions", "1286", "行政审批系统年度统计（演示数据）"),
    ("二/penalty/decisions", "37", "行政执法信息系统年度统计（演示数据）"),
    ("二/coercion/decisions", "0", "行政执法信息系统年度统计（演示数据）"),
    ("二/fees/amount", "0", "财务处年度决算（演示数据）"),
)


def load_reports_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.reports import services
    from gongkai.reports.models import ReportStatus

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"reports": 0}
    report = services.report_get_or_create(actor=None, agency=agency, year=DEMO_YEAR)
    if report.status == ReportStatus.PUBLISHED:
        return {"reports": 0}
    figures = services.report_figures(report)
    if not figures.ok:  # the demo cases must add up; say so instead of publishing wrong
        return {"reports": 0, "failed_checks": sum(not c.ok for c in figures.checks)}
    # Table 二's figures the platform cannot count, as an office would enter them from its
    # own systems (invented for the demo; 行政强制 entered as a real zero).
    for cell, value, source in DEMO_FIGURES:
        services.figure_set(actor=None, agency=agency, year=DEMO_YEAR, cell=cell, value=value,
                            source=source)
    report = services.report_update(
        actor=None, report=report, overview=report.overview,
        problems=("一是部分处室主动公开信息发布及时性有待提高;二是政策解读形式还不够丰富。"
                  "下一步将加强发布时限提醒,推进图解、视频等多样化解读。"),
        other_matters=f"本机关{DEMO_YEAR}年未收取信息处理费。")
    services.report_publish(actor=None, report=report)
    return {"reports": 1}


register_demo_loader("reports", load_reports_demo)
