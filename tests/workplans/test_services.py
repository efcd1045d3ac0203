"""Plans, points, tasks, departments' reports and the office's published progress."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.workplans import selectors, services
from gongkai.workplans.workflow import InvalidTransition
from tests.factories import staff
from tests.workplans.factories import plan_with_points

D = dt.date
pytestmark = pytest.mark.django_db


def test_office_builds_and_publishes_a_plan(agency, office, lawyers):
    plan = plan_with_points(agency, office, lawyers, year=2020,
                            deadlines=(D(2020, 6, 30), D(2020, 12, 31)))
    assert plan.is_public and plan.points.count() == 2
    with pytest.raises(InvalidTransition):
        services.plan_publish(actor=office, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_create(actor=office, agency=agency, year=2020, title="重复")
    with pytest.raises(ValidationError):
        services.point_add(actor=office, plan=plan, number=1, title="重复序号")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"workplans.plan_create", "workplans.point_add", "workplans.task_add",
            "workplans.plan_publish"} <= verbs


def test_an_empty_or_draft_plan_cannot_publish_progress(agency, office, lawyers):
    plan = services.plan_create(actor=office, agency=agency, year=2026, title="草稿")
    with pytest.raises(ValidationError):
        services.plan_publish(actor=office, plan=plan)
    point = services.point_add(actor=office, plan=plan, number=1, title="要点")
    with pytest.raises(InvalidTransition):
        services.progress_publish(actor=office, point=point, status="in_progress", percent=10,
                                  progress="进展")


def test_departments_report_only_on_their_own_tasks(agency, other_agency, office, lawyers,
                                                    notaries, lawyers_head):
    plan = services.plan_create(actor=office, agency=agency, year=2026, title="要点")
    point = services.point_add(actor=office, plan=plan, number=1, title="要点")
    own = services.task_add(actor=office, point=point, lead_department=lawyers,
                            deadline=D(2026, 6, 30), measures="律师")
    other = services.task_add(actor=office, point=point, lead_department=notaries,
                              deadline=D(2026, 6, 30), measures="公证")
    report = services.progress_report(actor=lawyers_head, task=own, status="in_progress",
                                      percent=60, problems="人手不足", next_steps="增派人员",
                                      reported_on=D(2026, 5, 1))
    assert report.reporter_name and report.percent == 60
    with pytest.raises(PermissionDeniedError):
        services.progress_report(actor=lawyers_head, task=other, status="done", percent=100)
    with pytest.raises(PermissionDeniedError):  # reporters do not publish
        services.progress_publish(actor=lawyers_head, point=point, status="done", percent=100,
                                  progress="完成")
    with pytest.raises(PermissionDeniedError):
        services.point_add(actor=staff(Role.AGENCY_ADMIN, other_agency, "w-b"), plan=plan,
                           number=2, title="越权")


@pytest.mark.parametrize(("status", "percent", "field"), [
    ("done", 90, "percent"), ("in_progress", 101, "percent"), ("finished", 10, "status")])
def test_bad_progress_is_refused(agency, office, lawyers, status, percent, field):
    plan = plan_with_points(agency, office, lawyers, deadlines=(D(2026, 6, 30),))
    task = plan.points.get().tasks.get()
    with pytest.raises(ValidationError) as err:
        services.progress_report(actor=office, task=task, status=status, percent=percent)
    assert field in err.value.message_dict


def test_point_counts_for_the_dashboard(agency, office, lawyers, django_assert_num_queries):
    plan = plan_with_points(agency, office, lawyers, year=2025,
                            deadlines=(D(2025, 6, 30), D(2025, 6, 30), D(2025, 9, 30),
                                       D(2025, 12, 31)))
    p1, p2, p3, _p4 = plan.points.order_by("number")
    publish = services.progress_publish
    publish(actor=office, point=p1, status="done", percent=100, progress="完成",
            published_on=D(2025, 6, 20))                                   # done on time
    publish(actor=office, point=p2, status="in_progress", percent=80, progress="推进",
            published_on=D(2025, 6, 20))
    publish(actor=office, point=p2, status="done", percent=100, progress="完成",
            published_on=D(2025, 7, 15))                                   # done late
    publish(actor=office, point=p3, status="in_progress", percent=50, progress="推进",
            published_on=D(2025, 8, 1))                                    # open, past 9-30
    with django_assert_num_queries(4):
        counts = selectors.point_counts(agency_id=agency.pk, year=2025, today=D(2025, 10, 8))
    assert counts == {"points": 4, "done": 2, "on_time": 1, "late": 2}
    assert selectors.point_counts(agency_id=agency.pk, year=2024) == {
        "points": 0, "done": 0, "on_time": 0, "late": 0}


def test_department_tasks_show_what_is_due(agency, office, lawyers, lawyers_head):
    plan = plan_with_points(agency, office, lawyers, deadlines=(D(2026, 3, 31), D(2026, 5, 15),
                                                                D(2026, 12, 31)))
    done = plan.points.get(number=1).tasks.get()
    services.progress_report(actor=lawyers_head, task=done, status="done", percent=100,
                             reported_on=D(2026, 3, 30))
    rows = selectors.department_tasks(department_id=lawyers.pk, today=D(2026, 5, 1))
    assert [(r.task.deadline, r.overdue, r.due_soon) for r in rows] == [
        (D(2026, 3, 31), False, False), (D(2026, 5, 15), False, True),
        (D(2026, 12, 31), False, False)]
    rows = selectors.department_tasks(department_id=lawyers.pk, today=D(2026, 6, 1))
    assert [r.overdue for r in rows] == [False, True, False]


def test_department_task_counts(agency, office, lawyers, notaries, lawyers_head,
                                django_assert_num_queries):
    plan = plan_with_points(agency, office, lawyers, year=2025,
                            deadlines=(D(2025, 6, 30), D(2025, 6, 30), D(2025, 12, 31)))
    point = plan.points.get(number=3)
    services.task_add(actor=office, point=point, lead_department=notaries,
                      deadline=D(2025, 3, 31), measures="公证")
    t1, t2, t3 = (plan.points.get(number=n).tasks.get(lead_department=lawyers)
                  for n in (1, 2, 3))
    services.progress_report(actor=lawyers_head, task=t1, status="done", percent=100,
                             reported_on=D(2025, 6, 1))
    services.progress_report(actor=lawyers_head, task=t2, status="done", percent=100,
                             reported_on=D(2025, 7, 1))
    services.progress_report(actor=lawyers_head, task=t3, status="in_progress", percent=50,
                             reported_on=D(2025, 7, 1))
    with django_assert_num_queries(2):
        counts = selectors.department_task_counts(agency_id=agency.pk, year=2025,
                                                  today=D(2025, 8, 1))
    assert counts == {lawyers.pk: {"tasks": 3, "done": 2, "on_time": 1, "late": 1},
                      notaries.pk: {"tasks": 1, "done": 0, "on_time": 0, "late": 1}}
