"""Service guides and enforcement decisions fulfil standard-catalogue items through the
link kinds their apps declare (``standard_link_kinds``), with the same gap rules."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.enforcement import services as enforcement
from gongkai.standards import links, services
from gongkai.standards.gaps import GapComputer
from tests.enforcement.factories import decision
from tests.services.factories import complete_item, library


def gaps(item):
    item.refresh_from_db()
    return GapComputer().state(item)


@pytest.mark.django_db
def test_apps_declare_their_kinds():
    assert {"service_guide", "enforcement_decisions"} <= set(links.link_kinds())


@pytest.mark.django_db
def test_a_published_guide_fulfils_an_item(item, editor, agency):
    library()
    kind = links.link_kind("service_guide")
    assert kind.validate(agency, "NO-SUCH") is not None
    guide_item = complete_item(agency)
    assert kind.validate(agency, guide_item.code) is None
    services.link_add(actor=editor, item=item, kind="service_guide", target=guide_item.code)
    state = gaps(item)
    assert state.gaps == []
    [entry] = state.links[0].resolution.items
    assert entry.url == f"/{agency.slug}/services/items/{guide_item.code}/"


@pytest.mark.django_db
def test_decisions_published_late_are_a_gap(item, editor, agency):
    kind = links.link_kind("enforcement_decisions")
    assert kind.validate(agency, "bribery") is not None
    services.link_add(actor=editor, item=item, kind="enforcement_decisions", target="penalty")
    assert gaps(item).gaps == ["empty"]
    # Decided Friday 2025-09-26; published 2025-11-14, long after 20 working days.
    late = decision(agency, decided_on=dt.date(2025, 9, 26), today=dt.date(2025, 11, 14))
    enforcement.decision_publish(actor=None, decision=late, today=dt.date(2025, 11, 14))
    state = gaps(item)
    assert state.gaps == ["late"] and state.links[0].late == 1
    prompt = decision(agency, decided_on=dt.date(2025, 11, 10), today=dt.date(2025, 11, 12))
    enforcement.decision_publish(actor=None, decision=prompt, today=dt.date(2025, 11, 12))
    state = gaps(item)
    assert state.gaps == [] and (state.links[0].timely, state.links[0].late) == (1, 1)
