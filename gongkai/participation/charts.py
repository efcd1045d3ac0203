"""Survey results as charts: the drawing is core.charts'; here each option becomes a bar
that shows its count and share."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from gongkai.core import charts
from gongkai.participation.selectors import Bar


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str) -> SafeString:
    """A horizontal bar chart, one bar per option, scaled to the largest share."""
    return charts.bar_chart([charts.Bar(b.label, b.share, f"{b.count}（{b.share}%）") for b in bars],
                            title=title, chart_id=chart_id)
