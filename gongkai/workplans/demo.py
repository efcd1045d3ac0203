"""Demo data (演示数据): the bureau's 2020 work plan — the 21 points of 沪司办〔2020〕6号 — with
its year-end progress, and a 2026 plan in progress with departments' reports.

The 2020 points are read from the work plan in ``../shared/seed/`` when that file is present
(it is outside the repository); otherwise from ``POINTS_2020`` below, a faithful summary of
the 21 points' titles. Everything goes through the services, and a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.conf import settings

AGENCY_CODE = "002420455M"
SEED = "shanghai-justice-bureau-2020-openness-work-points.txt"
D = dt.date

CHAPTERS_2020 = {
    1: "一、全面推进落实“五公开”", 8: "二、进一步规范和加强信息公开",
    11: "三、不断增强解读回应和参与实效", 16: "四、推进政务公开标准化规范化建设",
    20: "五、切实强化工作保障",
}
POINTS_2020: tuple[str, ...] = (
    "健全重大决策公开制度措施", "进一步推进重大决策预公开", "优化权责清单和行政审批服务事项清单",
    "全面改版升级“上海法网”", "及时推进执行和结果公开", "做好“双随机、一公开”工作",
    "加大建议提案办理结果公开力度", "认真贯彻落实新修订的《上海市政府信息公开规定》",
    "完善依申请办理工作全链条管理", "积极拓展主动公开范围", "提高政策解读的精准性和针对性",
    "进一步完善舆情回应机制", "广泛开展多种形式的公众参与", "拓展社会意见建议收集与回应渠道",
    "组织开展公众开放活动", "开展政务公开事项梳理和公开标准目录编制", "规范政务公开专栏设置",
    "做好公共法律服务领域基层政务公开标准指引工作", "推进公共法律服务全过程精准公开",
    "加强组织保障", "完善考核评价机制",
)
LEAD_2020 = {1: "法治调研处", 2: "法治调研处", 3: "行政执法监督处", 4: "公共法律服务管理处",
             5: "行政执法监督处", 6: "行政执法监督处", 11: "法治调研处",
             18: "公共法律服务管理处", 19: "公共法律服务管理处"}
BY_JUNE_2020 = {9, 10}  # "630前"

PLAN_2026: tuple[tuple[str, str, str, dt.date, str, int, str, str], ...] = (
    # (title, measures, lead department, deadline, status, percent, problems, next steps)
    ("建议提案办理结果全面公开", "答复后二十个工作日内公开办理结果，年底公布办理总体情况。",
     "办公室", D(2026, 12, 31), "in_progress", 80, "", "12月底前公布年度办理情况。"),
    ("行政执法决定按时公示", "行政许可、行政处罚决定7个工作日内公示，其他决定20个工作日内公示。",
     "行政执法监督处", D(2026, 9, 30), "done", 100, "", ""),
    ("“双随机、一公开”抽查可验证", "公布抽查事项清单，抽取过程可公开验证，结果20个工作日内公开。",
     "行政执法监督处", D(2026, 6, 30), "delayed", 60, "检查对象名录库更新滞后。",
     "与市场监管部门对接名录库，12月完成。"),
    ("律师行业信息精准推送", "执业证到期提醒、办件进度主动推送。", "律师工作管理处",
     D(2026, 11, 30), "in_progress", 70, "部分律所联系方式未更新。", "组织律所核对信息。"),
    ("公证服务事项标准目录", "编制公证领域基层政务公开标准目录并在专栏发布。", "公证工作管理处",
     D(2026, 10, 31), "done", 100, "", ""),
    ("公共法律服务热线回应", "12348热线诉求及时回应，按月公开办理情况。", "公共法律服务管理处",
     D(2026, 12, 31), "in_progress", 90, "", "12月公开全年办理情况。"),
)


def _seed_points() -> list[tuple[int, str, str]] | None:
    """(number, title, text) from the seed file when it is present, else None."""
    path = Path(settings.PROJECT_DIR).parent / "shared" / "seed" / SEED
    if not path.is_file():
        return None
    points = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(\d{1,2})\.(.+?)。(.*)$", line)
        if match and 1 <= int(match.group(1)) <= 21:
            points.append((int(match.group(1)), match.group(2).strip(), match.group(3).strip()))
    return points if len(points) == 21 else None


def _points_2020() -> list[tuple[int, str, str]]:
    return _seed_points() or [(n, title, "") for n, title in enumerate(POINTS_2020, start=1)]


def _department(agency: Any, name: str) -> Any:
    from gongkai.core.models import Department

    return (Department.objects.filter(agency=agency, name=name).first()
            or Department.objects.filter(agency=agency).order_by("sort_order", "pk").first())


def _plan_2020(agency: Any) -> int:
    from gongkai.workplans import services
    from gongkai.workplans.models import WorkPlan

    if WorkPlan.objects.filter(agency=agency, year=2020).exists():
        return 0
    plan = services.plan_create(actor=None, agency=agency, year=2020,
                                title="上海市司法局2020年政务公开工作要点（演示数据）",
                                document_number="沪司办〔2020〕6号")
    chapter = ""
    for number, title, text in _points_2020():
        chapter = CHAPTERS_2020.get(number, chapter)
        point = services.point_add(actor=None, plan=plan, number=number, title=title, text=text,
                                   chapter=chapter)
        deadline = D(2020, 6, 30) if number in BY_JUNE_2020 else D(2020, 12, 31)
        services.task_add(actor=None, point=point, deadline=deadline,
                          lead_department=_department(agency, LEAD_2020.get(number, "办公室")),
                          measures=f"按工作要点第{number}项落实。")
    plan = services.plan_publish(actor=None, plan=plan, published_on=D(2020, 4, 23))
    for point in plan.points.order_by("number"):
        if point.number == 4:  # the site's relaunch slipped into the next year
            services.progress_publish(
                actor=None, point=point, status="delayed", percent=80,
                progress="“上海法网”改版主体完成，与“智慧公证”系统联通调试中。",
                problems="系统对接接口标准不统一。", next_steps="2021年一季度完成联通。",
                published_on=D(2020, 12, 25))
            continue
        late = point.number == 10  # published done only in July: after its 30 June limit
        services.progress_publish(
            actor=None, point=point, status="done", percent=100,
            progress="已按要点完成。", published_on=D(2020, 7, 10) if late else
            (D(2020, 6, 28) if point.number in BY_JUNE_2020 else D(2020, 12, 25)))
    return 1


def _plan_2026(agency: Any) -> int:
    from gongkai.workplans import services
    from gongkai.workplans.models import WorkPlan

    if WorkPlan.objects.filter(agency=agency, year=2026).exists():
        return 0
    plan = services.plan_create(actor=None, agency=agency, year=2026,
                                title="上海市司法局2026年政务公开工作要点（演示数据）")
    points = []
    for number, (title, measures, lead, deadline, *_rest) in enumerate(PLAN_2026, start=1):
        point = services.point_add(actor=None, plan=plan, number=number, title=title,
                                   chapter="一、推进执行和结果公开")
        services.task_add(actor=None, point=point, lead_department=_department(agency, lead),
                          deadline=deadline, measures=measures)
        points.append(point)
    plan = services.plan_publish(actor=None, plan=plan, published_on=D(2026, 3, 20))
    for point, (_t, _m, _l, _d, status, percent, problems, next_steps) in zip(
            points, PLAN_2026, strict=True):
        task = point.tasks.get()
        services.progress_report(actor=None, task=task, status=status, percent=percent,
                                 progress="处室报送进展（演示数据）。", problems=problems,
                                 next_steps=next_steps, reported_on=D(2026, 11, 20),
                                 reporter_name="处室联络员")
        if point.number == 6:
            continue  # reported by the department, not yet published by the office
        services.progress_publish(actor=None, point=point, status=status, percent=percent,
                                  progress="按计划推进（演示数据）。", problems=problems,
                                  next_steps=next_steps, published_on=D(2026, 11, 25))
    return 1


def load_workplans_demo(**options: Any) -> dict[str, int]:
    from gongkai.core.models import Agency

    agency = Agency.objects.filter(organisation_code=AGENCY_CODE).first()
    if agency is None:
        return {"work_plans": 0}
    return {"work_plans": _plan_2020(agency) + _plan_2026(agency)}
