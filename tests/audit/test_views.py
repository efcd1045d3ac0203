import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.audit.services import audit_record
from gongkai.core.models import Role
from tests.factories import staff


@pytest.fixture
def events(agency, other_agency):
    with transaction.atomic():
        audit_record(actor=None, verb="agency.update", agency=agency, obj=agency)
        audit_record(actor=None, verb="agency.update", agency=other_agency, obj=other_agency)
        audit_record(actor=None, verb="calendar.day_set", details={"date": "2027-01-01"})


@pytest.mark.django_db
def test_agency_admin_sees_only_own_agency(client, agency_admin, events, agency, other_agency):
    client.force_login(agency_admin)
    page = client.get(reverse("staff:audit_list")).content.decode()
    assert agency.name in page
    assert other_agency.name not in page


@pytest.mark.django_db
def test_platform_admin_sees_all_and_filters(client, platform_admin, events, other_agency):
    client.force_login(platform_admin)
    page = client.get(reverse("staff:audit_list")).content.decode()
    assert other_agency.name in page and "calendar.day_set" in page
    filtered = client.get(reverse("staff:audit_list"), {"verb": "calendar"}).content.decode()
    assert "<code>calendar.day_set</code>" in filtered
    assert "<code>agency.update</code>" not in filtered


@pytest.mark.django_db
def test_editor_may_not_browse_audit(client, agency):
    client.force_login(staff(Role.EDITOR, agency))
    assert client.get(reverse("staff:audit_list")).status_code == 403
