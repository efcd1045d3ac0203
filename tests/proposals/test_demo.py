"""The demo loaders of proposals and work plans: every state, the 2020 plan's 21 points,
idempotent, and quick (timed and printed, not asserted)."""

import time

import pytest

from gongkai.core.demo import load_demo
from gongkai.core.models import Agency
from gongkai.proposals.demo import load_proposals_demo
from gongkai.proposals.models import Proposal, ProposalReply, ProposalStatus
from gongkai.workplans import selectors
from gongkai.workplans.demo import POINTS_2020, _seed_points, load_workplans_demo
from gongkai.workplans.models import WorkPlan

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_loads_once(capsys):
    load_demo()
    started = time.perf_counter()
    assert load_proposals_demo() == {"proposals": 10}
    assert load_workplans_demo() == {"work_plans": 2}
    took = time.perf_counter() - started
    assert load_proposals_demo() == {"proposals": 0}
    assert load_workplans_demo() == {"work_plans": 0}
    with capsys.disabled():
        print(f"\nproposals + workplans demo: {took:.1f} s")
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert ProposalReply.objects.filter(published_on__isnull=False).count() == 6
    assert any(r.published_late for r in ProposalReply.objects.all())
    agency = Agency.objects.get(organisation_code="002420455M")
    plan = WorkPlan.objects.get(agency=agency, year=2020)
    assert plan.points.count() == 21 and plan.is_public
    assert selectors.point_counts(agency_id=agency.pk, year=2020) == {
        "points": 21, "done": 20, "on_time": 19, "late": 2}
    counts = selectors.point_counts(agency_id=agency.pk, year=2026)
    assert counts["points"] == 6 and counts["done"] == 2


def test_the_seed_summary_matches_the_seed_when_present():
    parsed = _seed_points()
    if parsed is None:  # the seed lives outside the repository
        assert len(POINTS_2020) == 21
        return
    assert [title for _n, title, _t in parsed] == list(POINTS_2020)
