import pytest

from gongkai.services import selectors
from gongkai.services.demo import load_services_demo
from gongkai.services.models import GuideStatus, Power, Scenario, ServiceGuide


@pytest.fixture
def fixture_library(db):
    """The small law library ``make run`` falls back to (no corpus)."""
    from gongkai.laws.demo import FIXTURES
    from gongkai.laws.services import laws_import

    laws_import(FIXTURES, index_async=True)


def test_demo_with_the_fixture_library_is_idempotent(agency, fixture_library):
    first = load_services_demo()
    assert first["powers"] >= 30 and first["scenarios"] == 5 and first["forms"] >= 5
    # Only the laws in the library back a basis; the legal-aid guide is fully backed.
    assert first["bases_skipped"] > 0
    assert ServiceGuide.objects.get(item__code="FW-001").status == GuideStatus.PUBLISHED
    assert load_services_demo() == {"powers": 0, "adjustments": 0, "guides": 0, "forms": 0,
                                    "scenarios": 0, "bases_skipped": 0}
    assert Power.objects.count() == first["powers"]
    scenario = Scenario.objects.get(slug="legal-aid")
    state = selectors.scenario_walk(scenario, {"matter": "wages", "means": "other", "who": "self"})
    names = [m.material.name for m in state.outcomes[0].materials]
    assert "经济困难状况说明表" in names and "代理人身份证明及代理权证明" not in names
    assert any(m.files for m in state.outcomes[0].materials)
