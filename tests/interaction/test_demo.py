"""The demo loader: every state, both channels, both years, idempotent."""

import pytest

from gongkai.core.models import Role
from gongkai.interaction.demo import load_interaction_demo
from gongkai.interaction.models import Message, MessageStatus, Publication
from tests.factories import DepartmentFactory, staff


@pytest.mark.django_db
def test_demo_covers_every_state_and_loads_once(agency, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    DepartmentFactory(agency=agency, name="办公室")
    staff(Role.DISCLOSURE_OFFICER, agency, "officer")
    counts = load_interaction_demo(messages=40)
    assert counts == {"messages": 40, "hotline_orders": 20}
    assert set(Message.objects.values_list("status", flat=True)) == set(MessageStatus.values)
    assert {2025, 2026} <= {m.received_at.year for m in Message.objects.all()}
    assert Message.objects.filter(publication=Publication.APPROVED).exists()
    assert Message.objects.filter(answered_in_time=False).exists()
    assert load_interaction_demo(messages=40) == {"messages": 0, "hotline_orders": 0}
    assert Message.objects.count() == 60
