"""Training: attendance, a person's record, and the coverage per department from worked
data (what the evaluation dashboard shows)."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.core.models import Role
from gongkai.reports.sources import evaluation_figures
from gongkai.training import selectors, services
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory


def _person(agency, department, name):
    user = UserFactory(username=name)
    MembershipFactory(user=user, role=Role.EDITOR, agency=agency, department=department)
    return user


@pytest.mark.django_db
def test_coverage_by_department_and_record(client, agency, agency_admin):
    office = DepartmentFactory(agency=agency, name="办公室", sort_order=1)
    law = DepartmentFactory(agency=agency, name="法治调研处", sort_order=2)
    o1, o2, o3 = (_person(agency, office, f"tr-office-{i}") for i in range(3))
    l1, l2 = (_person(agency, law, f"tr-law-{i}") for i in range(2))
    evaluator = UserFactory(username="tr-evaluator", is_staff=False)
    MembershipFactory(user=evaluator, role=Role.EVALUATOR, agency=agency)
    first = services.training_create(actor=agency_admin, agency=agency, topic="条例解读",
                                     held_on=dt.date(2026, 3, 18), trainer="王老师", hours=3)
    second = services.training_create(actor=agency_admin, agency=agency, topic="舆情回应",
                                      held_on=dt.date(2026, 9, 10), trainer="李老师", hours=2)
    last_year = services.training_create(actor=agency_admin, agency=agency, topic="旧培训",
                                         held_on=dt.date(2025, 9, 10), trainer="张老师")
    # The evaluator is not staff: dropped from the list.
    assert services.attendance_set(actor=agency_admin, training=first,
                                   users=[o1, o2, evaluator]) == 2
    services.attendance_set(actor=agency_admin, training=second, users=[o1, l1])
    services.attendance_set(actor=agency_admin, training=last_year, users=[l2, o3])
    rows = {c.department: (c.trained, c.staff, c.percent)
            for c in selectors.coverage_by_department(agency, dt.date(2026, 1, 1),
                                                      dt.date(2026, 12, 31))}
    # 办公室: o1, o2 of 3; 法治调研处: l1 of 2; the administrator has no department.
    assert rows == {"办公室": (2, 3, 66.7), "法治调研处": (1, 2, 50.0), "未分处室": (0, 1, 0.0)}
    figures = dict(evaluation_figures(agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert dict(figures["培训覆盖率（按处室）"])["培训覆盖率：办公室"] == "66.7%（2/3）"
    attended, hours = selectors.training_record(o1, year=2026)
    assert [a.training.topic for a in attended] == ["舆情回应", "条例解读"]
    assert hours == Decimal(5)
    client.force_login(o1)
    assert "5.0" in client.get(f"/staff/training/record/{o1.pk}/").content.decode()
    assert client.get(f"/staff/training/record/{o2.pk}/").status_code == 404
