"""The demo loaders: deterministic, idempotent, clearly marked, with at least one gap."""

import pytest

from gongkai.directory.demo import load_directory_demo
from gongkai.directory.models import Entity
from gongkai.standards.demo import load_standards_demo
from gongkai.standards.gaps import GapComputer
from gongkai.standards.models import StandardItem


@pytest.mark.django_db
def test_demo_loads_twice_and_flags_gaps(agency):  # the fixture agency is "sfj"
    first = load_directory_demo()
    assert first["directory_entities"] >= 300
    assert load_directory_demo() == {"directory_entities": 0, "directory_updated": 0}
    assert Entity.objects.filter(is_demo=False).count() == 0
    assert Entity.objects.values("district").distinct().count() == 16
    assert Entity.objects.filter(kind="lawyer", parent__isnull=True).count() == 0
    made = load_standards_demo()
    assert made["standard_items"] >= 10
    assert load_standards_demo() == {"standard_items": 0, "standard_links": 0}
    states = GapComputer().states(StandardItem.objects.filter(agency=agency))
    flagged = {s.item.serial: s.gaps for s in states}
    assert flagged[7] == ["no_links"] and flagged[11] == ["no_links"]
    assert flagged[2] == [] and flagged[4] == []  # the directory fills them
