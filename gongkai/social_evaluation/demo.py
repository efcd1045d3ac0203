"""Demo data: a finished and published social-evaluation round of last year for the
bureau, with one evaluator of each category and their grades; through the services, and a
second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

AGENCY_CODE = "002420455M"
TITLE = "{year}年度政务公开工作社会评议"
EVALUATORS = (("demo-eval-deputy", "王代表", "deputy"), ("demo-eval-cppcc", "李委员", "cppcc"),
              ("demo-eval-citizen", "张先生", "citizen"), ("demo-eval-media", "法治报社", "media"),
              ("demo-eval-third", "某大学公共管理评估中心", "third_party"))
GRADES = (100, 80, 100, 60, 80)


def load_social_evaluation_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency
    from gongkai.social_evaluation import services
    from gongkai.social_evaluation.models import EvaluationRound

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"evaluation_rounds": 0}
    year = dt.date.today().year - 1
    title = TITLE.format(year=year)
    if EvaluationRound.objects.filter(agency=agency, title=title).exists():
        return {"evaluation_rounds": 0}
    departments = list(agency.departments.filter(is_active=True).order_by("sort_order", "id")[:4])
    if not departments:
        return {"evaluation_rounds": 0}
    rnd = services.round_create(
        actor=None, agency=agency, title=title, year=year, period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31), departments=departments, is_demo=True,
        criteria=["公开工作总体情况", "依申请公开答复质量", "政策解读与回应关切"],
        description="邀请人大代表、政协委员、群众代表、新闻媒体和第三方机构各一名参加评议。")
    from gongkai.core.demo import DEMO_PASSWORD
    from gongkai.core.models import User

    for username, name, category in EVALUATORS:
        if not User.objects.filter(username=username).exists():
            # The demo's accounts share one password (sign in at /accounts/login/).
            from gongkai.core.services import user_create

            user_create(actor=None, username=username, password=DEMO_PASSWORD,
                        display_name=name, is_staff=False)
        services.evaluator_invite(actor=None, round=rnd, username=username, name=name,
                                  category=category)
    services.round_open(actor=None, round=rnd)
    criteria = list(rnd.criteria.all())
    for i, evaluator in enumerate(rnd.evaluators.select_related("user")):
        scores = {(d.pk, c.pk): GRADES[(i + j + k) % len(GRADES)]
                  for j, d in enumerate(departments) for k, c in enumerate(criteria)}
        services.evaluation_submit(user=evaluator.user, round=rnd, scores=scores,
                                   remarks={departments[0].pk: "答复及时，建议进一步提高解读的通俗性。"})
    services.round_close(actor=None, round=rnd)
    services.round_publish(actor=None, round=rnd)
    return {"evaluation_rounds": 1}
