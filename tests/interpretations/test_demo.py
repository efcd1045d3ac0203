import pytest

from gongkai.interpretations import selectors
from gongkai.interpretations.demo import load_interpretations_demo
from gongkai.opinion import hot
from gongkai.opinion import selectors as opinion_selectors
from gongkai.opinion.demo import load_opinion_demo
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_demo_shows_each_case_and_is_idempotent(agency):
    from django.utils import timezone

    for name in ("公证工作管理处", "律师工作管理处", "行政执法监督处"):
        DepartmentFactory(agency=agency, name=name)
    first = load_interpretations_demo()
    assert first == {"policies": 4, "interpretations": 8}
    assert load_interpretations_demo() == {"policies": 0, "interpretations": 0}
    overall, _ = selectors.share(year=timezone.localdate().year, agency_ids=[agency.pk])
    assert overall.total == 8 and overall.percent == "50.0%"
    states = sorted(r.state for r in selectors.sync_rows([agency.pk]))
    assert states == ["exempt", "late"]

    assert load_opinion_demo()["concerns"] == 2
    assert load_opinion_demo() == {"concerns": 0, "inbound": 0}
    overdue = opinion_selectors.concerns([agency.pk], overdue=True)
    assert [c.title for c in overdue] == ["网友反映律师事务所收费不透明（演示）"]
    answered = opinion_selectors.concerns([agency.pk], overdue=False).get()
    first_clock = opinion_selectors.clocks(answered)[0]
    assert first_clock.met and not first_clock.met_late
    topics = hot.hot_topics([agency.pk])
    assert topics[0].rising and "热线" in topics[0].keywords
