"""Issue 14/9: on /staff/reports/… every message appeared twice (the staff base and the
reports' own base both rendered Django's messages)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_message_on_the_reports_pages_is_shown_once(client, agency, agency_admin):
    client.force_login(agency_admin)
    response = client.post(reverse("staff:reports_index"), {"agency": agency.pk, "year": "1999"},
                           follow=True)
    assert response.status_code == 200
    assert response.content.decode().count("请填写有效的年度。") == 1
