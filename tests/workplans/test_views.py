"""Public progress page (published progress only), staff pages, and the API."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.workplans import services
from gongkai.workplans.models import ProgressReport
from tests.workplans.factories import plan_with_points

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency, office, lawyers, lawyers_head):
    plan = plan_with_points(agency, office, lawyers, year=2026,
                            deadlines=(D(2026, 6, 30), D(2026, 12, 31)))
    first = plan.points.get(number=1)
    services.progress_report(actor=lawyers_head, task=first.tasks.get(), status="in_progress",
                             percent=30, problems="处室内部草稿问题", reported_on=D(2026, 4, 1))
    services.progress_publish(actor=office, point=first, status="in_progress", percent=50,
                              progress="已完成调研", problems="经费不足", next_steps="争取预算",
                              published_on=D(2026, 4, 10))
    return plan


def test_public_page_shows_published_progress_only(client, agency, plan,
                                                   django_assert_max_num_queries):
    url = reverse("workplans:plan", kwargs={"agency": agency.slug, "year": 2026})
    with django_assert_max_num_queries(10):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "已完成调研" in body and "经费不足" in body and "50%" in body
    assert "处室内部草稿问题" not in body
    assert "进展尚未公开" in body  # point 2
    index = client.get(reverse("workplans:index", kwargs={"agency": agency.slug}))
    assert "2026" in index.content.decode()


def test_a_draft_plan_is_not_public(client, agency, office):
    services.plan_create(actor=office, agency=agency, year=2027, title="草稿要点")
    url = reverse("workplans:plan", kwargs={"agency": agency.slug, "year": 2027})
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/workplans/{agency.slug}/2027").status_code == 404


def test_api_returns_points_tasks_and_published_progress(client, agency, plan):
    data = client.get(f"/api/v1/workplans/{agency.organisation_code}/2026").json()
    assert data["counts"]["points"] == 2
    first = data["points"][0]
    assert first["tasks"][0]["lead_department"] == "律师工作管理处"
    assert first["progress"]["percent"] == 50 and first["progress"]["next_steps"] == "争取预算"
    assert data["points"][1]["progress"] is None
    assert "处室内部草稿问题" not in str(data)


def test_office_pages_and_actions(client, agency, office, lawyers):
    client.force_login(office)
    response = client.post(reverse("staff:workplans_list"), {
        "agency": agency.pk, "year": 2026, "title": "2026年政务公开工作要点"})
    assert response.status_code == 302
    plan = agency.work_plans.get()
    act = lambda action, data: client.post(  # noqa: E731
        reverse("staff:workplans_action", kwargs={"pk": plan.pk, "action": action}), data)
    act("point", {"point-number": 1, "point-title": "要点一", "point-chapter": "一、"})
    point = plan.points.get()
    act("task", {"task-point": point.pk, "task-lead_department": lawyers.pk,
                 "task-deadline": "2026-06-30", "task-measures": "措施"})
    response = act("progress", {"progress-point": point.pk, "progress-status": "done",
                                "progress-percent": 100, "progress-progress": "完成"})
    assert response.status_code == 302  # refused: the plan is not public yet (message)
    assert not point.published.exists()
    act("publish", {"publish-confirm": "on"})
    response = act("progress", {"progress-point": point.pk, "progress-status": "done",
                                "progress-percent": 90, "progress-progress": "完成"})
    assert response.status_code == 200 and "已完成的完成比例应为100" in response.content.decode()
    act("progress", {"progress-point": point.pk, "progress-status": "done",
                     "progress-percent": 100, "progress-progress": "完成"})
    assert point.published.count() == 1
    assert client.get(reverse("staff:workplans_detail", kwargs={"pk": plan.pk})).status_code == 200


def test_department_page_and_report(client, agency, plan, lawyers, lawyers_head, notaries):
    client.force_login(lawyers_head)
    page = client.get(reverse("staff:workplans_department", kwargs={"department_id": lawyers.pk}))
    assert page.status_code == 200 and "措施1" in page.content.decode()
    assert client.get(reverse("staff:workplans_department",
                              kwargs={"department_id": notaries.pk})).status_code == 404
    task = plan.points.get(number=2).tasks.get()
    prefix = f"t{task.pk}"
    response = client.post(reverse("staff:workplans_task_report", kwargs={"pk": task.pk}), {
        f"{prefix}-status": "in_progress", f"{prefix}-percent": 20,
        f"{prefix}-reported_on": "2026-05-01", f"{prefix}-next_steps": "下一步"})
    assert response.status_code == 302
    assert ProgressReport.objects.filter(task=task, percent=20).exists()


def test_sitemap_lists_published_plans_only(client, agency, office, plan):
    services.plan_create(actor=office, agency=agency, year=2027, title="草稿")
    body = client.get(reverse("portal:sitemap_section",
                              kwargs={"section": "workplans"})).content.decode()
    assert "/workplans/2026/" in body and "/workplans/2027/" not in body


def test_api_office_publishes_progress(client, agency, plan, office, lawyers_head):
    url = f"/api/v1/staff/workplans/{agency.slug}/2026/points/2/progress"
    body = {"status": "done", "percent": 100, "progress": "全部完成", "published_on": "2026-11-30"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(lawyers_head)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(office)
    response = client.post(url, {**body, "percent": 50}, content_type="application/json")
    assert response.status_code == 422 and "percent" in response.json()["error"]["fields"]
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["points"][1]["progress"]["progress"] == "全部完成"
    assert response.json()["counts"]["done"] == 1
    missing = f"/api/v1/staff/workplans/{agency.slug}/2026/points/9/progress"
    assert client.post(missing, body, content_type="application/json").status_code == 404


def test_api_department_reports_on_its_task(client, agency, plan, lawyers_head, notaries):
    url = f"/api/v1/staff/workplans/{agency.slug}/2026/points/2/reports"
    body = {"department": "律师工作管理处", "status": "in_progress", "percent": 40,
            "problems": "待协调", "reported_on": "2026-11-01"}
    client.force_login(lawyers_head)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["percent"] == 40
    response = client.post(url, {**body, "department": "公证工作管理处"},
                           content_type="application/json")
    assert response.status_code == 422  # no task of that department under this point
    from gongkai.workplans import services as wp

    wp.task_add(actor=None, point=plan.points.get(number=2), lead_department=notaries,
                deadline=D(2026, 12, 31), measures="公证")
    response = client.post(url, {**body, "department": "公证工作管理处"},
                           content_type="application/json")
    assert response.status_code == 403  # another department's task


def test_staff_pages_query_counts(client, agency, office, lawyers, plan,
                                  django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(15):  # 14, the same for 2 or 8 points
        assert client.get(reverse("staff:workplans_detail",
                                  kwargs={"pk": plan.pk})).status_code == 200
    with django_assert_max_num_queries(8):  # 7, the same for 2 or 8 tasks
        assert client.get(reverse("staff:workplans_department",
                                  kwargs={"department_id": lawyers.pk})).status_code == 200
