"""Interpretations on the evaluation dashboard: published in the period's year, and the
share of non-text forms against the work plan's 50 % target."""

from __future__ import annotations

from typing import Any

from gongkai.interpretations.selectors import annual_report_figure


def figures(agency: Any, start: Any, end: Any) -> list[tuple[str, Any]]:
    fig = annual_report_figure(agency_id=agency.pk, year=end.year)
    if not fig["total"]:
        return []
    ratio = fig["ratio"]
    return [(f"{end.year}年发布政策解读（篇）", fig["total"]),
            ("其中多元化解读（篇）", fig["non_text"]),
            ("多元化解读占比（目标不低于50%）",
             f"{100 * float(ratio):.1f}%" if ratio is not None else "—")]  # type: ignore[arg-type]
