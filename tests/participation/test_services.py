import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.core.policies import PermissionDeniedError
from gongkai.participation import jobs, selectors, services
from gongkai.participation.models import (
    Answer,
    IdeaStatus,
    Registration,
    RegistrationStatus,
    SurveyBallot,
    SurveyResponse,
)
from gongkai.participation.services import QuestionSpec
from gongkai.participation.workflow import (
    AlreadyAnswered,
    AlreadyRegistered,
    CheckinRefused,
    ParticipationRefused,
    SurveyClosed,
)
from tests.factories import AgencyFactory, staff
from tests.participation.factories import open_day, questions, survey_with_questions

pytestmark = pytest.mark.django_db


def _answers(qs, bus=True):
    q1, q2, q3, q4, q5 = qs
    raw = {q1.pk: "0" if bus else "1", q3.pk: "4", q4.pk: {"0": "0", "1": "2"}, q5.pk: "多开夜班车"}
    if bus:
        raw[q2.pk] = ["0", "2"]
    return raw


# Surveys ------------------------------------------------------------------------------

def test_survey_numbers_per_agency_and_audit(agency, editor):
    s1 = survey_with_questions(agency, editor, publish=False)
    s2 = survey_with_questions(agency, editor, publish=False)
    assert (s1.number, s2.number) == (1, 2)
    assert AuditEvent.objects.filter(verb="participation.survey_create").count() == 2


def test_other_agency_staff_refused(agency, editor):
    outsider = staff("editor", AgencyFactory())
    with pytest.raises(PermissionDeniedError):
        survey_with_questions(agency, outsider)


def test_question_validation(agency, editor):
    survey = survey_with_questions(agency, editor, publish=False)
    with pytest.raises(ValidationError) as err:
        services.question_add(actor=editor, survey=survey,
                              spec=QuestionSpec("single", "只有一个选项", options=["唯一"]))
    assert "options" in err.value.message_dict
    text_q = questions(survey)[-1]
    with pytest.raises(ValidationError) as err:
        services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
            "text", "条件引用文字题", show_if=text_q, show_if_option=0))
    assert "show_if" in err.value.message_dict


def test_published_survey_questions_frozen(agency, editor):
    survey = survey_with_questions(agency, editor)
    with pytest.raises(ParticipationRefused):
        services.question_add(actor=editor, survey=survey, spec=QuestionSpec("text", "再加一题"))


def test_response_conditional_question_dropped_when_not_shown(agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    raw = _answers(qs, bus=False)
    raw[qs[1].pk] = ["1"]  # answered a hidden question: ignored, not stored
    response, created = services.response_submit(survey=survey, answers=raw)
    assert created
    assert not Answer.objects.filter(response=response, question=qs[1]).exists()
    assert Answer.objects.filter(response=response).count() == 5  # q1, q3, 2 matrix rows, q5


def test_response_required_and_bad_options(agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    with pytest.raises(ValidationError) as err:
        services.response_submit(survey=survey, answers={qs[0].pk: "7"})
    assert set(err.value.message_dict) == {f"q{qs[0].pk}", f"q{qs[2].pk}"}
    assert SurveyResponse.objects.count() == 0


def test_closed_and_scheduled_survey_refuse_and_store_nothing(agency, editor):
    survey = survey_with_questions(agency, editor, opens_in=-10, closes_in=-1)
    with pytest.raises(SurveyClosed) as err:
        services.response_submit(survey=survey, answers=_answers(questions(survey)))
    assert "已结束" in err.value.message
    later = survey_with_questions(agency, editor, opens_in=3, closes_in=9)
    with pytest.raises(SurveyClosed):
        services.response_submit(survey=later, answers=_answers(questions(later)))
    assert SurveyResponse.objects.count() == 0 and Answer.objects.count() == 0


def test_survey_opens_and_closes_on_schedule(agency, editor):
    survey = survey_with_questions(agency, editor, opens_in=1, closes_in=2)
    assert survey.phase == "scheduled"
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, hours=1)):
        assert survey.phase == "open"
        services.response_submit(survey=survey, answers=_answers(questions(survey)))
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert survey.phase == "closed"


def test_one_answer_per_person_keeps_no_identity(agency, editor):
    survey = survey_with_questions(agency, editor, one_per_person=True)
    raw = _answers(questions(survey))
    with pytest.raises(ParticipationRefused):
        services.response_submit(survey=survey, answers=raw)
    services.response_submit(survey=survey, answers=raw, voter="user:42")
    with pytest.raises(AlreadyAnswered):
        services.response_submit(survey=survey, answers=raw, voter="user:42")
    assert SurveyResponse.objects.count() == 1
    ballot = SurveyBallot.objects.get()
    # Only the keyed hash is kept (a random hex string may well contain "42": compare the
    # whole value, not a substring).
    assert ballot.voter_hash == services.voter_hash(survey, "user:42")
    assert ballot.voter_hash != "user:42" and len(ballot.voter_hash) == 64
    assert services.has_answered(survey, "user:42") and not services.has_answered(survey, "user:43")


def test_ballot_key_from_settings(agency, editor, settings):
    survey = survey_with_questions(agency, editor)
    first = services.voter_hash(survey, "user:1")
    settings.GONGKAI_PARTICIPATION_BALLOT_KEY = "another-key"
    assert services.voter_hash(survey, "user:1") != first


def test_contact_required_when_not_anonymous(agency, editor):
    survey = survey_with_questions(agency, editor, anonymous=False)
    raw = _answers(questions(survey))
    with pytest.raises(ValidationError) as err:
        services.response_submit(survey=survey, answers=raw, contact={"name": ""})
    assert {"name", "phone"} <= set(err.value.message_dict)
    response, _ = services.response_submit(survey=survey, answers=raw,
                                           contact={"name": "张三", "phone": "13800000000"})
    assert response.name == "张三"


def test_idempotent_retry(agency, editor):
    survey = survey_with_questions(agency, editor)
    raw = _answers(questions(survey))
    first, created = services.response_submit(survey=survey, answers=raw, idempotency_key="k1")
    again, created_again = services.response_submit(survey=survey, answers=raw, idempotency_key="k1")
    assert created and not created_again and first.pk == again.pk


def test_results_counted_in_database(agency, editor, django_assert_max_num_queries):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    for bus in (True, True, False):
        services.response_submit(survey=survey, answers=_answers(qs, bus=bus))
    with django_assert_max_num_queries(4):
        results = selectors.survey_results(survey)
    single, multiple, scale, matrix, text = results
    assert [(b.label, b.count) for b in single.bars] == [("是", 2), ("否", 1)]
    assert single.answered == 3 and multiple.answered == 2
    assert [b.count for b in multiple.bars] == [2, 0, 2]
    assert multiple.bars[0].share == 100.0
    assert scale.mean == 4.0 and [b.count for b in scale.bars] == [0, 0, 0, 3, 0]
    assert matrix.matrix[0][0] == "准点" and matrix.matrix[0][1][0].count == 3
    assert text.answered == 3


def test_results_published_only_after_close_and_chosen_questions(agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    with pytest.raises(ParticipationRefused):
        services.survey_results_publish(actor=editor, survey=survey, question_ids=[qs[0].pk])
    with time_machine.travel(survey.closes_at + dt.timedelta(minutes=1)):
        services.survey_results_publish(actor=editor, survey=survey,
                                        question_ids=[qs[0].pk, qs[2].pk], summary="总体满意")
    survey.refresh_from_db()
    assert survey.results_published
    public = selectors.survey_results(survey, public_only=True)
    assert [r.question.pk for r in public] == [qs[0].pk, qs[2].pk]


# Solicitations ------------------------------------------------------------------------

def _solicitation(agency, editor, days=10):
    now = timezone.now()
    s = services.solicitation_create(actor=editor, agency=agency, title="十五五规划建言",
                                     description="欢迎建言献策。",
                                     opens_at=now - dt.timedelta(days=1),
                                     closes_at=now + dt.timedelta(days=days))
    return services.solicitation_publish(actor=editor, solicitation=s)


def test_idea_submit_answer_and_public_list(agency, editor, django_capture_on_commit_callbacks):
    solicitation = _solicitation(agency, editor)
    idea, code, created = services.idea_submit(solicitation=solicitation, title="增加公园",
                                               text="建议在河边建公园。", name="李四",
                                               idempotency_key="idea-1")
    assert created and code and idea.case_number.startswith("ZJ-")
    again, code_again, created_again = services.idea_submit(
        solicitation=solicitation, title="增加公园", text="建议在河边建公园。", name="李四",
        idempotency_key="idea-1")
    assert again.pk == idea.pk and code_again == code and not created_again
    assert not selectors.ideas_public(solicitation).exists()
    services.idea_answer(actor=editor, idea=idea, answer="感谢建议,已纳入规划研究。")
    assert list(selectors.ideas_public(solicitation)) == [idea]
    sent, _c, _n = services.idea_submit(solicitation=solicitation, title="有邮箱", text="请回复",
                                        email="idea@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_answer(actor=editor, idea=sent, answer="已回复。")
    assert [m.to for m in mail.outbox] == [["idea@example.org"]]
    assert idea.check_access_code(code)


def test_idea_refused_when_closed_and_validated(agency, editor):
    solicitation = _solicitation(agency, editor)
    with pytest.raises(ValidationError):
        services.idea_submit(solicitation=solicitation, title="", text="")
    with time_machine.travel(solicitation.closes_at + dt.timedelta(seconds=1)):
        with pytest.raises(ParticipationRefused):
            services.idea_submit(solicitation=solicitation, title="晚了", text="晚到的意见")


def test_idea_decline(agency, editor):
    solicitation = _solicitation(agency, editor)
    idea, _code, _ = services.idea_submit(solicitation=solicitation, title="广告", text="广告内容")
    services.idea_decline(actor=editor, idea=idea, reason="与征集主题无关。")
    assert idea.status == IdeaStatus.NOT_PUBLISHED
    assert not selectors.ideas_public(solicitation).exists()


# Open days ----------------------------------------------------------------------------

def test_announcement_at_least_15_days_ahead(agency, editor):
    od = open_day(agency, editor, days=10, publish=False)
    with pytest.raises(ParticipationRefused) as err:
        services.open_day_publish(actor=editor, open_day=od)
    assert err.value.code == "announce_too_late" and "15" in err.value.message
    ok = open_day(agency, editor, days=16)
    assert ok.announced_at is not None


def test_waitlist_moves_up_on_cancel(agency, editor):
    od = open_day(agency, editor, capacity=1)
    first = services.registration_create(open_day=od, name="甲", phone="13800000001",
                                         email="a@example.org")
    second = services.registration_create(open_day=od, name="乙", phone="13800000002",
                                          email="b@example.org")
    assert not first.waitlisted and second.waitlisted and second.position == 1
    mail.outbox.clear()
    cancelled, promoted = services.registration_cancel(open_day=od, code=first.checkin_code)
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert promoted is not None and promoted.pk == second.registration.pk
    assert Registration.objects.get(pk=second.registration.pk).status == RegistrationStatus.CONFIRMED


def test_registering_twice_refused(agency, editor):
    od = open_day(agency, editor)
    services.registration_create(open_day=od, name="甲", phone="138-0000-0001")
    with pytest.raises(AlreadyRegistered):
        services.registration_create(open_day=od, name="甲", phone="13800000001")


def test_registration_validation(agency, editor):
    od = open_day(agency, editor)
    with pytest.raises(ValidationError) as err:
        services.registration_create(open_day=od, name="", phone="12", email="bad")
    assert {"name", "phone", "email"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError) as err:
        services.registration_create(open_day=od, name="甲")
    assert "phone" in err.value.message_dict


def test_checkin_refuses_forged_reused_waitlisted_wrong_day(agency, editor):
    od = open_day(agency, editor, capacity=1)
    ok = services.registration_create(open_day=od, name="甲", phone="13800000001")
    wait = services.registration_create(open_day=od, name="乙", phone="13800000002")
    on_the_day = od.starts_at + dt.timedelta(minutes=5)
    with pytest.raises(CheckinRefused) as err:
        services.checkin(actor=editor, code=ok.checkin_code, agency_ids=None)
    assert err.value.code == "wrong_day"
    with pytest.raises(CheckinRefused) as err:
        services.checkin(actor=editor, code="ABCDEFGH", agency_ids=None, now=on_the_day)
    assert err.value.code == "unknown_code"
    with pytest.raises(CheckinRefused) as err:
        services.checkin(actor=editor, code=wait.checkin_code, agency_ids=None, now=on_the_day)
    assert err.value.code == "waitlisted"
    registration = services.checkin(actor=editor, code=ok.checkin_code.lower(), agency_ids=None,
                                    now=on_the_day)
    assert registration.checked_in_at == on_the_day
    with pytest.raises(CheckinRefused) as err:
        services.checkin(actor=editor, code=ok.checkin_code, agency_ids=None, now=on_the_day)
    assert err.value.code == "already_checked_in"
    other = staff("editor", AgencyFactory())
    with pytest.raises(CheckinRefused):  # another agency's staff do not know the code
        services.checkin(actor=other, code=wait.checkin_code, agency_ids=[other.memberships.get().agency_id],
                         now=on_the_day)


def test_reminders_job_once_before_the_day(agency, editor, django_capture_on_commit_callbacks):
    od = open_day(agency, editor, days=16)
    services.registration_create(open_day=od, name="甲", email="a@example.org")
    services.registration_create(open_day=od, name="乙", phone="13800000002")  # no e-mail
    mail.outbox.clear()
    assert services.send_reminders() == {"reminded": 0}
    with time_machine.travel(od.starts_at - dt.timedelta(days=1)), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == {"reminded": 1}
        assert services.send_reminders() == {"reminded": 0}
    assert [m.subject for m in mail.outbox] == ["活动提醒:走进司法局"]
    assert jobs.reminders_job is not None


def test_record_only_after_the_day(agency, editor):
    od = open_day(agency, editor)
    with pytest.raises(ParticipationRefused):
        services.open_day_record_publish(actor=editor, open_day=od, summary="活动顺利。")
    with time_machine.travel(od.ends_at + dt.timedelta(hours=1)):
        services.open_day_record_publish(actor=editor, open_day=od, summary="活动顺利。")
    assert od.record_published_at is not None


def test_target_warns_from_september(agency, editor):
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        open_day(agency, editor, days=20)
        [row] = selectors.open_day_targets(editor)
        assert (row.held, row.scheduled, row.target, row.behind, row.warn) == (0, 1, 3, True, False)
    with time_machine.travel(dt.datetime(2026, 9, 2, 10, tzinfo=dt.UTC)):
        [row] = selectors.open_day_targets(editor)
        assert (row.held, row.warn) == (1, True)


def test_capacity_increase_promotes(agency, editor):
    od = open_day(agency, editor, capacity=1)
    services.registration_create(open_day=od, name="甲", phone="13800000001")
    wait = services.registration_create(open_day=od, name="乙", phone="13800000002")
    services.open_day_set_capacity(actor=editor, open_day=od, capacity=2)
    assert Registration.objects.get(pk=wait.registration.pk).status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_no_overbooking_under_concurrency(agency, editor):
    od = open_day(agency, editor, capacity=3)
    errors = []

    def register(i):
        try:
            services.registration_create(open_day=od, name=f"人{i}", phone=f"1390000{i:04d}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if connection.vendor == "sqlite":
        # SQLite serialises writers; a thread may lose the race to "database is locked".
        errors = [e for e in errors if "locked" not in str(e)]
    assert not errors
    registered = Registration.objects.filter(open_day=od)
    confirmed = registered.filter(status=RegistrationStatus.CONFIRMED).count()
    # Never more than the places; every place taken while people are waiting. (On SQLite a
    # thread may have lost the race to "locked" and registered nothing at all.)
    assert confirmed == min(3, registered.count())
    if connection.vendor != "sqlite":
        assert registered.count() == 8


def test_survey_update_rules_and_withdraw(agency, editor):
    survey = survey_with_questions(agency, editor, publish=False)
    services.survey_update(actor=editor, survey=survey, title="改名后的调查")
    with pytest.raises(ValidationError):
        services.survey_update(actor=editor, survey=survey, closes_at=survey.opens_at)
    services.survey_publish(actor=editor, survey=survey)
    with pytest.raises(ParticipationRefused):
        services.survey_update(actor=editor, survey=survey, title="发布后改名")
    services.survey_update(actor=editor, survey=survey,
                           closes_at=survey.closes_at + dt.timedelta(days=1))
    services.survey_withdraw(actor=editor, survey=survey, reason="重复发布")
    assert survey.phase == "withdrawn"
    with pytest.raises(SurveyClosed):
        services.response_submit(survey=survey, answers=_answers(questions(survey)))
    with pytest.raises(ParticipationRefused):
        services.survey_withdraw(actor=editor, survey=survey)


def test_publish_refusals(agency, editor):
    now = timezone.now()
    empty = services.survey_create(actor=editor, agency=agency, title="空调查",
                                   opens_at=now, closes_at=now + dt.timedelta(days=1))
    with pytest.raises(ParticipationRefused):
        services.survey_publish(actor=editor, survey=empty)
    with pytest.raises(ValidationError):
        services.survey_create(actor=editor, agency=agency, title="", opens_at=now,
                               closes_at=now - dt.timedelta(days=1))


def test_open_day_cancel_tells_registrants(agency, editor, django_capture_on_commit_callbacks):
    od = open_day(agency, editor)
    services.registration_create(open_day=od, name="甲", email="a@example.org")
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.open_day_cancel(actor=editor, open_day=od, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_day_cancel(actor=editor, open_day=od, reason="场馆检修")
    assert [m.subject for m in mail.outbox] == ["活动取消通知:走进司法局"]
    with pytest.raises(ParticipationRefused):
        services.registration_create(open_day=od, name="乙", phone="13800000002")


def test_open_day_validation(agency, editor):
    starts = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as err:
        services.open_day_create(actor=editor, agency=agency, theme="", starts_at=starts,
                                 ends_at=starts, capacity=0)
    assert {"theme", "ends_at", "place", "capacity"} <= set(err.value.message_dict)


def test_cancel_with_unknown_code_and_after_start(agency, editor):
    od = open_day(agency, editor)
    result = services.registration_create(open_day=od, name="甲", phone="13800000001")
    with pytest.raises(CheckinRefused):
        services.registration_cancel(open_day=od, code="AAAAAAAA")
    with time_machine.travel(od.starts_at + dt.timedelta(minutes=1)):
        with pytest.raises(ParticipationRefused):
            services.registration_cancel(open_day=od, code=result.checkin_code)


def test_public_acts_audit_without_personal_data(agency, editor):
    od = open_day(agency, editor)
    services.registration_create(open_day=od, name="审计测试人", phone="13812345678")
    event = AuditEvent.objects.filter(verb="participation.registration_create").get()
    assert "审计测试人" not in str(event.details) and "13812345678" not in str(event.details)
    assert event.actor_id is None
