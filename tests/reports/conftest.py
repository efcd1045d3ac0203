import datetime as dt
import itertools

import pytest

from gongkai.applications.models import Application, Review
from gongkai.core.models import Role
from tests.factories import staff

_serial = itertools.count(1)


def make_case(agency, *, received, closed=None, reply_type="", reason="",
              applicant="natural_person", category="", department=None, due=None):
    """One application with only the facts the report reads (bulk-friendly, unsaved)."""
    n = next(_serial)
    return Application(
        agency=agency, department=department, case_number=f"T{n:07d}",
        applicant_type=applicant, organisation_category=category,
        applicant_name="测试申请人", description="测试", channel="online",
        received_on=received, clock_start_on=received,
        due_on=due or received + dt.timedelta(days=28),
        status="replied" if closed else "in_progress", reply_type=reply_type,
        reply_type_reason=reason, closed_on=closed, replied_on=closed)


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


TABLE_2_FIGURES = {"二/licensing/decisions": "17", "二/penalty/decisions": "3",
                   "二/coercion/decisions": "0", "二/fees/amount": "0"}


def finish_report(report, actor, **figures):
    """Fill what a new draft leaves open (table 二's figures, the 五 and 六 prompts), so
    that publishing is refused only for what a test sets up."""
    from gongkai.reports import services

    for cell, value in {**TABLE_2_FIGURES, **figures}.items():
        services.figure_set(actor=actor, agency=report.agency, year=report.year, cell=cell,
                            value=value, source="业务系统统计")
    return services.report_update(actor=actor, report=report, overview=report.overview,
                                  problems="政策解读形式还不够丰富。", other_matters="无。")
