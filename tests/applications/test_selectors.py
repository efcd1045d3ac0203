"""Staff queues (scoped, masked) and the public status view."""

import datetime as dt

import pytest

from gongkai.applications import selectors, services
from gongkai.applications.models import Application
from tests.applications.conftest import person

D = dt.date
pytestmark = pytest.mark.django_db


def test_queues(make_case, officer, at):
    today = D(2024, 4, 1)
    new = make_case(D(2024, 3, 29), now=today)
    mine = make_case(D(2024, 3, 25), now=today, description="二")
    soon = make_case(D(2024, 3, 5), now=today, description="三")  # due 2024-04-02
    late = make_case(D(2024, 2, 1), now=today, description="四")  # due 2024-03-07
    waiting = make_case(D(2024, 3, 27), now=today, description="五")
    third = make_case(D(2024, 3, 26), now=today, description="六")
    with at(today):
        services.assign(actor=officer, application=mine, assignee=officer)
        services.request_correction(actor=officer, application=waiting, what_to_correct="x")
        services.third_party_consultation_start(actor=officer, application=third, kind="third_party",
                                    party_name="演示方")

    def ids(queue):
        return set(selectors.staff_queue(officer, queue, today=today).values_list("pk", flat=True))

    assert ids("new") == {new.pk, soon.pk, late.pk}
    assert ids("mine") == {mine.pk}
    assert ids("due_soon") == {soon.pk}
    assert ids("overdue") == {late.pk}
    assert ids("waiting_applicant") == {waiting.pk}
    assert ids("waiting_third_party") == {third.pk}
    counts = selectors.queue_counts(officer, today=today)
    assert counts["open"] == 6 and counts["overdue"] == 1
    ordered = list(selectors.staff_queue(officer, "open", today=today))
    assert ordered[0] == late  # soonest due first
    pairs = selectors.with_days_left(ordered, today)
    assert dict((a.pk, left) for a, left in pairs)[soon.pk] == 1


def test_other_agency_sees_nothing(make_case, other_officer, public_user):
    make_case(D(2024, 3, 1))
    for user in (other_officer, public_user):
        for queue in selectors.QUEUES:
            assert not selectors.staff_queue(user, queue).exists()
    case = Application.objects.get()
    assert selectors.application_get(other_officer, case.pk) is None


def test_masked_applicant(make_case):
    shown = selectors.masked_applicant(make_case(D(2024, 3, 1)))
    assert shown == selectors.MaskedApplicant("演**三", "110105********002X", "138****0000")


def test_status_view_needs_matching_code(agency, at):
    with at(D(2025, 6, 3)):
        sub = services.submit_online(agency=agency, **person())
    number = sub.application.case_number
    assert selectors.application_for_applicant(number, "") is None
    assert selectors.application_for_applicant(number, "WRONG") is None
    assert selectors.application_for_applicant("YSQ-2025-000999", sub.access_code) is None
    found = selectors.application_for_applicant(number.lower(), f" {sub.access_code.lower()} ")
    assert found == sub.application
    with at(D(2025, 6, 10)):
        status = selectors.public_status(found)
    assert status.due_on == D(2025, 7, 1)  # 31 May–2 Jun 2025 off and status.working_days_elapsed == 5
    assert [n.kind for n in status.notices] == []  # not rendered yet: nothing to show


def test_suggest_records_uses_public_catalogue_only(agency, editor):
    from gongkai.catalogue.services import record_approve, record_create, record_submit
    from gongkai.core.models import Role
    from tests.factories import record_fields, staff

    reviewer = staff(Role.REVIEWER, agency, "rev")
    public = record_create(actor=editor, agency=agency, **record_fields(title="政务公开工作要点"))
    record_submit(actor=editor, record=public)
    record_approve(actor=reviewer, record=public)
    record_create(actor=editor, agency=agency, **record_fields(title="政务公开草稿要点"))
    titles = [r.title for r in selectors.suggest_records("政务公开", agency_id=agency.pk)]
    assert titles == ["政务公开工作要点"]
