"""Social evaluation: the round's life, the evaluator account (no staff page), the
aggregation per department and its figures on the evaluation dashboard."""

import datetime as dt

import pytest

from gongkai.core.models import Role
from gongkai.core.policies import is_staff_member
from gongkai.reports.sources import evaluation_figures
from gongkai.social_evaluation import selectors, services
from tests.factories import DepartmentFactory, staff


@pytest.fixture
def round_(agency, agency_admin):
    depts = [DepartmentFactory(agency=agency, name=n, sort_order=i)
             for i, n in enumerate(("办公室", "法治调研处"))]
    rnd = services.round_create(
        actor=agency_admin, agency=agency, title="2026年度社会评议", year=2026,
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
        criteria=["总体情况", "答复质量"], departments=depts)
    return rnd, depts


def _grade(rnd, depts, table):
    """table: {department index: (grade for criterion 1, grade for criterion 2)}"""
    crits = list(rnd.criteria.all())
    return {(depts[i].pk, c.pk): grades[k] for i, grades in table.items()
            for k, c in enumerate(crits)}


@pytest.mark.django_db
def test_aggregation_per_department_and_dashboard(client, agency, agency_admin, round_):
    rnd, depts = round_
    a, password = services.evaluator_invite(actor=agency_admin, round=rnd, username="eva-a",
                                            name="王代表", category="deputy")
    b, _ = services.evaluator_invite(actor=agency_admin, round=rnd, username="eva-b",
                                     name="法治报社", category="media")
    c, _ = services.evaluator_invite(actor=agency_admin, round=rnd, username="eva-c",
                                     name="张先生", category="citizen")
    assert password and not a.user.is_staff and not is_staff_member(a.user)
    services.round_open(actor=agency_admin, round=rnd)
    services.evaluation_submit(user=a.user, round=rnd,
                               scores=_grade(rnd, depts, {0: (100, 80), 1: (60, 60)}),
                               remarks={depts[1].pk: "答复偏慢"})
    services.evaluation_submit(user=b.user, round=rnd,
                               scores=_grade(rnd, depts, {0: (100, 100), 1: (80, 0)}))
    with pytest.raises(services.InvalidTransition):  # one submission each
        services.evaluation_submit(user=b.user, round=rnd,
                                   scores=_grade(rnd, depts, {0: (0, 0), 1: (0, 0)}))
    with pytest.raises(services.EvaluationInvalid):  # every department and criterion
        services.evaluation_submit(user=c.user, round=rnd,
                                   scores=_grade(rnd, depts, {0: (100, 100)}))
    results = {r.department: r for r in selectors.department_results(rnd)}
    # 办公室: (100+80+100+100)/4 = 95; 法治调研处: (60+60+80+0)/4 = 50.
    assert results["办公室"].score == 95.0 and results["法治调研处"].score == 50.0
    assert results["办公室"].by_criterion == (("总体情况", 100.0), ("答复质量", 90.0))
    assert results["法治调研处"].evaluators == 2 and results["法治调研处"].remarks == 1
    assert evaluation_figures(agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [] or \
        all(title != "社会评议（各处室得分，满分100）" for title, _ in evaluation_figures(
            agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))  # open: not yet counted
    services.round_close(actor=agency_admin, round=rnd)
    figures = dict(evaluation_figures(agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    rows = dict(figures["社会评议（各处室得分，满分100）"])
    assert rows == {"社会评议：参评人数 / 邀请人数": "2 / 3", "社会评议得分：办公室": 95.0,
                    "社会评议得分：法治调研处": 50.0}
    # Public only once published, and then without names or remarks.
    url = f"/{agency.slug}/evaluation/{rnd.pk}/"
    assert client.get(url).status_code == 404
    services.round_publish(actor=agency_admin, round=rnd)
    page = client.get(url).content.decode()
    assert "95.0" in page and "50.0" in page
    assert "王代表" not in page and "答复偏慢" not in page


@pytest.mark.django_db
def test_evaluator_sees_the_round_and_no_staff_page(client, agency, agency_admin, round_):
    rnd, depts = round_
    evaluator, _ = services.evaluator_invite(actor=agency_admin, round=rnd, username="eva-x",
                                             name="李委员", category="cppcc")
    services.round_open(actor=agency_admin, round=rnd)
    client.force_login(evaluator.user)
    for url in ("/staff/", "/staff/evaluation/", f"/staff/evaluation/{rnd.pk}/",
                "/staff/directory/licences/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/staff/licences").status_code == 401
    assert client.get("/accounts/evaluation/").status_code == 200
    page = client.get(f"/accounts/evaluation/{rnd.pk}/")
    assert page.status_code == 200 and "办公室" in page.content.decode()
    crits = list(rnd.criteria.all())
    form = {f"score-{d.pk}-{c.pk}": "80" for d in depts for c in crits}
    assert client.post(f"/accounts/evaluation/{rnd.pk}/", form).status_code == 302
    evaluator.refresh_from_db()
    assert evaluator.submitted_at is not None
    # Another signed-in person, even staff, cannot open the round's form.
    client.force_login(staff(Role.EDITOR, agency, "eva-editor"))
    assert client.get(f"/accounts/evaluation/{rnd.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/accounts/evaluation/{rnd.pk}/")["Location"].startswith(
        "/accounts/login/")
