"""The annual report's charts (issue 15): how the year's applications ended, on the report's
page, and applications received year by year, on the reports' index — each an SVG drawn
on the server with a table of the same figures, read from the published snapshots."""
import re

import pytest
from django.urls import reverse

from gongkai.core import charts
from gongkai.reports import services
from tests.reports.conftest import finish_report
from tests.reports.test_publish import year_of_cases  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _publish(agency, officer, year):
    report = services.report_get_or_create(actor=officer, agency=agency, year=year)
    return services.report_publish(actor=officer, report=finish_report(report, officer),
                                   sign=False)


def _table(html: str, testid: str) -> dict[str, str]:
    figure = html.split(f'data-testid="{testid}"')[1].split("</figure>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', figure))


def test_outcomes_and_trend_charts_show_the_published_figures(
        client, agency, officer, year_of_cases):  # noqa: F811
    _publish(agency, officer, 2024)
    _publish(agency, officer, 2025)
    page = client.get(reverse("reports:detail", kwargs={"agency": agency.slug, "year": 2025}))
    html = page.content.decode()
    # 2025: one disclosed, one partially disclosed, one withheld (the heading row 不予公开
    # is the sum of its reasons), one still open
    assert _table(html, "outcomes-chart") == {
        "予以公开": "1", "部分公开": "1", "不予公开": "1", "无法提供": "0", "不予处理": "0",
        "其他处理": "0"}
    svg = html.split('data-testid="outcomes-chart"')[1].split("</svg>")[0]
    assert 'role="img"' in svg and "<title id=\"outcomes-t\">本年度办理结果</title>" in svg
    assert "予以公开：1" in svg  # the description a screen reader hears
    listing = client.get(reverse("reports:index", kwargs={"agency": agency.slug}))
    assert _table(listing.content.decode(), "trend-chart") == {"2024": "1", "2025": "3"}


def test_one_published_year_shows_no_trend(client, agency, officer, year_of_cases):  # noqa: F811
    _publish(agency, officer, 2025)
    listing = client.get(reverse("reports:index", kwargs={"agency": agency.slug}))
    assert 'data-testid="trend-chart"' not in listing.content.decode()


def test_charts_escape_their_labels_and_scale_to_the_largest_value():
    svg = str(charts.bar_chart([charts.Bar("<script>", 10), charts.Bar("乙", 5)],
                               title="t&", chart_id="c"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t&amp;" in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [charts.BAR_MAX, charts.BAR_MAX / 2]
    columns = str(charts.column_chart([charts.Bar("2024", 0), charts.Bar("2025", 4)],
                                      title="趋势", chart_id="k"))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', columns)]
    assert heights == [0, 120]
