"""The demo shows what the issue promises: a year of decisions with late publications and a
withdrawn penalty, and a published draw that verifies, with results (one late)."""

import pytest

from gongkai.enforcement.demo import load_enforcement_demo
from gongkai.enforcement.models import Decision, DecisionStatus
from gongkai.inspections import services, verifier
from gongkai.inspections.demo import load_inspections_demo
from gongkai.inspections.models import Plan
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_decisions_and_a_verifiable_draw():
    AgencyFactory(slug="sfj", name="上海市司法局")
    assert load_enforcement_demo() == {"decisions": 7}
    assert load_inspections_demo()["plans"] == 1
    assert load_enforcement_demo() == {"decisions": 0} and load_inspections_demo() == {"plans": 0}
    decisions = Decision.objects.all()
    assert decisions.filter(published_late=True).count() >= 2
    assert decisions.filter(status=DecisionStatus.WITHDRAWN).exclude(withdrawal_reason="").count() == 1
    assert decisions.filter(status=DecisionStatus.RECORDED).count() == 1
    plan = Plan.objects.get()
    assert verifier.verify(services.draw_document(plan)) == []
    published = plan.inspections.filter(published_on__isnull=False)
    assert published.count() == 4 and published.filter(published_late=True).count() == 1
