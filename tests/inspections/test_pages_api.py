"""Public pages, DRAW.json, the API and the staff pages of random inspections."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.inspections import services, verifier
from gongkai.inspections.models import Plan, PlanStatus, PoolImport
from tests.inspections.helpers import D, drawn, entities_csv, plan

pytestmark = pytest.mark.django_db


def test_a_draft_plan_is_not_public_and_the_seed_waits_for_the_draw(client, agency):
    draft = plan(agency)
    assert client.get(f"/{agency.slug}/inspections/plans/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/inspections/draws/{draft.pk}").status_code == 404
    committed = services.plan_commit(actor=None, plan=draft, today=D(2025, 3, 3))
    page = client.get(f"/{agency.slug}/inspections/plans/{committed.pk}/").content.decode()
    assert committed.commitment in page and committed.seed not in page
    body = client.get(f"/api/v1/inspections/draws/{committed.pk}").json()
    assert body["commitment"] == committed.commitment and "revealed" not in body
    assert committed.seed not in json.dumps(body)


def test_a_drawn_plan_publishes_everything_needed_to_recompute(client, agency):
    done = drawn(agency)
    page = client.get(f"/{agency.slug}/inspections/plans/{done.pk}/").content.decode()
    assert done.seed in page and "3341.96" in page
    first = done.inspections.order_by("order").first()
    assert first.entity_name in page
    document = json.loads(client.get(f"/{agency.slug}/inspections/plans/{done.pk}/draw.json").content)
    assert verifier.verify(document) == []
    api = client.get(f"/api/v1/inspections/draws/{done.pk}").json()
    assert api["result"] == document["result"] and api["revealed"]["seed"] == done.seed
    listing = client.get("/api/v1/inspections/draws", {"agency": agency.slug}).json()
    assert [d["id"] for d in listing["results"]] == [done.pk]
    assert client.get("/api/v1/inspections/draws", {"agency": "nope"}).status_code == 422


def test_item_list_pages_and_open_data(client, agency):
    plan(agency)
    index = client.get(f"/{agency.slug}/inspections/").content.decode()
    assert "律师事务所执业情况检查" in index and "检查依据" in index
    csv_text = client.get(f"/{agency.slug}/inspections/items.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "序号,检查项目,检查子项,检查主体,检查依据,检查方式,检查内容,备注"
    data = json.loads(client.get(f"/{agency.slug}/inspections/items.json").content)
    assert data["items"][0]["item"] == "律师事务所执业情况检查"


def test_staff_import_refuses_duplicates_with_the_line(client, agency, enforcer):
    client.force_login(enforcer)
    response = client.post("/staff/inspections/import/", {
        "agency": agency.pk, "kind": "entity",
        "file": SimpleUploadedFile("pool.csv", entities_csv(3, duplicate=True))})
    text = response.content.decode()
    assert response.status_code == 200 and "与第2行重复" in text
    assert not PoolImport.objects.exists()
    response = client.post("/staff/inspections/import/", {
        "agency": agency.pk, "kind": "entity",
        "file": SimpleUploadedFile("pool.csv", entities_csv(3))})
    assert response.status_code == 302 and PoolImport.objects.get().row_count == 3


def test_staff_walk_commit_draw_result_publish(client, agency, enforcer):
    found = plan(agency, public_value_date=D(2099, 1, 1))
    client.force_login(enforcer)
    client.post(f"/staff/inspections/plans/{found.pk}/draw/", {"public_value": "1"})
    found.refresh_from_db()
    assert found.status == PlanStatus.DRAFT  # refused: no commitment yet
    client.post(f"/staff/inspections/plans/{found.pk}/commit/")
    found.refresh_from_db()
    assert found.status == PlanStatus.COMMITTED
    page = client.get(f"/staff/inspections/plans/{found.pk}/", follow=True).content.decode()
    assert found.commitment in page
    response = client.post(f"/staff/inspections/plans/{found.pk}/draw/", {"public_value": "1"},
                           follow=True)
    assert "产生后才能抽取" in response.content.decode()
    Plan.objects.filter(pk=found.pk).update(public_value_date=D(2025, 3, 5))  # the day came
    client.post(f"/staff/inspections/plans/{found.pk}/draw/", {"public_value": "3341.96"})
    found.refresh_from_db()
    assert found.status == PlanStatus.DRAWN
    inspection = found.inspections.order_by("order").first()
    today = timezone.localdate()  # drawn today: the inspection is not earlier
    client.post(f"/staff/inspections/inspections/{inspection.pk}/result/", {
        "inspected_on": today.isoformat(), "outcome": "no_issue", "note": ""})
    client.post(f"/staff/inspections/plans/{found.pk}/publish/")
    inspection.refresh_from_db()
    assert inspection.published_on is not None
