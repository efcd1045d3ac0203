"""Demo data of participation (clearly marked 演示): a closed survey with 120 responses and
published results, an open solicitation with ideas (two answered), three past open days
with their records and one upcoming with registrations and a waitlist.

Written through the services by the demo editor of 上海市司法局 (``sfj``), deterministic
for a given day (a seeded generator) and idempotent: nothing is written when the demo
survey exists already. The closed survey is published while open and answered, then its
closing time is moved into the past (the one step no service offers: it only happens
with time passing).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.participation import services
from gongkai.participation.models import Survey
from gongkai.participation.services import QuestionSpec

DEMO = "(演示)"
SURVEY_TITLE = f"2026年公共法律服务满意度调查{DEMO}"
RESPONSES = 120


def load_participation_demo(records: Any = None) -> dict[str, int]:
    from gongkai.core.models import Agency, User

    agency = Agency.objects.filter(slug="sfj").first()
    editor = User.objects.filter(username="editor").first()
    if agency is None or editor is None:
        return {"surveys": 0, "solicitations": 0, "open_days": 0}
    if Survey.objects.filter(agency=agency, title=SURVEY_TITLE).exists():
        return {"surveys": 0, "solicitations": 0, "open_days": 0}
    rng = random.Random(19)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    responses = _survey(agency, editor, now, rng)
    ideas = _solicitation(agency, editor, now)
    days, registrations = _open_days(agency, editor, now)
    return {"surveys": 1, "survey_responses": responses, "solicitations": 1, "ideas": ideas,
            "open_days": days, "registrations": registrations}


def _survey(agency: Any, editor: Any, now: dt.datetime, rng: random.Random) -> int:
    survey = services.survey_create(
        actor=editor, agency=agency, title=SURVEY_TITLE,
        description="了解市民对公共法律服务的评价和需求。本调查为匿名调查。",
        opens_at=now - dt.timedelta(days=40), closes_at=now + dt.timedelta(days=1))
    used = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "single", "过去一年,您是否使用过公共法律服务?", required=True, options=["是", "否"]))
    which = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "multiple", "您使用过哪些服务?", options=["法律咨询", "法律援助", "人民调解", "公证"],
        show_if=used, show_if_option=0))
    overall = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "scale", "总体满意度(1为很不满意,5为很满意)", required=True, scale_min=1, scale_max=5,
        scale_min_label="很不满意", scale_max_label="很满意"))
    matrix = services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "matrix", "请评价以下方面", options=["满意", "一般", "不满意"],
        rows=["办理速度", "服务态度", "信息公开"]))
    services.question_add(actor=editor, survey=survey, spec=QuestionSpec(
        "text", "您还有什么意见和建议?"))
    services.survey_publish(actor=editor, survey=survey)
    for i in range(RESPONSES):
        user = rng.random() < 0.7
        raw: dict[int, Any] = {used.pk: 0 if user else 1,
                               overall.pk: rng.choices([1, 2, 3, 4, 5], [1, 2, 5, 9, 6])[0],
                               matrix.pk: {str(r): rng.choices([0, 1, 2], [6, 3, 1])[0]
                                           for r in range(3)}}
        if user:
            raw[which.pk] = sorted(rng.sample(range(4), rng.randint(1, 2)))
        services.response_submit(survey=survey, answers=raw, idempotency_key=f"demo-{i}")
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(opens_at=now - dt.timedelta(days=40),
                                                   closes_at=now - dt.timedelta(days=10))
    survey.refresh_from_db()
    services.survey_results_publish(
        actor=editor, survey=survey, question_ids=[used.pk, which.pk, overall.pk, matrix.pk],
        summary="共收到120份答卷,多数受访者对公共法律服务表示满意。文字意见已分类整理,不逐条公开。")
    return RESPONSES


IDEAS = [
    ("延长公共法律服务中心周末开放时间", "建议周六上午开放,方便上班族咨询。",
     "已采纳:自下月起周六上午9时至12时开放。"),
    ("增加社区法律顾问驻点次数", "希望每周至少一次。",
     "感谢建议。各街道将按需求增加驻点,具体安排另行公告。"),
    ("法律援助申请材料能否网上提交", "减少来回跑。", ""),
    ("多开展老年人防诈骗普法讲座", "社区老人容易上当。", ""),
]


def _solicitation(agency: Any, editor: Any, now: dt.datetime) -> int:
    item = services.solicitation_create(
        actor=editor, agency=agency, title=f"“十五五”公共法律服务体系建设意见征集{DEMO}",
        description="欢迎就公共法律服务体系建设提出意见建议。工作人员答复后,意见(不含姓名和联系方式)"
                    "和答复将一并公开。",
        opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=25))
    services.solicitation_publish(actor=editor, solicitation=item)
    for i, (title, text, answer) in enumerate(IDEAS):
        idea, _code, _created = services.idea_submit(solicitation=item, title=title, text=text,
                                                     idempotency_key=f"demo-idea-{i}")
        if answer:
            services.idea_answer(actor=editor, idea=idea, answer=answer)
    return len(IDEAS)


PAST = [
    (150, "走进公共法律服务中心", "市民参观了公共法律服务中心,体验了智能法律咨询终端。"),
    (90, "人民调解工作开放日", "调解员现场演示了纠纷调解流程,并回答了市民提问。"),
    (30, "法治宣传教育基地开放日", "中小学生和家长参观了法治宣传教育基地。"),
]


def _open_days(agency: Any, editor: Any, now: dt.datetime) -> tuple[int, int]:
    for days_ago, theme, summary in PAST:
        starts = now - dt.timedelta(days=days_ago)
        item = services.open_day_create(actor=editor, agency=agency, theme=f"{theme}{DEMO}",
                                        starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                                        place="上海市司法局(演示地址)", capacity=30)
        services.open_day_publish(actor=editor, open_day=item, now=starts - dt.timedelta(days=20))
        services.open_day_record_publish(actor=editor, open_day=item, summary=summary)
    starts = (now + dt.timedelta(days=20)).replace(hour=1)  # 09:00 Beijing time
    upcoming = services.open_day_create(
        actor=editor, agency=agency, theme=f"“法治护航·开放有我”政府开放日{DEMO}",
        description="参观12348公共法律服务热线平台,与工作人员面对面交流。",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        place="上海市司法局(演示地址)", capacity=5)
    services.open_day_publish(actor=editor, open_day=upcoming)
    for i in range(7):
        services.registration_create(open_day=upcoming, name=f"演示报名者{i + 1}",
                                     phone=f"1390000{i + 1:04d}", email=f"demo{i + 1}@example.org")
    return len(PAST) + 1, 7
