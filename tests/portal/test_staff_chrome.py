"""Staff pages carry the staff header (name, roles, sign-out), not the public elder toggle
and footer; the staff navigation links only to pages the person may open (issue 15)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.core.models import Membership, Role
from gongkai.core.policies import NON_STAFF_ROLES
from tests.factories import DepartmentFactory, staff


def _nav_hrefs(body: str) -> list[str]:
    nav = body.split('data-testid="staff-nav"')[1].split("</nav>")[0]
    return re.findall(r'href="(/staff/[^"]*)"', nav)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role if r not in NON_STAFF_ROLES])
def test_every_staff_nav_link_opens_for_each_role(client, agency, role):
    user = staff(role, agency, f"chrome-{role}")
    if role == Role.DEPARTMENT_HEAD:
        Membership.objects.filter(user=user).update(department=DepartmentFactory(agency=agency))
    client.force_login(user)
    body = client.get(reverse("staff:workspace")).content.decode()
    hrefs = _nav_hrefs(body)
    assert hrefs[0] == reverse("staff:workspace")
    workspace_links = re.findall(
        r'href="(/staff/[^"]*)"', body.split('aria-labelledby="h-tools"')[1].split("</section>")[0])
    for href in dict.fromkeys(hrefs + workspace_links):
        if href.startswith("/staff/admin"):
            continue  # Django admin: its own permission system
        assert client.get(href, follow=True).status_code == 200, (role, href)
    # the staff header, not the public chrome
    assert 'data-testid="staff-user"' in body and 'data-testid="elder-toggle"' not in body
    assert "工作人员入口" not in body


@pytest.mark.django_db
def test_an_officer_is_not_offered_what_answers_403(client, agency):
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "chrome-officer")
    client.force_login(officer)
    body = client.get(reverse("staff:applications_queue")).content.decode()
    hrefs = _nav_hrefs(body)
    assert reverse("staff:applications_queue") in hrefs
    assert reverse("staff:audit_list") not in hrefs
    assert client.get(reverse("staff:audit_list")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(NON_STAFF_ROLES))
def test_a_non_staff_role_gets_no_staff_chrome(client, agency, role):
    """An evaluator signs in but is not staff: the workspace refuses them outright."""
    client.force_login(staff(role, agency, f"chrome-{role}"))
    response = client.get(reverse("staff:workspace"))
    assert response.status_code == 403
    assert 'data-testid="staff-nav"' not in response.content.decode()
