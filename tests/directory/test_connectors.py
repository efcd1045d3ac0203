"""The connectors against a real HTTP server on loopback: good, garbage, slow, 500 and
down answers; retries; the public page and the API never answer 5xx and store nothing."""

import time

import pytest
from django.urls import reverse

from gongkai.directory import connectors
from gongkai.directory.connectors import DISABLED_MESSAGE, NOT_FOUND_MESSAGE, UNAVAILABLE_MESSAGE
from gongkai.directory.models import ConnectorConfig
from tests.directory.fake_system import SLOW_SECONDS, FakeSystem


@pytest.fixture
def fake():
    with FakeSystem() as system:
        yield system


def config(agency, url, **over):
    fields = {"base_url": url, "timeout_seconds": 0.5, "retries": 1, "enabled": True}
    fields.update(over)
    return ConnectorConfig.objects.create(agency=agency, system="notary", **fields)


@pytest.mark.django_db
def test_good_answer(agency, fake):
    result = connectors.status_lookup(config=config(agency, fake.url), number="GOOD2026-1")
    assert result.available and result.found
    assert result.status_label == "已出证" and [s.label for s in result.steps] == ["受理", "出证"]
    assert fake.paths == ["/api/status"] and fake.hits["GOOD2026-1"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["GARB-1", "SHAPE-1", "HUGE-1"])
def test_garbage_is_unavailable_and_not_retried(agency, fake, number):
    result = connectors.status_lookup(config=config(agency, fake.url, retries=3), number=number)
    assert not result.available and result.message == UNAVAILABLE_MESSAGE
    assert fake.hits[number] == 1


@pytest.mark.django_db
def test_500_is_retried_then_unavailable(agency, fake):
    result = connectors.status_lookup(config=config(agency, fake.url, retries=2),
                                      number="FAIL-1")
    assert result.message == UNAVAILABLE_MESSAGE and fake.hits["FAIL-1"] == 3


@pytest.mark.django_db
def test_a_passing_500_is_cured_by_a_retry(agency, fake):
    result = connectors.status_lookup(config=config(agency, fake.url), number="FLAKY-1")
    assert result.found and fake.hits["FLAKY-1"] == 2


@pytest.mark.django_db
def test_slow_answer_times_out_within_the_budget(agency, fake):
    started = time.monotonic()
    result = connectors.status_lookup(config=config(agency, fake.url, retries=1),
                                      number="SLOW-1")
    elapsed = time.monotonic() - started
    assert result.message == UNAVAILABLE_MESSAGE
    assert fake.hits["SLOW-1"] == 2  # a timeout is worth one more try
    assert elapsed < 2 * SLOW_SECONDS  # two 0.5 s attempts, not two full answers


@pytest.mark.django_db
def test_unknown_number_and_disabled_connector(agency, fake):
    cfg = config(agency, fake.url)
    assert connectors.status_lookup(config=cfg, number="GONE-1").message == NOT_FOUND_MESSAGE
    cfg.enabled = False
    assert connectors.status_lookup(config=cfg, number="GOOD-1").message == DISABLED_MESSAGE
    assert connectors.status_lookup(config=None, number="GOOD-1").message == DISABLED_MESSAGE


@pytest.mark.django_db
def test_system_down(agency):
    with FakeSystem() as gone:
        url = gone.url  # the port is free again once the server is closed
    result = connectors.status_lookup(config=config(agency, url), number="GOOD-1")
    assert result.message == UNAVAILABLE_MESSAGE


@pytest.mark.django_db
def test_public_page_shows_the_answer_and_stores_nothing(client, agency, fake):
    from django.apps import apps

    config(agency, fake.url)
    url = reverse("directory:lookup", kwargs={"agency": agency.slug})
    assert client.get(url).status_code == 200
    before = {m._meta.label: m.objects.count() for m in apps.get_models()}
    page = client.post(url, {"system": "notary", "number": "GOOD2026-7"})
    assert page.status_code == 200 and "已出证" in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    for number in ("GARB-7", "FAIL-7", "SLOW-7"):
        page = client.post(url, {"system": "notary", "number": number})
        assert page.status_code == 200 and UNAVAILABLE_MESSAGE in page.content.decode()
    after = {m._meta.label: m.objects.count() for m in apps.get_models()}
    assert after == before  # not the number, not the answer, not an audit event


@pytest.mark.django_db
def test_public_page_refuses_a_malformed_number(client, agency):
    url = reverse("directory:lookup", kwargs={"agency": agency.slug})
    page = client.post(url, {"system": "notary", "number": "<script>"})
    assert page.status_code == 200 and "编号只能包含" in page.content.decode()


@pytest.mark.django_db
def test_api_lookup(client, agency, fake):
    config(agency, fake.url)
    ok = client.post("/api/v1/directory/lookup", {"agency": agency.slug, "system": "notary",
                                                  "number": "GOOD-9"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status_label"] == "已出证"
    down = client.post("/api/v1/directory/lookup", {"agency": agency.slug, "system": "notary",
                                                    "number": "FAIL-9"},
                       content_type="application/json")
    assert down.status_code == 200 and down.json()["message"] == UNAVAILABLE_MESSAGE
    bad = client.post("/api/v1/directory/lookup", {"agency": agency.slug, "system": "notary",
                                                   "number": "<x>!!"},
                      content_type="application/json")
    assert bad.status_code == 422


@pytest.mark.django_db
def test_staff_can_test_a_connection(client, agency, agency_admin, editor, fake):
    config(agency, fake.url, enabled=False)
    url = reverse("staff:directory_connector_test", kwargs={"agency": agency.slug,
                                                            "system": "notary"})
    client.force_login(editor)
    assert client.post(url, {"number": "GOOD-1"}).status_code == 403
    client.force_login(agency_admin)
    page = client.post(url, {"number": "GOOD-1"}, follow=True)
    assert "连接正常" in page.content.decode() and "已出证" in page.content.decode()
    page = client.post(url, {"number": "GARB-1"}, follow=True)
    assert "连接失败" in page.content.decode()
    assert ConnectorConfig.objects.get().enabled is False  # the test changed nothing
