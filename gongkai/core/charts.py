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


def _scaled(value: float, top: float, span: float) -> float:
    return round(span * value / top, 1) if value else 0


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start") -> str:
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{TEXT}">{escape(text)}</text>')


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str, label_chars: int = 9) -> SafeString:
    """Horizontal bars, one per item, scaled to the largest value: for categories."""
    height = ROW * max(len(bars), 1) + 8
    top = max((b.value for b in bars), default=0) or 1
    parts = _open(chart_id, WIDTH, height, title, _desc(bars))
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = _scaled(bar.value, top, BAR_MAX)
        parts.append(_text(LABEL_W - 6, y + 17, _truncate(bar.label, label_chars), size=13,
                           anchor="end")
                     + f'<rect x="{LABEL_W}" y="{y + 4}" width="{width}" height="18" fill="{BAR}"/>'
                     + _text(LABEL_W + width + 4, y + 17, bar.shown))
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
        height = _scaled(bar.value, top, plot)
        parts.append(f'<rect x="{x}" y="{base - height}" width="28" height="{height}" fill="{BAR}"/>'
                     + _text(x + 14, base - height - 4, bar.shown, anchor="middle")
                     + _text(x + 14, base + 16, _truncate(bar.label, 6), anchor="middle"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
