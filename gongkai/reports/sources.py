"""Figures other apps count for the report (issue 21): the one hook through which a
capability app fills cells the report cannot count itself, without reports importing it.

An app registers, in its ``AppConfig.ready``, a function ``(agency_id, year, format) →
{cell id: count}`` (enforcement: table 二's 行政许可, 行政处罚, 行政强制 decisions). The
cells it returns are computed (``compute.COMPUTED``, with the source named in the cell's
note); a staff figure for the same cell still wins, and a cell no source returns is what
it was (table 二: 未填报 for the officer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FigureSource = Callable[[int, int, Any], dict[str, int]]

_SOURCES: dict[str, tuple[str, FigureSource]] = {}


def register_figure_source(name: str, note: str, source: FigureSource) -> None:
    """Registering again under the same name replaces (``ready`` may run twice in tests)."""
    _SOURCES[name] = (note, source)


def unregister_figure_source(name: str) -> None:
    _SOURCES.pop(name, None)


def external_counts(agency_id: int, year: int, report_format: Any) -> dict[str, tuple[int, str]]:
    """Cell id → (count, note) from every registered source."""
    found: dict[str, tuple[int, str]] = {}
    for _name, (note, source) in sorted(_SOURCES.items()):
        for cell, value in source(agency_id, year, report_format).items():
            found[cell] = (value, note)
    return found


# The evaluation dashboard's other figures --------------------------------------------------
#
# The yearly department assessment (考核评价) measures more than disclosure: consultations,
# the mailbox, interpretations, work-plan progress… Each capability app registers, in its
# ``AppConfig.ready``, ``(agency, start, end) -> [(label, value)]``; the dashboard shows
# each source as a table of its own, in name order, and the spreadsheet export adds them.

EvaluationSource = Callable[[Any, Any, Any], list[tuple[str, Any]]]

_EVALUATION: dict[str, tuple[str, EvaluationSource]] = {}


def register_evaluation_source(name: str, title: str, source: EvaluationSource) -> None:
    _EVALUATION[name] = (title, source)


def evaluation_figures(agency: Any, start: Any, end: Any) -> list[tuple[str, list[tuple[str, Any]]]]:
    """[(title, [(label, value)])] of every registered source with something to show."""
    found = []
    for _name, (title, source) in sorted(_EVALUATION.items()):
        rows = source(agency, start, end)
        if rows:
            found.append((title, rows))
    return found
