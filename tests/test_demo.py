import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_chain_verify
from gongkai.core.models import Agency, Department, Membership, Role, User


@pytest.mark.django_db
def test_demo_loads_two_agencies_and_every_role_and_is_idempotent(client):
    call_command("demo")
    counts = (Agency.objects.count(), Department.objects.count(), User.objects.count(),
              Membership.objects.count(), AuditEvent.objects.count())
    bureau = Agency.objects.get(organisation_code="002420455M")
    assert bureau.name == "上海市司法局"
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    call_command("demo")
    assert counts == (Agency.objects.count(), Department.objects.count(), User.objects.count(),
                      Membership.objects.count(), AuditEvent.objects.count())
    assert audit_chain_verify().ok
    response = client.post("/staff/login/", {"username": "admin", "password": "gongkai-demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_demo_is_refused_in_production(settings):
    from django.core.management.base import CommandError

    settings.GONGKAI_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
