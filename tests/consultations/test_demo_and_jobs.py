import datetime as dt

import pytest
import time_machine

from gongkai.consultations.demo import CLOSED_TITLE, OPEN_TITLE, load_consultations_demo
from gongkai.consultations.models import Consultation, Decision
from tests.factories import AgencyFactory


@pytest.fixture
def bureau(db):
    return AgencyFactory(slug="sfj", name="上海市司法局", organisation_code="002420455M")


def test_demo_is_idempotent_and_shows_every_stage(bureau):
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        first = load_consultations_demo()
        again = load_consultations_demo()
    assert first["decisions"] == 4 and first["consultations"] == 2
    assert first["attendance_calls"] == 1
    assert again == {"decisions": 0, "consultations": 0, "comments": 0, "attendance_calls": 0}
    assert Consultation.objects.get(title=OPEN_TITLE).status == "open"
    closed = Consultation.objects.get(title=CLOSED_TITLE)
    assert closed.status == "reported" and closed.report.record.status == "published"
    stages = {d.title: d.current_stage for d in Decision.objects.all()}
    assert len(set(stages.values())) >= 3


def test_tick_job_runs_the_schedule(bureau):
    from gongkai.consultations import jobs
    from tests.consultations.factories import consultation

    c = consultation(bureau)
    from gongkai.consultations import services

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        services.consultation_schedule(actor=None, consultation=c, opens_on=dt.date(2026, 3, 3),
                                       closes_on=dt.date(2026, 3, 20))
    from gongkai.jobs.registry import PERIODIC

    assert jobs.tick is not None
    assert any(p.name == "consultations.tick" and p.every_minutes == 15 for p in PERIODIC)
    with time_machine.travel(dt.datetime(2026, 3, 3, 1, 0, tzinfo=dt.UTC), tick=False):
        assert services.tick() == {"opened": 1, "closed": 0}
    c.refresh_from_db()
    assert c.status == "open" and c.events.filter(verb="open", actor=None).exists()
