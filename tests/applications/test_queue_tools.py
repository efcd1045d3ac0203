"""The queue as a working tool (issue 15): server-side sorting with aria-sort, the
assignee's display name, bulk 分办 through the service case by case."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.audit.models import AuditEvent
from tests.applications.conftest import person

pytestmark = pytest.mark.django_db

QUEUE = "staff:applications_queue"


def _order(html: str, cases: list[Application]) -> list[str]:
    numbers = {c.case_number for c in cases}
    return [n for n in re.findall(r'>([A-Z]+-\d{4}-\d+)</a>', html) if n in numbers]


def test_sorting_by_received_due_and_state(client, officer, make_case):
    old = make_case(dt.date(2020, 4, 1), now=dt.date(2020, 4, 24))
    new = make_case(dt.date(2020, 4, 23), now=dt.date(2020, 4, 24))
    mid = make_case(dt.date(2020, 4, 10), now=dt.date(2020, 4, 24))
    Application.objects.filter(pk=new.pk).update(status=ApplicationStatus.IN_PROGRESS)
    client.force_login(officer)
    with time_machine.travel(dt.datetime(2020, 4, 24, 10), tick=False):
        def page(sort):
            return client.get(reverse(QUEUE), {"queue": "open", "sort": sort}).content.decode()

        html = page("-received")
        assert _order(html, [old, new, mid]) == [new.case_number, mid.case_number, old.case_number]
        assert re.search(r'aria-sort="descending"><a href="\?[^"]*sort=received', html)
        html = page("due")
        assert _order(html, [old, new, mid]) == [old.case_number, mid.case_number, new.case_number]
        assert 'aria-sort="ascending"><a href="?queue=open&amp;sort=-due"' in html
        # states in the workflow's order: received before in_progress
        assert _order(page("state"), [old, new, mid])[-1] == new.case_number
        assert _order(page("-state"), [old, new, mid])[0] == new.case_number
        assert "aria-sort" not in page("nonsense").split("<tbody>")[0]


def test_bulk_assign_goes_case_by_case(client, officer, make_case, department, agency,
                                       other_agency, other_officer):
    officer.display_name = "王经办"
    officer.save()
    first = make_case(dt.date(2020, 4, 23))
    second = make_case(dt.date(2020, 4, 23))
    closed = make_case(dt.date(2020, 4, 23))
    Application.objects.filter(pk=closed.pk).update(status=ApplicationStatus.REPLIED)
    with time_machine.travel(dt.datetime(2020, 4, 23, 10), tick=False):
        foreign = services.register(actor=other_officer, agency=other_agency, channel="in_person",
                                    received_on=dt.date(2020, 4, 23), **person()).application
    client.force_login(officer)
    with time_machine.travel(dt.datetime(2020, 4, 24, 10), tick=False):
        response = client.post(reverse("staff:applications_bulk_assign"), {
            "case": [first.pk, second.pk, closed.pk, foreign.pk],
            "department": department.pk, "assignee": officer.pk,
            "back": "queue=new&sort=due&next=//evil.example"})
        assert response.status_code == 302
        assert response["Location"] == reverse(QUEUE) + "?queue=new&sort=due"
        html = client.get(reverse(QUEUE), {"queue": "open"}).content.decode()
    for case in (first, second):
        case.refresh_from_db()
        assert (case.status, case.assignee, case.department) == (
            ApplicationStatus.IN_PROGRESS, officer, department)
        assert AuditEvent.objects.filter(object_id=str(case.pk), verb="application.assign").exists()
    closed.refresh_from_db()
    foreign.refresh_from_db()
    assert closed.status == ApplicationStatus.REPLIED and closed.assignee is None
    assert foreign.assignee is None and foreign.status == ApplicationStatus.RECEIVED
    assert "已分办 2 件" in html and f"未分办 {closed.case_number}" in html
    assert "找不到这件申请" in html
    assert "王经办" in html and ">officer1<" not in html  # display name, not the login


def test_bulk_assign_needs_a_choice(client, officer, make_case):
    case = make_case(dt.date(2020, 4, 23))
    client.force_login(officer)
    client.post(reverse("staff:applications_bulk_assign"), {"case": [case.pk]})
    case.refresh_from_db()
    assert case.status == ApplicationStatus.RECEIVED


@pytest.mark.parametrize("state", ApplicationStatus.values)
def test_case_page_shows_the_forms_the_workflow_allows(client, officer, make_case, state):
    """One source of truth: the forms on the page are the PAGE_ACTIONS that
    workflow.ACTIONS allows in the case's state, and no others (issue 15)."""
    from gongkai.applications.models import Fee
    from gongkai.applications.staff_views import PAGE_ACTIONS
    from gongkai.applications.workflow import ACTIONS

    case = make_case(dt.date(2020, 4, 23))
    Application.objects.filter(pk=case.pk).update(status=state)
    if state == ApplicationStatus.AWAITING_FEE:
        Fee.objects.create(application=case, method="per_request", quantity=31, amount=100,
                           issued_on=dt.date(2020, 4, 24), pay_by=dt.date(2020, 5, 15))
    client.force_login(officer)
    with time_machine.travel(dt.datetime(2020, 4, 24, 10), tick=False):
        html = client.get(reverse("staff:applications_case", kwargs={"pk": case.pk})).content.decode()
    shown = set(re.findall(r'<form method="post" action="[^"]+" data-action="([a-z_]+)"', html))
    expected = {action for action in PAGE_ACTIONS if state in ACTIONS[action][0]}
    assert shown == expected
