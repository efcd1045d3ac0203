import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.services import services
from gongkai.services.models import GuideStatus, Power
from tests.factories import staff
from tests.services.factories import LAWYERS, complete_item, library


@pytest.fixture
def laws(db):
    return library()


@pytest.fixture
def powers(agency, laws):
    p = services.power_create(actor=None, agency=agency, code="QL-1", power_type="licensing",
                              name="律师执业许可", basis=[{"law": LAWYERS, "article": "第六条"}],
                              effective_on=dt.date(2025, 1, 1), reason="初始")
    services.power_create(actor=None, agency=agency, code="QL-2", power_type="penalty",
                          name="对律师的处罚", basis=[{"law": LAWYERS, "article": "第四十七条"}],
                          effective_on=dt.date(2025, 6, 1), reason="新增")
    return p


def test_power_list_by_date_and_type(client, powers):
    body = client.get("/api/v1/powers", {"agency": "sfj", "on": "2025-03-01"}).json()
    assert [p["code"] for p in body["results"]] == ["QL-1"]
    body = client.get("/api/v1/powers", {"agency": "sfj", "type": "penalty"}).json()
    assert [p["code"] for p in body["results"]] == ["QL-2"]
    assert client.get("/api/v1/powers", {"type": "permit"}).status_code == 422
    assert client.get("/api/v1/powers", {"agency": "nope"}).status_code == 422


def test_power_detail_with_basis_and_changes(client, powers):
    body = client.get("/api/v1/powers/QL-1", {"agency": "sfj"}).json()
    assert body["basis"] == [{"law": LAWYERS, "article": "第六条",
                              "url": body["basis"][0]["url"], "in_force": True}]
    assert body["basis"][0]["url"].startswith("/sfj/laws/") and body["basis"][0]["url"].endswith("#a2")
    assert body["changes"][0]["reason"] == "初始" and body["type_label"] == "行政许可"
    assert client.get("/api/v1/powers/QL-2", {"on": "2025-01-02"}).status_code == 404


def test_services_list_and_guide(client, agency, laws):
    item = complete_item(agency)
    listed = client.get("/api/v1/services", {"agency": "sfj", "q": "援助"}).json()
    assert [i["code"] for i in listed["results"]] == [item.code]
    body = client.get(f"/api/v1/services/{item.pk}").json()
    assert body["steps"] == ["提交申请", "审查", "作出决定", "指派律师"]
    limits = {limit["kind"]: limit for limit in body["time_limits"]}
    assert limits["statutory"]["working_days"] == 7 and limits["promised"]["working_days"] == 5
    assert dt.date.fromisoformat(limits["promised"]["due_if_filed_today"]) > dt.date.today()
    assert body["materials"][0]["files"][0]["url"].startswith("/sfj/services/files/")
    assert client.get(f"/api/v1/services/{item.code}", {"agency": "sfj"}).json()["id"] == item.pk
    assert client.get("/api/v1/services/999999").status_code == 404


def test_staff_writes_are_checked_and_audited(client, agency, other_agency, powers):
    editor = staff(Role.EDITOR, agency)
    reviewer = staff(Role.REVIEWER, agency)
    outsider = staff(Role.EDITOR, other_agency)
    payload = {"agency": "sfj", "code": "QL-3", "type": "inspection", "name": "律师事务所检查",
               "basis": [{"law": "律师法", "article": "第六条"}], "effective_on": "2025-07-01",
               "reason": "新增"}
    client.force_login(reviewer)
    assert client.post("/api/v1/staff/powers", payload, content_type="application/json").status_code == 403
    client.force_login(outsider)
    assert client.post("/api/v1/staff/powers", payload, content_type="application/json").status_code == 403
    client.force_login(editor)
    bad = client.post("/api/v1/staff/powers", {**payload, "basis": [{"law": "无此法", "article": "1"}]},
                      content_type="application/json")
    assert bad.status_code == 422 and "不在法律法规库中" in bad.json()["error"]["message"]
    created = client.post("/api/v1/staff/powers", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    changed = client.post("/api/v1/staff/powers/change", {
        "agency": "sfj", "code": "QL-3", "name": "律师事务所年度检查", "effective_on": "2025-08-01",
        "reason": "名称"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    missing = client.post("/api/v1/staff/powers/change", {"agency": "sfj"},
                          content_type="application/json")
    assert missing.status_code == 422
    assert AuditEvent.objects.filter(verb__startswith="services.power", actor_id=editor.pk).count() == 2


def test_staff_import_and_export(client, agency, powers):
    admin = staff(Role.AGENCY_ADMIN, agency)
    client.force_login(admin)
    export = client.get("/api/v1/staff/powers/export", {"agency": "sfj"})
    rows = json.loads(export.content)
    rows[0]["responsibilities"] = "审查申请材料"
    rows[0]["reason"] = "补充责任事项"
    upload = SimpleUploadedFile("p.json", json.dumps(rows, ensure_ascii=False).encode())
    report = client.post("/api/v1/staff/powers/import", {
        "agency": "sfj", "effective_on": "2025-09-01", "file": upload}).json()
    assert report == {"ok": True, "created": 0, "changed": 1, "unchanged": 1, "errors": []}
    rows.append(dict(rows[1]))
    upload = SimpleUploadedFile("p.json", json.dumps(rows, ensure_ascii=False).encode())
    report = client.post("/api/v1/staff/powers/import", {
        "agency": "sfj", "effective_on": "2025-10-01", "file": upload}).json()
    assert not report["ok"] and report["errors"][0]["row"] == 4
    assert Power.objects.get(code="QL-1").versions.count() == 2


def test_staff_guide_transitions(client, agency, laws):
    item = complete_item(agency, publish=False)
    guide = item.guides.get()
    editor = staff(Role.EDITOR, agency)
    client.force_login(editor)
    response = client.post("/api/v1/staff/guides/approve", {"guide": guide.pk},
                           content_type="application/json")
    assert response.status_code == 403
    assert client.post("/api/v1/staff/guides/submit", {"guide": guide.pk},
                       content_type="application/json").json()["status"] == GuideStatus.IN_REVIEW
    again = client.post("/api/v1/staff/guides/submit", {"guide": guide.pk},
                        content_type="application/json")
    assert again.status_code == 409
    client.force_login(staff(Role.REVIEWER, agency))
    assert client.post("/api/v1/staff/guides/approve", {"guide": guide.pk},
                       content_type="application/json").json()["status"] == GuideStatus.PUBLISHED


def test_incomplete_guide_is_422_with_the_missing_fields(client, agency, laws):
    item = services.item_create(actor=None, agency=agency, code="X", name="x")
    client.force_login(staff(Role.EDITOR, agency))
    response = client.post("/api/v1/staff/guides/submit", {"guide": item.guides.get().pk},
                           content_type="application/json")
    assert response.status_code == 422 and "申请条件" in response.json()["error"]["message"]
