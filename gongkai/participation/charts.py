"""Bar charts drawn on the server as SVG: no script, no inline style (CSP), a title and a
description for screen readers; the page puts a data table with the same figures beside
each chart (the table is the accessible equivalent, the chart is decoration for sighted
readers: ``aria-hidden`` is not used so that the title is still read)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.participation.selectors import Bar

WIDTH = 320
ROW = 28
LABEL_W = 110
BAR_MAX = 150


def _truncate(text: str, limit: int = 9) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str) -> SafeString:
    """A horizontal bar chart, one bar per option, scaled to the largest share."""
    height = ROW * max(len(bars), 1) + 8
    top = max((b.share for b in bars), default=0) or 1
    desc = ";".join(f"{b.label}:{b.count}人({b.share}%)" for b in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = round(BAR_MAX * bar.share / top, 1) if bar.share else 0
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#1a1a1a">{escape(_truncate(bar.label))}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{width}" height="18" fill="#1d5fa8"/>'
            f'<text x="{LABEL_W + width + 4}" y="{y + 17}" font-size="12" '
            f'fill="#1a1a1a">{bar.count}({bar.share}%)</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
