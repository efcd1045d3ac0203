"""The public-intake kit (gongkai/core/intake.py): one rate-limit helper for every public
form and endpoint, the honeypot, access codes derived from idempotency keys, case numbers
per agency, kind and year (and the carry-over of the applications' counter), the status
look-up that answers a wrong code like an unknown case, and the workflow error base."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from gongkai.core import intake
from gongkai.core.models import Agency, CaseCounter

ROOT = Path(__file__).resolve().parents[2] / "gongkai"


def test_one_rate_limit_implementation():
    """Every public form and endpoint goes through the kit: nothing else calls
    django-ratelimit, and no app keeps a rate constant of its own."""
    users = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                   if "django_ratelimit" in p.read_text(encoding="utf-8"))
    assert users == ["core/intake.py"]
    for path in ROOT.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "_RATE = \"" not in source, path


@pytest.mark.django_db
def test_rate_limit_counts_per_group_and_can_be_switched_off(settings):
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"qa.feedback": "2/h"}
    factory = RequestFactory()

    def request(address: str = "203.0.113.5"):
        return factory.post("/x", REMOTE_ADDR=address)

    assert [intake.is_limited(request(), "qa.feedback") for _ in range(3)] == [False, False, True]
    assert not intake.is_limited(request("198.51.100.1"), "qa.feedback")  # per address
    assert not intake.is_limited(request(), "accounts.register")  # per group
    with pytest.raises(intake.RateLimited) as raised:
        intake.check_rate(request(), "qa.feedback")
    assert raised.value.message == intake.RATE_LIMITED_MESSAGE
    settings.RATELIMIT_ENABLE = False  # GONGKAI_RATELIMIT=0
    assert not intake.is_limited(request(), "qa.feedback")
    with pytest.raises(KeyError):
        intake.rate_for("no.such.group")


def test_rate_setting_is_read_from_the_environment(monkeypatch):
    import importlib

    import gongkai.settings as module

    monkeypatch.setenv("GONGKAI_RATELIMIT_RATES", "applications.submit=5/h, qa.feedback=1/m")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.GONGKAI_RATELIMIT_RATES == {"applications.submit": "5/h",
                                                    "qa.feedback": "1/m"}
    finally:
        monkeypatch.delenv("GONGKAI_RATELIMIT_RATES")
        importlib.reload(module)


@pytest.mark.django_db
def test_rate_limited_page_decorator_answers_429_in_chinese(settings):
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"signing.verify": "1/h"}
    calls = []

    @intake.rate_limit("signing.verify")
    def view(request):
        from django.http import HttpResponse

        calls.append(request.method)
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200  # reading is not counted
    assert view(factory.get("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    limited = view(factory.post("/"))
    assert limited.status_code == 429
    assert "请稍后再试" in limited.content.decode()
    assert calls == ["GET", "GET", "POST"]


@pytest.mark.django_db
def test_api_operations_answer_429_through_the_kit(client, agency, settings):
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"signing.verify": "1/h"}
    body = {"digest": "0" * 64}
    first = client.post("/api/v1/verify/digest", body, content_type="application/json")
    second = client.post("/api/v1/verify/digest", body, content_type="application/json")
    assert first.status_code == 200
    assert second.status_code == 429
    assert second.json()["error"] == {"code": "rate_limited", "fields": {},
                                      "message": intake.RATE_LIMITED_MESSAGE}


def test_honeypot():
    from django import forms

    class Form(intake.HoneypotFormMixin, forms.Form):
        name = forms.CharField()

    assert not Form({"name": "x", "website": ""}).is_spam
    assert Form({"name": "x", "website": "http://spam.example"}).is_spam
    assert not Form().is_spam
    assert "website" in Form().fields
    assert intake.honeypot_tripped({"website": " x "})
    assert not intake.honeypot_tripped({})


def test_access_code_from_key_is_stable_and_separated(settings):
    code = intake.access_code_for_key("applications", 1, "key-1")
    assert code == intake.access_code_for_key("applications", 1, "key-1")
    assert len(code) == intake.ACCESS_CODE_LENGTH
    assert set(code) <= set(intake.ACCESS_CODE_ALPHABET)
    others = {intake.access_code_for_key("comments", 1, "key-1"),
              intake.access_code_for_key("applications", 2, "key-1"),
              intake.access_code_for_key("applications", 1, "key-2")}
    assert code not in others
    assert intake.code_for_submission("applications", 1, "key-1") == code
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY
    assert intake.access_code_for_key("applications", 1, "key-1") != code
    stored = intake.hash_access_code(code)
    assert code not in stored
    assert intake.check_access_code(stored, code.lower()[:5] + " " + code.lower()[5:])
    assert not intake.check_access_code(stored, "WRONG")
    assert not intake.check_access_code("garbage", code)


def test_random_code_without_key():
    codes = {intake.code_for_submission("applications", 1, "") for _ in range(20)}
    assert len(codes) == 20


def test_fingerprint_depends_on_content_only():
    names = ("a", "b")
    assert intake.fingerprint({"a": 1, "b": "x", "c": "ignored"}, names) == \
        intake.fingerprint({"b": "x", "a": "1"}, names)
    assert intake.fingerprint({"a": 1}, names) != intake.fingerprint({"a": 2}, names)


@pytest.mark.django_db
def test_case_numbers_per_agency_kind_and_year(agency, other_agency):
    with transaction.atomic():
        serials = [intake.next_serial(agency, "applications", 2026),
                   intake.next_serial(agency, "applications", 2026),
                   intake.next_serial(agency, "comments", 2026),
                   intake.next_serial(agency, "applications", 2027),
                   intake.next_serial(other_agency, "applications", 2026)]
    assert serials == [1, 2, 1, 1, 1]
    assert intake.case_number("YSQ", 2026, 2) == "YSQ-2026-000002"
    try:
        with transaction.atomic():
            assert intake.next_serial(agency, "applications", 2026) == 3
            raise ValueError
    except ValueError:
        pass
    with transaction.atomic():  # a rolled-back case gives its number back
        assert intake.next_serial(agency, "applications", 2026) == 3


@pytest.mark.django_db(transaction=True)
def test_migration_carries_the_application_counter_over():
    from django.db.migrations.executor import MigrationExecutor


    executor = MigrationExecutor(connection)
    before = [("applications", "0004_reply_review"), ("core", "0001_initial")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    # The agency as the schema of that moment has it (later migrations add columns).
    old_agency = old_apps.get_model("core", "Agency").objects.create(
        slug="countermove", name="测试区司法局", short_name="测试局",
        organisation_code="000009999X", address="上海市测试路1号", phone="021-00000000")
    old_apps.get_model("applications", "ApplicationCounter").objects.create(
        agency_id=old_agency.pk, year=2026, last_serial=41)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    agency = Agency.objects.get(pk=old_agency.pk)
    counter = CaseCounter.objects.get(agency=agency, kind="applications", year=2026)
    assert counter.last_serial == 41
    with transaction.atomic():
        assert intake.next_serial(agency, "applications", 2026) == 42
    with pytest.raises(RuntimeError):  # outside a transaction the lock would not hold
        intake.next_serial(agency, "applications", 2026)


@pytest.mark.django_db
def test_status_lookup_answers_a_wrong_code_like_an_unknown_case(agency, monkeypatch):
    from gongkai.applications import services
    from gongkai.applications.models import Application
    from tests.applications.conftest import person

    submission = services.submit_online(agency=agency, idempotency_key="k", **person())
    number = submission.application.case_number
    cases = Application.objects.all()
    assert intake.find_case(cases, number.lower() + " ", submission.access_code) == \
        submission.application
    checks: list[str] = []
    real = intake.check_access_code
    monkeypatch.setattr(intake, "check_access_code",
                        lambda stored, code: checks.append(stored) or real(stored, code))
    assert intake.find_case(cases, number, "WRONGCODE2") is None
    assert intake.find_case(cases, "YSQ-2099-000001", "WRONGCODE2") is None
    # The same work for both: one hash comparison each.
    assert len(checks) == 2 and checks[1] == intake._DUMMY_HASH


@pytest.mark.django_db
def test_status_lookup_is_rate_limited(agency, settings):
    from gongkai.applications.models import Application

    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"applications.status": "1/h"}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert intake.status_lookup(request, Application.objects.all(), "X", "Y",
                                group="applications.status") is None
    with pytest.raises(intake.RateLimited):
        intake.status_lookup(request, Application.objects.all(), "X", "Y",
                             group="applications.status")


def test_replay_window():
    from types import SimpleNamespace

    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    code = intake.access_code_for_key("applications", 7, "key")
    case = SimpleNamespace(agency_id=7, submitted_at=now, access_code_hash=intake.hash_access_code(code))
    assert intake.replayed_code(case, "applications", "key", now=now + dt.timedelta(hours=23)) == code
    assert intake.replayed_code(case, "applications", "key", now=now + dt.timedelta(hours=25)) is None
    assert intake.replayed_code(case, "comments", "key", now=now) is None


def test_workflow_errors_share_one_base():
    from gongkai.applications.workflow import InvalidTransition
    from gongkai.core.workflow import InvalidTransition as Base

    error = InvalidTransition("replied", "assign")
    assert isinstance(error, Base)
    assert "已答复" in error.message and "分办" in error.message
    assert Base().message == "当前状态不允许执行此操作。"
    from gongkai.catalogue.workflow import InvalidTransition as RecordTransition
    from gongkai.qa.workflow import InvalidTransition as QuestionTransition

    assert issubclass(RecordTransition, Base) and issubclass(QuestionTransition, Base)
