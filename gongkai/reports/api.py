"""API: the annual report as JSON tables with the official labels, plus its checks.

A published report is public and answered from its frozen snapshot; a draft (computed now)
only for staff of the agency's disclosure office, signed in or with a bearer token. The
operation is declared public for that reason and checks the person itself.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router

from gongkai.api.errors import ApiError
from gongkai.core.access import public_view
from gongkai.core.policies import is_staff_member
from gongkai.core.selectors import agency_resolve
from gongkai.core.services import api_token_authenticate
from gongkai.reports import render, selectors, services
from gongkai.reports.models import ReportStatus
from gongkai.reports.policies import ReportPolicy

router = Router(tags=["reports"])


def _staff_user(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and is_staff_member(user):
        return user
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token_user = api_token_authenticate(header[7:].strip())
        if token_user is not None and is_staff_member(token_user):
            return token_user
    return None


# Annual reports exist since the Regulations took effect (2008); the upper bound keeps a
# year's dates within what ``datetime.date`` holds.
FIRST_YEAR, LAST_YEAR = 2008, 9998


@router.get("/annual/{agency}/{year}", response=dict, auth=None,
            summary="政府信息公开工作年度报告(表格与勾稽校验)")
@public_view
def annual_report(request: HttpRequest, agency: str,
                  year: int = Path(..., ge=FIRST_YEAR, le=LAST_YEAR)) -> dict:
    """``agency`` is the organisation code (002420455M) or the URL slug."""
    found = agency_resolve(agency)
    if found is None:
        raise ApiError(404, "没有这个机构。")
    report = selectors.report_for(found, year)
    if report is not None and report.status == ReportStatus.PUBLISHED:
        return render.snapshot_for_output(report.snapshot)
    user = _staff_user(request)
    if user is None or not ReportPolicy.can_view_draft(user, found):
        raise ApiError(404, "该年度报告尚未发布。")
    if report is None:
        from gongkai.reports import compute
        from gongkai.reports import format as fmt

        figures = compute.compute(found.pk, year, fmt.default_format(year))
        texts = services.draft_texts(figures, found)
        return render.as_data(figures, agency=found, texts=texts, status="not_started")
    figures = services.report_figures(report)
    return render.as_data(figures, agency=found, texts=report.texts(), status=report.status)
