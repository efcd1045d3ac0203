"""The annual report's table 二 from the recorded decisions (Regulations Art. 50(1), items
5 and 6 of Art. 20: 行政许可, 行政处罚, 行政强制 — 本年处理决定数量).

Registered with ``gongkai.reports.sources`` in ``EnforcementConfig.ready``. An agency that
records no decision in a year is not covered (its cells stay for staff to fill, as before):
"no decisions on the platform" may mean "not recorded here", never silently 0.
"""

from __future__ import annotations

from typing import Any

ROWS = {"licence": "licensing", "penalty": "penalty", "coercion": "coercion"}
NOTE = "行政执法公示统计"


def table_2_counts(agency_id: int, year: int, report_format: Any) -> dict[str, int]:
    from gongkai.enforcement.selectors import year_figures

    figures = year_figures(agency_id, year)
    if figures.total == 0:
        return {}
    found: dict[str, int] = {}
    for category, row in ROWS.items():
        cell = f"二/{row}/decisions"
        if report_format.has_cell(cell):
            found[cell] = figures.by_category[category]
    return found
