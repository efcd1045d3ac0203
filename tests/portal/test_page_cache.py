"""The whole-page cache (ADR 0028): a change shows on the next request, nothing personal is
ever stored or served, a cached form still takes a fresh visitor's POST, conditional GET.

The cache is off in tests (their transactions never commit, so generations would never be
bumped); these tests turn it on and run the commit hooks of their writes.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from gongkai.catalogue.services import record_withdraw
from gongkai.core.models import Department
from gongkai.core.services import department_create
from tests.catalogue.test_public_pages import publish


@pytest.fixture
def page_cache(settings):
    settings.GONGKAI_PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _url(name, agency, **kwargs):
    return reverse(f"catalogue:{name}", kwargs={"agency": agency.slug, **kwargs})


def _publish(capture, agency, **fields):
    with capture(execute=True):
        return publish(agency, **fields)


def _state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def _token(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_publish_withdraw_and_a_bulk_update_show_on_the_next_request(
        client, agency, other_agency, page_cache, django_capture_on_commit_callbacks):
    first = _publish(django_capture_on_commit_callbacks, agency, title="第一份信息",
                     document_number="")
    listing, page = _url("index", agency), _url("record", agency, pk=first.pk)
    other_home = reverse("portal:agency_home", kwargs={"agency": other_agency.slug})
    assert _state(client.get(listing)) == "miss"
    assert _state(client.get(listing)) == "hit"
    assert _state(client.get(page)) == "miss"
    assert _state(client.get(other_home)) == "miss"

    # A row of one agency invalidates that agency's pages, not another agency's.
    home = reverse("portal:agency_home", kwargs={"agency": agency.slug})
    assert _state(client.get(home)) == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        department_create(actor=None, agency=agency, name="法律援助处")
    response = client.get(home)
    assert _state(response) == "miss" and "法律援助处" in response.content.decode()
    assert _state(client.get(other_home)) == "hit"

    second = _publish(django_capture_on_commit_callbacks, agency, title="第二份信息",
                      document_number="")
    response = client.get(listing)
    assert _state(response) == "miss" and "第二份信息" in response.content.decode()
    assert client.get(_url("record", agency, pk=second.pk)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        record_withdraw(actor=None, record=second, reason="内容有误")
    assert "第二份信息" not in client.get(listing).content.decode()
    assert client.get(_url("record", agency, pk=second.pk)).status_code == 410  # gone, and said so

    # A write no signal reports (a queryset update) still invalidates: seen at the cursor.
    client.get(home)
    assert _state(client.get(home)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Department.objects.filter(agency=agency).update(name="公共法律服务处")
    response = client.get(home)
    assert _state(response) == "miss" and "公共法律服务处" in response.content.decode()


def test_nothing_personal_is_stored_or_served(client, agency, public_user, editor, page_cache):
    home = reverse("portal:agency_home", kwargs={"agency": agency.slug})
    assert _state(client.get(home)) == "miss"
    assert _state(client.get(home)) == "hit"

    for user in (public_user, editor):
        signed_in = Client()
        signed_in.force_login(user)
        response = signed_in.get(home)
        assert _state(response) is None and response["Cache-Control"] == "no-store"
    staff_page = Client()
    staff_page.force_login(editor)
    assert _state(staff_page.get("/staff/")) is None

    status = reverse("applications:status", kwargs={"agency": agency.slug})
    assert _state(client.get(status)) is None
    assert _state(client.get(status)) is None
    # An anonymous visitor with a session (a form in progress, a flash message) is served fresh.
    client.cookies["sessionid"] = "x" * 32
    assert _state(client.get(home)) is None


def test_a_cached_form_page_takes_a_fresh_visitors_post(agency, page_cache):
    """Every page holds the elder-mode and language forms; a form page also an
    idempotency key. Both are the visitor's own, not the first visitor's."""
    apply = reverse("applications:apply", kwargs={"agency": agency.slug})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(apply)
    two = second.get(apply)
    assert (_state(one), _state(two)) == ("miss", "hit")
    html_one, html_two = one.content.decode(), two.content.decode()
    assert _token(html_one, "csrfmiddlewaretoken") != _token(html_two, "csrfmiddlewaretoken")
    assert _token(html_one, "idempotency_key") != _token(html_two, "idempotency_key")
    assert "@@gk-page-cache" not in html_two
    assert "csrftoken" in two.cookies  # the fresh visitor got their own CSRF cookie

    response = second.post(reverse("portal:elder_mode"), {
        "csrfmiddlewaretoken": _token(html_two, "csrfmiddlewaretoken"), "on": "1",
        "next": apply})
    assert response.status_code == 302
    assert _state(second.get(apply)) == "miss"  # elder mode is a page of its own


def test_conditional_get(client, agency, page_cache):
    feed = _url("feed_rss", agency)
    response = client.get(feed)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(feed, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(feed, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(feed, HTTP_IF_NONE_MATCH='"other"').status_code == 200

    home = reverse("portal:agency_home", kwargs={"agency": agency.slug})
    page = client.get(home)
    assert client.get(home, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    # Another CSRF secret: the copy's token is not theirs, so a full page.
    other = Client()
    assert other.get(home, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200


def test_a_cache_outage_serves_pages_uncached(client, agency, page_cache, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(caches["pages"], "get_many", down)
    response = client.get(reverse("portal:agency_home", kwargs={"agency": agency.slug}))
    assert response.status_code == 200 and _state(response) is None
