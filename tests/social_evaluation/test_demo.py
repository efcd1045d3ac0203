"""The demo loaders of the organisation apps and the licences the reminders show: quick,
idempotent, and with something in each (timed and printed, not asserted)."""

import datetime as dt
import time

import pytest

from gongkai.core.demo import load_demo
from gongkai.directory import selectors as directory
from gongkai.directory.demo import load_directory_demo
from gongkai.leadership.demo import load_leadership_demo
from gongkai.social_evaluation.demo import load_social_evaluation_demo
from gongkai.social_evaluation.models import EvaluationRound, Evaluator
from gongkai.training.demo import load_training_demo


@pytest.mark.django_db
def test_organisation_demo_loads_once(capsys):
    load_demo()  # agencies, departments, people
    load_directory_demo()
    started = time.perf_counter()
    made = {**load_leadership_demo(), **load_training_demo(), **load_social_evaluation_demo()}
    took = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nleadership + training + social evaluation demo: {took:.1f} s")
    assert made == {"leadership_groups": 1, "trainings": 2, "evaluation_rounds": 1}
    assert load_leadership_demo() == {"leadership_groups": 0}
    assert load_training_demo() == {"trainings": 0}
    assert load_social_evaluation_demo() == {"evaluation_rounds": 0}
    rnd = EvaluationRound.objects.get()
    assert rnd.status == "published"
    assert Evaluator.objects.filter(submitted_at__isnull=False).count() == 5
    due = directory.licence_deadlines(agency_ids=None, today=dt.date.today(), due_within=90,
                                      state="due")
    assert {d.kind for d in due} == {"expiry", "assessment"} and len(due) >= 8
