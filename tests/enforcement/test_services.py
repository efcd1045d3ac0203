"""Decisions: recording, publication through the catalogue's gate, withdrawal, take-down,
reminders; each transition and each refusal."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import Record, RecordStatus
from gongkai.catalogue.services import PublicationHeld
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition
from gongkai.enforcement import selectors, services
from gongkai.enforcement.models import Decision, DecisionStatus, DecisionTransitionError
from tests.enforcement.factories import decision

D = dt.date
pytestmark = pytest.mark.django_db


def test_record_stores_the_limit_and_audits(agency, enforcer):
    found = services.decision_record(
        actor=enforcer, agency=agency, category="licence", decided_on=D(2025, 9, 26),
        document_number="沪司许决[2025]7号", party_type="legal_person", party_name="上海明理律师事务所",
        facts="申请设立分所。", basis="《中华人民共和国律师法》第十九条", decision="准予设立。",
        today=D(2025, 9, 26))
    assert found.status == DecisionStatus.RECORDED
    assert found.document_number == "沪司许决〔2025〕7号"  # canonical brackets
    assert found.publish_by == D(2025, 10, 13)
    assert AuditEvent.objects.filter(verb="enforcement.record", object_id=str(found.pk)).exists()
    assert found.events.get().verb == "record"


def test_bad_input_is_refused_field_by_field(agency, enforcer):
    with pytest.raises(ValidationError) as caught:
        services.decision_record(actor=enforcer, agency=agency, category="fine",
                                 decided_on=D(2025, 12, 2), document_number="第三号文",
                                 party_name="", facts="x", basis="y", decision="z",
                                 today=D(2025, 12, 1))
    errors = caught.value.message_dict
    assert errors["decided_on"] == ["决定日期不能晚于今天。"]
    assert "category" in errors and "party" in errors and "document_number" in errors
    assert not Decision.objects.exists()


def test_a_document_number_is_recorded_once(agency):
    first = decision(agency)
    with pytest.raises(ValidationError, match="已登记"):
        services.decision_record(actor=None, agency=agency, category="penalty",
                                 decided_on=first.decided_on, document_number=first.document_number,
                                 party_name="甲", facts="x", basis="y", decision="z",
                                 today=D(2026, 1, 1))


def test_only_the_agencys_editors_record(agency, officer_b):
    with pytest.raises(PermissionDeniedError):
        services.decision_record(
            actor=officer_b, agency=agency, category="penalty", decided_on=D(2025, 1, 2),
            document_number="沪司罚决〔2025〕99号", party_name="甲", facts="x", basis="y",
            decision="z", today=D(2025, 2, 1))


def test_publish_on_time_makes_a_public_catalogue_record(agency, enforcer):
    found = decision(agency, decided_on=D(2025, 9, 26))
    published = services.decision_publish(actor=enforcer, decision=found, today=D(2025, 10, 13))
    assert published.status == DecisionStatus.PUBLISHED
    assert not published.published_late and published.late_working_days == 0
    record = Record.objects.get(pk=published.record_id)
    assert record.status == RecordStatus.PUBLISHED and record.is_public
    assert "上海明理律师事务所" in record.current_version.body
    assert published.take_down_on == D(2030, 10, 13)


def test_late_publication_is_recorded_and_counted(agency):
    found = decision(agency, decided_on=D(2025, 9, 26))
    late = services.decision_publish(actor=None, decision=found, today=D(2025, 10, 15))
    assert late.published_late and late.late_working_days == 2
    on_time = decision(agency, category="coercion", decided_on=D(2025, 1, 23))
    services.decision_publish(actor=None, decision=on_time, today=D(2025, 2, 26))
    figures = selectors.year_figures(agency.pk, 2025)
    assert (figures.published, figures.published_late) == (2, 1)
    assert figures.by_category["penalty"] == 1 and figures.by_category["coercion"] == 1


def test_a_natural_person_is_masked_everywhere_the_public_reads(agency):
    found = decision(agency, party_type="natural_person", party_name="欧阳明",
                     facts="欧阳明律师同时在两个律师事务所执业。", decision_text="给予欧阳明警告。")
    published = services.decision_publish(actor=None, decision=found, today=D(2025, 10, 1))
    body = Record.objects.get(pk=published.record_id).current_version.body
    assert "欧阳明" not in body and "欧阳某" in body
    assert published.take_down_on == D(2027, 10, 1)  # two years for a natural person


def test_the_confidentiality_scan_blocks_an_id_number(agency):
    found = decision(agency, party_type="natural_person", party_name="张伟",
                     facts="当事人张伟（身份证号310101199001011234，电话13912345678）无证执业。")
    with pytest.raises(PublicationHeld) as caught:
        services.decision_publish(actor=None, decision=found, today=D(2025, 10, 1))
    assert "未发布" in caught.value.messages[0]
    found.refresh_from_db()
    assert found.status == DecisionStatus.RECORDED and found.record_id is None
    assert not Record.objects.exists()


def test_a_decision_about_a_minor_is_never_published(agency):
    found = decision(agency, party_type="natural_person", party_name="李小明", party_is_minor=True)
    with pytest.raises(ValidationError, match="未成年人"):
        services.decision_publish(actor=None, decision=found, today=D(2025, 10, 1))


def test_publishing_twice_is_an_invalid_transition(agency):
    found = services.decision_publish(actor=None, decision=decision(agency), today=D(2025, 10, 1))
    with pytest.raises(DecisionTransitionError) as caught:
        services.decision_publish(actor=None, decision=found, today=D(2025, 10, 2))
    assert isinstance(caught.value, InvalidTransition)
    assert "已公开" in caught.value.message


def test_withdrawal_within_three_working_days_shows_the_reason(agency, client):
    found = services.decision_publish(actor=None, decision=decision(agency, decided_on=D(2025, 9, 1)),
                                      today=D(2025, 9, 3))
    withdrawn = services.decision_withdraw(
        actor=None, decision=found, change_kind="revoked", reason="经行政复议予以撤销。",
        changed_on=D(2025, 9, 30), today=D(2025, 10, 11))
    assert withdrawn.status == DecisionStatus.WITHDRAWN
    assert withdrawn.withdraw_by == D(2025, 10, 11) and not withdrawn.withdrawn_late
    record = Record.objects.get(pk=withdrawn.record_id)
    assert record.status == RecordStatus.WITHDRAWN and not record.is_public
    assert "经行政复议予以撤销" in record.withdrawn_reason
    page = client.get(f"/{agency.slug}/enforcement/decisions/").content.decode()
    assert "经行政复议予以撤销。" in page and withdrawn.document_number in page
    assert client.get(f"/{agency.slug}/enforcement/decisions/{withdrawn.pk}/").status_code == 404
    # Still in the staff archive, with its history.
    assert [e.verb for e in withdrawn.events.all()] == ["record", "publish", "change_record",
                                                        "withdraw"]


def test_late_withdrawal_is_counted(agency):
    found = services.decision_publish(actor=None, decision=decision(agency, decided_on=D(2025, 3, 3)),
                                      today=D(2025, 3, 4))
    services.decision_change_record(actor=None, decision=found, change_kind="unlawful",
                                    reason="法院判决确认违法。", changed_on=D(2025, 3, 3),
                                    today=D(2025, 3, 3))
    late = services.decision_withdraw(actor=None, decision=found, today=D(2025, 3, 7))
    assert late.withdraw_by == D(2025, 3, 6) and late.withdrawn_late
    assert selectors.year_figures(agency.pk, 2025).withdrawn_late == 1


def test_withdrawal_needs_a_reason_and_a_published_decision(agency):
    recorded = decision(agency)
    with pytest.raises(DecisionTransitionError):
        services.decision_withdraw(actor=None, decision=recorded, change_kind="revoked",
                                   reason="撤销。", changed_on=D(2025, 10, 1), today=D(2025, 10, 1))
    published = services.decision_publish(actor=None, decision=recorded, today=D(2025, 10, 1))
    with pytest.raises(ValidationError, match="请先登记"):
        services.decision_withdraw(actor=None, decision=published, today=D(2025, 10, 2))
    with pytest.raises(ValidationError):
        services.decision_withdraw(actor=None, decision=published, change_kind="revoked",
                                   reason=" ", changed_on=D(2025, 10, 2), today=D(2025, 10, 2))


def test_take_down_after_the_publicity_period_keeps_the_archive(agency):
    person = services.decision_publish(actor=None, decision=decision(
        agency, party_type="natural_person", party_name="张伟"), today=D(2025, 10, 1))
    company = services.decision_publish(actor=None, decision=decision(agency), today=D(2025, 10, 1))
    assert services.take_down_due(D(2027, 9, 30)) == 0
    assert services.take_down_due(D(2027, 10, 1)) == 1
    person.refresh_from_db()
    company.refresh_from_db()
    assert person.status == DecisionStatus.TAKEN_DOWN and person.taken_down_on == D(2027, 10, 1)
    assert company.status == DecisionStatus.PUBLISHED
    assert not Record.objects.get(pk=person.record_id).is_public
    assert selectors.public_decisions(agency_id=agency.pk).count() == 1
    assert Decision.objects.filter(pk=person.pk).exists()  # the staff archive
    with pytest.raises(ValidationError, match="尚未届满"):
        services.decision_take_down(actor=None, decision=company, today=D(2027, 10, 1))


def test_take_down_and_reminders_are_daily_jobs(agency):
    from gongkai.jobs.registry import PERIODIC

    declared = {p.name: p.at for p in PERIODIC}
    assert declared["enforcement.take_down"] == dt.time(1, 20)
    assert declared["enforcement.reminders"] == dt.time(8, 10)


def test_reminders_once_a_day_before_and_after_the_limit(agency, enforcer):
    due_soon = decision(agency, decided_on=D(2025, 9, 26))  # publish_by 13 Oct
    decision(agency, category="other", decided_on=D(2025, 9, 26))  # publish_by later
    assert services.send_reminders(D(2025, 10, 1)) == {"publish": 0, "withdraw": 0}
    # Thu 9 Oct + 2 working days = Sat 11 Oct (before 13 Oct): nothing; Fri 10 Oct + 2 = 13 Oct.
    assert services.send_reminders(D(2025, 10, 9)) == {"publish": 0, "withdraw": 0}
    assert services.send_reminders(D(2025, 10, 10)) == {"publish": 1, "withdraw": 0}
    assert len(mail.outbox) == 1 and due_soon.document_number in mail.outbox[0].subject
    assert enforcer.email in mail.outbox[0].to
    assert services.send_reminders(D(2025, 10, 10)) == {"publish": 0, "withdraw": 0}
    assert services.send_reminders(D(2025, 10, 14))["publish"] == 1  # overdue: every day
    assert "已逾期" in mail.outbox[-1].body


def test_calendar_change_moves_unpublished_limits(agency, client, platform_admin,
                                                  django_capture_on_commit_callbacks):
    from django.urls import reverse

    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import JOBS

    found = decision(agency, decided_on=D(2026, 11, 20))  # Fri + 7 working days → Tue 1 Dec
    published = services.decision_publish(actor=None, decision=decision(
        agency, decided_on=D(2026, 11, 20)), today=D(2026, 11, 24))
    assert found.publish_by == D(2026, 12, 1)
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:calendar_day", kwargs={"year": 2026}),
                    {"date": "2026-11-30", "kind": "holiday", "name": "演示调休"})
    run = JobRun.objects.get(name="workdays.recalculate_deadlines")
    result = JOBS["workdays.recalculate_deadlines"].call(run_id=run.pk)
    assert result["moved"]["enforcement"] == 1
    found.refresh_from_db()
    assert found.publish_by == D(2026, 12, 2)
    assert "2026-11-30设为休息日" in found.events.last().comment
    published.refresh_from_db()
    assert published.publish_by == D(2026, 12, 1)  # a published decision keeps its record


def test_the_take_down_job_runs_daily(agency):
    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import JOBS, job_enqueue

    services.decision_publish(actor=None, decision=decision(
        agency, party_type="natural_person", party_name="张伟"), today=D(2024, 1, 5))
    run = job_enqueue("enforcement.take_down", key="test")
    assert JOBS["enforcement.take_down"].call(run_id=run.pk) == {"taken_down": 1}
    assert JobRun.objects.get(pk=run.pk).status == "succeeded"
