"""Factories of participation objects (through the services where a rule is involved)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.participation import services
from gongkai.participation.models import OpenDay, PublicationStatus, Question, Survey
from gongkai.participation.services import QuestionSpec


def survey_with_questions(agency, actor, *, publish=True, opens_in=-1, closes_in=7, **kw) -> Survey:
    now = timezone.now()
    survey = services.survey_create(
        actor=actor, agency=agency, title=kw.pop("title", "居民出行满意度调查"),
        opens_at=now + dt.timedelta(days=opens_in), closes_at=now + dt.timedelta(days=closes_in),
        **kw)
    q1 = services.question_add(actor=actor, survey=survey, spec=QuestionSpec(
        "single", "您是否乘坐公交出行?", required=True, options=["是", "否"]))
    services.question_add(actor=actor, survey=survey, spec=QuestionSpec(
        "multiple", "您常乘坐哪些线路?", options=["1路", "2路", "3路"], show_if=q1,
        show_if_option=0))
    services.question_add(actor=actor, survey=survey, spec=QuestionSpec(
        "scale", "总体满意度", required=True, scale_min=1, scale_max=5))
    services.question_add(actor=actor, survey=survey, spec=QuestionSpec(
        "matrix", "请评价以下方面", options=["满意", "一般", "不满意"], rows=["准点", "卫生"]))
    services.question_add(actor=actor, survey=survey, spec=QuestionSpec("text", "其他建议"))
    if publish:
        if opens_in < 0 and closes_in <= 0:
            # Published before it closed: set the dates directly for a closed survey.
            Survey.objects.filter(pk=survey.pk).update(
                status=PublicationStatus.PUBLISHED, published_at=now)
            survey.refresh_from_db()
        else:
            services.survey_publish(actor=actor, survey=survey)
    return survey


def questions(survey) -> list[Question]:
    return list(survey.questions.all())


def open_day(agency, actor, *, days=20, capacity=2, publish=True, **kw) -> OpenDay:
    starts = timezone.now() + dt.timedelta(days=days)
    od = services.open_day_create(actor=actor, agency=agency, theme=kw.pop("theme", "走进司法局"),
                                  starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                                  place="机关大楼一楼", capacity=capacity, **kw)
    if publish:
        services.open_day_publish(actor=actor, open_day=od)
    return od
