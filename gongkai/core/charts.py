"""Charts drawn on the server as SVG, for figures people compare (survey results, a
report's outcomes, a trend over years): no script, no inline style (the CSP allows none),
a title and a description read by screen readers. Every page that shows one puts a data
table with the same figures beside it — the table is the accessible equivalent and the
figures' source; the chart is there to make the comparison visible at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TEXT = "#1a1a1a"
BAR = "#1d5fa8"  # 6.4:1 on white
ROW = 28
WIDTH = 320
LABEL_W = 110
BAR_MAX = 150


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # what is written beside the bar; the value when empty

    @property
    def shown(self) -> str:
        return self.text or f"{self.value:g}"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def _desc(bars: Sequence[Bar]) -> str:
    return "；".join(f"{b.label}：{b.shown}" for b in bars)


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str, label_chars: int = 9) -> SafeString:
    """Horizontal bars, one per item, scaled to the largest value: for categories."""
    height = ROW * max(len(bars), 1) + 8
    top = max((b.value for b in bars), default=0) or 1
    parts = _open(chart_id, WIDTH, height, title, _desc(bars))
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = round(BAR_MAX * bar.value / top, 1) if bar.value else 0
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_truncate(bar.label, label_chars))}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{width}" height="18" fill="{BAR}"/>'
            f'<text x="{LABEL_W + width + 4}" y="{y + 17}" font-size="12" '
            f'fill="{TEXT}">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def column_chart(bars: Sequence[Bar], *, title: str, chart_id: str) -> SafeString:
    """Vertical columns in order (years, months): for a trend."""
    step, plot, base = 44, 120, 150
    width = max(WIDTH, 24 + step * len(bars))
    top = max((b.value for b in bars), default=0) or 1
    parts = _open(chart_id, width, base + 24, title, _desc(bars))
    parts.append(f'<line x1="12" y1="{base}" x2="{width - 4}" y2="{base}" stroke="{TEXT}"/>')
    for i, bar in enumerate(bars):
        x = 20 + i * step
        height = round(plot * bar.value / top, 1) if bar.value else 0
        parts.append(
            f'<rect x="{x}" y="{base - height}" width="28" height="{height}" fill="{BAR}"/>'
            f'<text x="{x + 14}" y="{base - height - 4}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT}">{escape(bar.shown)}</text>'
            f'<text x="{x + 14}" y="{base + 16}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT}">{escape(_truncate(bar.label, 6))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
