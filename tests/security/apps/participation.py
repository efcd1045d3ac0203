"""Participation (issue 19): surveys, solicitations, open days — routes, API operations,
test-world objects and personal-data markers."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    EDITOR,
    HEAD,
    PUBLIC,
    anywhere,
    get,
    own,
    post,
)

_M = (EDITOR, HEAD, ADMIN_A)

ROUTES = {
    "participation:index": get(PUBLIC),
    "participation:survey": get(PUBLIC),
    "participation:survey_thanks": get(PUBLIC),
    "participation:survey_confirm": get(PUBLIC),
    "participation:survey_results": get(PUBLIC),
    "participation:solicitation": get(PUBLIC),
    "participation:idea_status": get(PUBLIC),
    "participation:open_day": get(PUBLIC),
    "participation:open_day_cancel": get(PUBLIC),
    "participation:registration_lookup": get(PUBLIC),
    "participation:checkin_qr": get(PUBLIC),
    "staff:participation_index": get(anywhere(*_M)),
    "staff:participation_survey_new": get(anywhere(*_M)),
    "staff:participation_survey": get(own(*_M)),
    "staff:participation_survey_edit": get(own(*_M)),
    "staff:participation_question_add": post(own(*_M)),
    "staff:participation_question_delete": post(own(*_M)),
    "staff:participation_survey_publish": post(own(*_M)),
    "staff:participation_survey_withdraw": post(own(*_M)),
    "staff:participation_survey_results_publish": post(own(*_M)),
    "staff:participation_survey_results_unpublish": post(own(*_M)),
    "staff:participation_survey_export": get(own(*_M)),
    "staff:participation_solicitation_new": get(anywhere(*_M)),
    "staff:participation_solicitation": get(own(*_M)),
    "staff:participation_solicitation_publish": post(own(*_M)),
    "staff:participation_idea_answer": post(own(*_M)),
    "staff:participation_idea_decline": post(own(*_M)),
    "staff:participation_open_day_new": get(anywhere(*_M)),
    "staff:participation_open_day": get(own(*_M)),
    "staff:participation_open_day_registrations": get(own(*_M)),
    "staff:participation_open_day_publish": post(own(*_M)),
    "staff:participation_open_day_cancel": post(own(*_M)),
    "staff:participation_open_day_capacity": post(own(*_M)),
    "staff:participation_open_day_record": post(own(*_M)),
    "staff:participation_checkin": get(anywhere(*_M)),
    "staff:participation_registration_checkin": post(own(*_M)),
}

API = {
    "GET /surveys/{agency}/{int:number}": PUBLIC,
    "POST /surveys/{agency}/{int:number}/responses": PUBLIC,
    "GET /surveys/{agency}/{int:number}/results": PUBLIC,
    "GET /events": PUBLIC,
    "POST /events/{agency}/{int:number}/registrations": PUBLIC,
}

MARK_REGISTRANT = "开放日报名标记甲乙"
MARK_REGISTRANT_PHONE = "13712398765"
MARK_REGISTRANT_EMAIL = "opendays.marker.kestrel@example.org"
MARK_IDEA = "未答复意见标记丙丁"
MARK_IDEA_SENDER = "征集意见人标记戊己"
MARK_RESPONDENT = "实名答卷人标记庚辛"
MARK_HIDDEN_RESULT = "未公开题目结果标记壬癸"

MARKERS = {
    "open-day registrant": MARK_REGISTRANT, "registrant phone": MARK_REGISTRANT_PHONE,
    "registrant e-mail": MARK_REGISTRANT_EMAIL, "unanswered idea": MARK_IDEA,
    "idea sender": MARK_IDEA_SENDER, "survey respondent": MARK_RESPONDENT,
    "unpublished result option": MARK_HIDDEN_RESULT,
}


def build(w: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from gongkai.participation import services
    from gongkai.participation.models import Survey
    from gongkai.participation.services import QuestionSpec

    editor, agency, now = w.users[EDITOR], w.agency, timezone.now()
    # Survey 1: not anonymous, answered, closed, results of question 1 published (the
    # option of question 2, whose results stay internal, is a marker).
    survey = services.survey_create(actor=editor, agency=agency, title="矩阵测试调查",
                                    opens_at=now - dt.timedelta(days=10),
                                    closes_at=now + dt.timedelta(days=1), anonymous=False)
    q1 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "single", "矩阵测试单选", required=True, options=["是", "否"]))
    q2 = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "text", "矩阵测试文字题"))
    services.survey_publish(actor=editor, survey=survey)
    services.response_submit(survey=survey, answers={q1.pk: 0, q2.pk: MARK_HIDDEN_RESULT},
                             contact={"name": MARK_RESPONDENT, "phone": "13700000000"})
    Survey.objects.filter(pk=survey.pk).update(closes_at=now - dt.timedelta(hours=1))
    survey.refresh_from_db()
    services.survey_results_publish(actor=editor, survey=survey, question_ids=[q1.pk])
    w.objects["participation_survey"] = survey
    w.objects["participation_question"] = q2
    # Solicitation 1, open, with an idea not yet answered.
    solicitation = services.solicitation_create(
        actor=editor, agency=agency, title="矩阵测试征集", description="矩阵测试征集说明。",
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=10))
    services.solicitation_publish(actor=editor, solicitation=solicitation)
    idea, _code, _created = services.idea_submit(
        solicitation=solicitation, title=MARK_IDEA, text=MARK_IDEA, name=MARK_IDEA_SENDER)
    w.objects["participation_solicitation"] = solicitation
    w.objects["participation_idea"] = idea
    # Open day 1, announced, with a registration.
    starts = now + dt.timedelta(days=20)
    open_day = services.open_day_create(actor=editor, agency=agency, theme="矩阵测试开放日",
                                        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                        place="矩阵测试地点", capacity=5)
    services.open_day_publish(actor=editor, open_day=open_day)
    result = services.registration_create(open_day=open_day, name=MARK_REGISTRANT,
                                          phone=MARK_REGISTRANT_PHONE,
                                          email=MARK_REGISTRANT_EMAIL)
    w.objects["participation_open_day"] = open_day
    w.objects["participation_registration"] = result.registration


def kwargs(w: Any) -> dict[str, dict]:
    a = w.agency.slug
    survey = w.objects["participation_survey"]
    solicitation = w.objects["participation_solicitation"]
    open_day = w.objects["participation_open_day"]
    idea = w.objects["participation_idea"]
    question = w.objects["participation_question"]
    return {
        "participation:survey": {"agency": a, "number": survey.number},
        "participation:survey_thanks": {"agency": a, "number": survey.number},
        "participation:survey_confirm": {"agency": a, "number": survey.number,
                                         "token": "not-a-token"},
        "participation:survey_results": {"agency": a, "number": survey.number},
        "participation:solicitation": {"agency": a, "number": solicitation.number},
        "participation:open_day": {"agency": a, "number": open_day.number},
        "participation:open_day_cancel": {"agency": a, "number": open_day.number},
        "participation:registration_lookup": {"agency": a, "number": open_day.number},
        "participation:checkin_qr": {"agency": a, "code": "ABCDEFGH", "fmt": "svg"},
        "staff:participation_survey": {"pk": survey.pk},
        "staff:participation_survey_edit": {"pk": survey.pk},
        "staff:participation_question_add": {"pk": survey.pk},
        "staff:participation_question_delete": {"pk": question.pk},
        "staff:participation_survey_publish": {"pk": survey.pk},
        "staff:participation_survey_withdraw": {"pk": survey.pk},
        "staff:participation_survey_results_publish": {"pk": survey.pk},
        "staff:participation_survey_results_unpublish": {"pk": survey.pk},
        "staff:participation_survey_export": {"pk": survey.pk},
        "staff:participation_solicitation": {"pk": solicitation.pk},
        "staff:participation_solicitation_publish": {"pk": solicitation.pk},
        "staff:participation_idea_answer": {"pk": idea.pk},
        "staff:participation_idea_decline": {"pk": idea.pk},
        "staff:participation_open_day": {"pk": open_day.pk},
        "staff:participation_open_day_registrations": {"pk": open_day.pk},
        "staff:participation_open_day_publish": {"pk": open_day.pk},
        "staff:participation_open_day_cancel": {"pk": open_day.pk},
        "staff:participation_open_day_capacity": {"pk": open_day.pk},
        "staff:participation_open_day_record": {"pk": open_day.pk},
        "staff:participation_registration_checkin":
            {"pk": w.objects["participation_registration"].pk},
    }
