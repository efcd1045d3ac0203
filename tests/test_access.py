"""Every view declares who may use it; every staff page and API endpoint checks it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.api import api
from gongkai.core.access import ACCESS_ATTR
from gongkai.core.models import Role
from tests.factories import staff

# Views that carry their own access control: Django's admin (staff + policy hooks) and
# the i18n language switch (a harmless preference), ninja's own docs and schema views.
THIRD_PARTY_PREFIXES = ("django.contrib.admin", "django.contrib.contenttypes.views",
                        "django.views.i18n", "ninja.")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _origin(callback):
    view = getattr(callback, "view_class", None) or callback
    return f"{view.__module__}.{getattr(view, '__qualname__', view)}"


def test_every_view_declares_its_access():
    undeclared = []
    for route, pattern in _walk(get_resolver().url_patterns):
        callback = pattern.callback
        if _origin(callback).startswith(THIRD_PARTY_PREFIXES):
            continue
        if route.startswith("api/v1/"):
            continue  # checked per operation below
        if route.startswith("staff/admin/"):
            continue  # the admin site requires staff; its policies are tested below
        if route == "media/agency-logos/<path:path>":
            continue  # agency logos are public by nature
        if not getattr(callback, ACCESS_ATTR, None):
            undeclared.append(route)
    assert undeclared == []


def test_every_api_operation_has_auth_or_is_declared_public():
    undeclared = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                public = getattr(operation.view_func, ACCESS_ATTR, None) == "public"
                if not operation.auth_callbacks and not public:
                    undeclared.append(f"{operation.methods} {path}")
                if operation.auth_callbacks and public:
                    undeclared.append(f"{operation.methods} {path} (both public and authed)")
    assert undeclared == []


STAFF_GETS = ["staff:workspace", "staff:tokens", "staff:audit_list", "staff:calendar",
              "staff:job_list"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", STAFF_GETS)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


@pytest.mark.django_db
def test_public_user_cannot_enter_staff_pages(client, public_user):
    client.force_login(public_user)
    assert client.get(reverse("staff:workspace")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "kwargs"),
    [
        ("staff:calendar_day", {"year": 2027}),
        ("staff:calendar_import", {"year": 2027}),
        ("staff:calendar_declare", {"year": 2027}),
        ("staff:job_retry", {"run_id": 1}),
    ],
)
def test_editor_cannot_change_calendar_or_jobs(client, agency, url, kwargs):
    client.force_login(staff(Role.EDITOR, agency))
    assert client.post(reverse(url, kwargs=kwargs), {"date": "2027-01-02",
                                                      "kind": "holiday"}).status_code == 403


@pytest.mark.django_db
def test_api_staff_endpoints_refuse_anonymous_and_public_users(client, public_user):
    for path in ["/api/v1/me", "/api/v1/audit/events", "/api/v1/audit/verify"]:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthenticated"
    client.force_login(public_user)
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_agency_admin_admin_site_is_scoped(client, agency_admin, agency, other_agency):
    client.force_login(agency_admin)
    listing = client.get("/staff/admin/core/agency/").content.decode()
    assert agency.name in listing and other_agency.name not in listing
    assert client.get(f"/staff/admin/core/agency/{other_agency.pk}/change/").status_code in (
        302, 403, 404)
    assert client.get("/staff/admin/core/agency/add/").status_code == 403


@pytest.mark.django_db
def test_editor_cannot_use_admin_site(client, editor):
    client.force_login(editor)
    response = client.get("/staff/admin/core/agency/")
    assert response.status_code == 403
