"""The quarterly self-inspection report as Excel (openpyxl) and PDF (WeasyPrint through
``signing.services.render_pdf``), in the inspection's own table layout: 指标类别 / 指标 /
评分说明 / 结果 / 扣分 / 问题与链接, the single-veto items first, then the deductions, the
bonus items and the weekly scores."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string

from gongkai.core.links import absolute_url
from gongkai.self_inspection import rules

HEADER = ("指标类别", "指标", "评分说明", "结果", "扣分", "问题", "链接")


def rows(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The inspection table: one row per indicator, one more per item behind it."""
    fired = {v["key"]: v for v in result["vetoes"]}
    taken = {d["key"]: d for d in result["deductions"]}
    out: list[tuple[Any, ...]] = []
    for key, (name, source) in rules.VETOES.items():
        veto = fired.get(key)
        out.append(("单项否决", name, source, "否决" if veto else "通过", "", "", ""))
        for item in (veto or {}).get("items", []):
            out.append(("", "", "", "", "", f"{item['title']} {item['detail']}".strip(),
                        absolute_url(item["url"]) if item["url"] else ""))
    for key, rule in rules.DEDUCTIONS.items():
        deduction = taken.get(key)
        note = f"每处扣{rule.points}分，最多扣{rule.cap}分" if not rule.once else \
            f"扣{rule.points}分"
        out.append(("扣分指标", rule.name, f"{rule.source}；{note}",
                    "扣分" if deduction else "未扣分", deduction["points"] if deduction else 0,
                    "", ""))
        for item in (deduction or {}).get("items", []):
            out.append(("", "", "", "", "", f"{item['title']} {item['detail']}".strip(),
                        absolute_url(item["url"]) if item["url"] else ""))
    seen = {b["key"] for b in result.get("bonuses", [])}
    for key, (name, points) in rules.BONUSES.items():
        out.append(("加分指标", name, f"加{points}分", "加分" if key in seen else "未加分",
                    -points if key in seen else 0, "", ""))
    return out


def to_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    result = report["result"]
    book = Workbook()
    sheet = book.active
    sheet.title = "自查结果"
    sheet.append([f"{result['agency_name']} 政府网站自查表（{report['quarter']}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"得分：{result['score']}", f"单项否决：{len(result['vetoes'])}项",
                  f"加分：{result['bonus']}", f"检查时间：{result['checked_at']}"])
    sheet.append(list(HEADER))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows(result):
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (10, 40, 40, 8, 6, 50, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    trend = book.create_sheet("每周得分")
    trend.append(["周（周一）", "得分", "单项否决"])
    for week, score, vetoes in report["weeks"]:
        trend.append([week.isoformat(), score, vetoes])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(report: dict[str, Any]) -> bytes:
    from gongkai.signing.services import render_pdf

    html = render_to_string("self_inspection/report_pdf.html", {
        "report": report, "result": report["result"], "header": HEADER,
        "rows": rows(report["result"])})
    return render_pdf(html)
