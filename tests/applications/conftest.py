"""Fixtures for application tests: officers of the bureau and of another agency, valid
applicant data, and a helper that registers a case on a given day."""

import datetime as dt

import pytest
import time_machine

from gongkai.core.models import Role
from tests.factories import DepartmentFactory, staff

# A valid mainland ID (GB 11643 check digit) and credit code (GB 32100), both fictitious.
VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91110000802100433B"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    """Mail to the in-memory outbox; a cheap password hasher (staff are created per test
    and Argon2 dominates setup on a shared machine)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(agency):
    return staff(Role.DISCLOSURE_OFFICER, agency, "officer1")


@pytest.fixture
def head(agency):
    return staff(Role.DEPARTMENT_HEAD, agency, "head1")


@pytest.fixture
def other_officer(other_agency):
    return staff(Role.DISCLOSURE_OFFICER, other_agency, "officer2")


@pytest.fixture
def department(agency):
    return DepartmentFactory(agency=agency, name="政务公开办公室")


def person(**overrides):
    fields = {
        "applicant_type": "natural_person", "applicant_name": "演示张三",
        "id_type": "resident_id", "id_number": VALID_ID, "phone": "13800000000",
        "email": "zhangsan@example.com", "address": "上海市演示路1号",
        "description": "请公开《上海市司法局2020年政务公开工作要点》全文",
        "delivery_form": "electronic", "receipt_method": "email",
    }
    fields.update(overrides)
    return fields


def organisation(**overrides):
    fields = {
        "applicant_type": "organisation", "organisation_category": "legal_service",
        "applicant_name": "演示律师事务所", "credit_code": VALID_CREDIT_CODE,
        "contact_name": "演示李四", "phone": "021-12345678", "address": "上海市演示路2号",
        "description": "请公开2023年律师事务所年度检查考核结果", "receipt_method": "post",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_case(agency, officer):
    """Register a case received on ``on`` (the clock is frozen at ``now`` or ``on``)."""
    from gongkai.applications import services

    def make(on: dt.date, channel: str = "in_person", now: dt.date | None = None, **fields):
        with time_machine.travel(dt.datetime.combine(now or on, dt.time(10)), tick=False):
            return services.register(actor=officer, agency=agency, channel=channel,
                                     received_on=on, **person(**fields)).application

    return make


@pytest.fixture
def at():
    """``with at(date):`` freezes local time at 10:00 that day."""

    def travel(day: dt.date):
        return time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False)

    return travel


@pytest.fixture
def send_reply(head):
    """Send a reply as the office does: directly, or — a reply type under 审核 — submitted
    by the officer and approved by the department head (``reply_review``)."""
    from gongkai.applications import reply_review, services

    def send(*, actor, application, reply_type, replied_on=None, **kwargs):
        if not reply_review.needs_review(application.agency_id, reply_type):
            return services.reply(actor=actor, application=application, reply_type=reply_type,
                                  replied_on=replied_on, **kwargs)
        services.reply_submit_for_review(actor=actor, application=application, reply_type=reply_type,
                                         **kwargs)
        return services.reply_review_approve(actor=head, application=application,
                                             replied_on=replied_on)

    return send
