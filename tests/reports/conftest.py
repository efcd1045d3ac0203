import datetime as dt
import itertools

import pytest

from gongkai.applications.models import Application, Review
from gongkai.core.models import Role
from tests.factories import staff

_serial = itertools.count(1)


def make_case(agency, *, received, closed=None, outcome="", reason="",
              applicant="natural_person", category="", department=None, due=None):
    """One application with only the facts the report reads (bulk-friendly, unsaved)."""
    n = next(_serial)
    return Application(
        agency=agency, department=department, case_number=f"T{n:07d}",
        applicant_type=applicant, organisation_category=category,
        applicant_name="测试申请人", description="测试", channel="online",
        received_on=received, clock_start_on=received,
        due_on=due or received + dt.timedelta(days=28),
        status="replied" if closed else "in_progress", outcome=outcome,
        outcome_reason=reason, closed_on=closed, replied_on=closed)


def save_cases(cases):
    return Application.objects.bulk_create(cases, batch_size=2000)


def add_review(application, kind, outcome="pending", filed=None, decided=None):
    return Review.objects.create(application=application, kind=kind, outcome=outcome,
                                 filed_on=filed or dt.date(2025, 3, 1), decided_on=decided)


@pytest.fixture
def officer(agency):
    return staff(Role.DISCLOSURE_OFFICER, agency, "officer1")


@pytest.fixture
def other_officer(other_agency):
    return staff(Role.DISCLOSURE_OFFICER, other_agency, "officer2")


@pytest.fixture
def head(agency):
    return staff(Role.DEPARTMENT_HEAD, agency, "head1")
