import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.models import Role
from gongkai.services import services
from gongkai.services.models import (
    GuideStatus,
    Power,
    PowerVersion,
    Scenario,
    ScenarioChoice,
    ScenarioQuestion,
    ServiceGuide,
)
from tests.factories import staff
from tests.services.factories import complete_item, library


@pytest.fixture
def laws(db):
    return library()


@pytest.fixture
def scenario(agency, laws):
    complete_item(agency)
    s = Scenario.objects.create(agency=agency, slug="legal-aid", title="申请法律援助",
                                item_codes=["FLYZ-001"])
    q1 = ScenarioQuestion.objects.create(scenario=s, order=1, key="matter", text="是什么事项？")
    ScenarioChoice.objects.create(question=q1, order=1, value="labour", label="讨要劳动报酬",
                                  tags=["exempt"])
    ScenarioChoice.objects.create(question=q1, order=2, value="criminal", label="刑事案件被告人",
                                  stop_message="刑事案件由法院、检察院或公安机关通知指派。")
    ScenarioChoice.objects.create(question=q1, order=3, value="other", label="其他民事事项")
    q2 = ScenarioQuestion.objects.create(scenario=s, order=2, key="means", text="经济状况？")
    ScenarioChoice.objects.create(question=q2, order=1, value="low", label="低保",
                                  tags=["low_income"])
    ScenarioChoice.objects.create(question=q2, order=2, value="other", label="其他",
                                  tags=["needs_means"])
    return s


def test_guide_page_shows_every_field_and_the_due_date(client, agency, laws):
    item = complete_item(agency)
    response = client.get(f"/sfj/services/items/{item.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("申请条件", "经济困难", "法律援助申请表", "下载空白表格", "办理流程", "<svg",
                 "法定办结时限", "7 个工作日", "今天（", "不收费", "各区公共法律服务中心", "12348",
                 "需要多久？", "上次更新", "《中华人民共和国法律援助法》第四十三条"):
        assert text in page, text
    assert 'role="img"' in page and "<ol data-testid=\"steps\">" in page


def test_a_draft_guide_and_its_files_are_not_public(client, agency, laws):
    item = complete_item(agency, publish=False)
    assert client.get(f"/sfj/services/items/{item.code}/").status_code == 404
    stored = item.guides.get().materials.first().files.first()
    assert client.get(f"/sfj/services/files/{stored.pk}/{stored.original_name}").status_code == 404
    assert item.name not in client.get("/sfj/services/").content.decode()


def test_file_download(client, agency, laws):
    item = complete_item(agency)
    stored = item.guides.get().materials.first().files.first()
    response = client.get(f"/sfj/services/files/{stored.pk}/{stored.original_name}")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == stored.sha256
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/sfj/services/files/{stored.pk}/x.docx").status_code == 302


def test_scenario_walks_one_question_at_a_time(client, agency, scenario):
    url = "/sfj/services/i-want/legal-aid/"
    first = client.get(url).content.decode()
    assert "是什么事项？" in first and "第 1 步，共 2 步" in first
    second = client.get(url, {"matter": "other"}).content.decode()
    assert "经济状况？" in second and 'name="matter" value="other"' in second
    done = client.get(url, {"matter": "other", "means": "other"}).content.decode()
    assert "法律援助申请表" in done and "经济困难状况说明表" in done and "下载空白表格" in done
    exempt = client.get(url, {"matter": "labour", "means": "low"}).content.decode()
    assert "法律援助申请表" in exempt and "经济困难状况说明表" not in exempt
    stop = client.get(url, {"matter": "criminal"}).content.decode()
    assert "由法院、检察院或公安机关通知指派" in stop and "经济状况？" not in stop
    bad = client.get(url, {"matter": "nonsense"}).content.decode()
    assert "请从列出的选项中选择一项" in bad


def test_power_list_of_a_date_change_log_and_open_data(client, agency, laws):
    power = services.power_create(actor=None, agency=agency, code="QL-1", power_type="licensing",
                                  name="律师执业许可", basis=[{"law": "律师法", "article": "第六条"}],
                                  effective_on=dt.date(2025, 1, 1), reason="初始")
    services.power_change(actor=None, power=power, effective_on=dt.date(2025, 7, 1),
                          reason="名称调整", name="律师执业许可（新）")
    old = client.get("/sfj/services/powers/", {"on": "2025-02-01"}).content.decode()
    assert "律师执业许可" in old and "律师执业许可（新）" not in old
    assert "律师执业许可（新）" in client.get("/sfj/services/powers/").content.decode()
    bad = client.get("/sfj/services/powers/", {"on": "2025-13-01"}).content.decode()
    assert "日期格式应为" in bad
    detail = client.get("/sfj/services/powers/QL-1/").content.decode()
    assert "名称调整" in detail and "/sfj/laws/" in detail and "第六条" in detail
    assert "名称调整" in client.get("/sfj/services/powers/changes/").content.decode()
    csv_text = client.get("/sfj/services/powers/data.csv", {"on": "2025-02-01"}).content.decode()
    assert "QL-1,行政许可,律师执业许可," in csv_text
    assert client.get("/sfj/services/powers/data.json").json()[0]["name"] == "律师执业许可（新）"


def test_power_list_query_count_does_not_grow(client, agency, laws):
    for n in range(3):
        services.power_create(actor=None, agency=agency, code=f"Q{n}", power_type="other",
                              name=f"事项{n}", basis=[], effective_on=dt.date(2025, 1, 1),
                              reason="r")
    with CaptureQueriesContext(connection) as few:
        client.get("/sfj/services/powers/")
    for n in range(3, 20):
        services.power_create(actor=None, agency=agency, code=f"Q{n}", power_type="other",
                              name=f"事项{n}", basis=[], effective_on=dt.date(2025, 1, 1),
                              reason="r")
    with CaptureQueriesContext(connection) as many:
        client.get("/sfj/services/powers/")
    assert len(many) == len(few)


def test_staff_edit_submit_approve_through_pages(client, agency, laws):
    editor = staff(Role.EDITOR, agency)
    reviewer = staff(Role.REVIEWER, agency)
    client.force_login(editor)
    response = client.post("/staff/services/items/new/", {"agency": agency.pk, "code": "GZ-1",
                                                          "name": "办理公证"})
    guide = ServiceGuide.objects.get(item__code="GZ-1")
    assert response.status_code == 302
    page = client.get(f"/staff/services/guides/{guide.pk}/").content.decode()
    assert "发布前还需填写" in page
    response = client.post(f"/staff/services/guides/{guide.pk}/submit/")
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT  # incomplete: refused with a message
    client.post(f"/staff/services/guides/{guide.pk}/", {
        "conditions": "当事人", "steps": "申请\n受理\n出证", "statutory_days": "15",
        "promised_days": "10", "fees": "按标准收费", "place": "公证处", "hours": "工作日",
        "contacts": "12348", "basis": "中华人民共和国法律援助法 第二条", "faqs": "问|答"})
    client.post(f"/staff/services/guides/{guide.pk}/materials/", {"name": "身份证"})
    guide.refresh_from_db()
    assert guide.steps == ["申请", "受理", "出证"] and guide.faqs == [{"question": "问", "answer": "答"}]
    material = guide.materials.get()
    from django.core.files.uploadedfile import SimpleUploadedFile
    client.post(f"/staff/services/materials/{material.pk}/files/", {
        "kind": "blank", "file": SimpleUploadedFile("表.exe", b"MZ\x90\x00")})
    assert not material.files.exists()
    client.post(f"/staff/services/guides/{guide.pk}/submit/")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW
    assert client.post(f"/staff/services/guides/{guide.pk}/approve/").status_code == 403
    client.force_login(reviewer)
    client.post(f"/staff/services/guides/{guide.pk}/approve/")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED


def test_staff_power_form_and_import_page(client, agency, laws):
    admin = staff(Role.AGENCY_ADMIN, agency)
    client.force_login(admin)
    response = client.post("/staff/services/powers/new/", {
        "agency": agency.pk, "code": "QL-9", "power_type": "penalty", "name": "对律师的处罚",
        "basis": "律师法 第四十七条", "effective_on": "2025-01-01", "reason": "新增"})
    assert response.status_code == 302
    power = Power.objects.get(code="QL-9")
    refused = client.post(f"/staff/services/powers/{power.pk}/", {
        "power_type": "penalty", "name": "对律师的处罚", "basis": "无此法 第一条",
        "effective_on": "2025-02-01", "reason": "调整"}).content.decode()
    assert "不在法律法规库中" in refused and 'data-testid="form-errors"' in refused
    from django.core.files.uploadedfile import SimpleUploadedFile
    upload = SimpleUploadedFile("p.csv", "code,type,name,basis\nQL-9,行政处罚,x,\n".encode())
    page = client.post("/staff/services/powers/import/", {
        "agency": agency.pk, "effective_on": "2025-03-01", "file": upload}).content.decode()
    assert "未写入任何内容" in page and "第 2 行" in page
    assert PowerVersion.objects.filter(power=power).count() == 1
    export = client.get("/staff/services/powers/export/", {"agency": agency.slug})
    assert "QL-9" in export.content.decode()


def test_power_list_pages(client, agency, laws, monkeypatch):
    from gongkai.services import views

    monkeypatch.setattr(views, "POWERS_PER_PAGE", 2)
    for n in range(3):
        services.power_create(actor=None, agency=agency, code=f"Q{n}", power_type="other",
                              name=f"事项{n}", basis=[], effective_on=dt.date(2025, 1, 1),
                              reason="r")
    first = client.get("/sfj/services/powers/").content.decode()
    second = client.get("/sfj/services/powers/", {"page": "2"}).content.decode()
    assert "共 3 项" in first and "事项0" in first and "事项2" not in first
    assert "事项2" in second and 'rel="prev"' in second


def test_staff_edit_a_scenario_as_data(client, agency, scenario):
    import json

    client.force_login(staff(Role.EDITOR, agency))
    page = client.get("/staff/services/scenarios/", {"slug": "legal-aid"}).content.decode()
    assert "是什么事项？" in page
    data = json.loads(client.get("/staff/services/scenarios/", {"slug": "legal-aid"})
                      .context["text"])
    data["questions"][0]["text"] = "您遇到的是什么事？"
    data["questions"].pop()  # drop the means question
    response = client.post("/staff/services/scenarios/", {"agency": agency.pk,
                                                          "data": json.dumps(data)})
    assert response.status_code == 302
    public = client.get("/sfj/services/i-want/legal-aid/", {"matter": "other"}).content.decode()
    assert "您需要办理的事项" in public  # one question now: done after it
    assert "您遇到的是什么事？" in client.get("/sfj/services/i-want/legal-aid/").content.decode()
    bad = client.post("/staff/services/scenarios/", {"agency": agency.pk, "data": "{"})
    assert "不是有效的 JSON" in bad.content.decode()
    dup = {**data, "questions": data["questions"] * 2}
    refused = client.post("/staff/services/scenarios/", {"agency": agency.pk,
                                                         "data": json.dumps(dup)})
    assert "不重复的参数名" in refused.content.decode()
    assert Scenario.objects.get(slug="legal-aid").questions.count() == 1


def test_staff_download_a_draft_form_but_not_another_agencys(client, agency, other_agency, laws):
    item = complete_item(agency, publish=False)
    stored = item.guides.get().materials.first().files.first()
    client.force_login(staff(Role.REVIEWER, agency))
    response = client.get(f"/staff/services/files/{stored.pk}/")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and hashlib.sha256(body).hexdigest() == stored.sha256
    client.force_login(staff(Role.AGENCY_ADMIN, other_agency))
    assert client.get(f"/staff/services/files/{stored.pk}/").status_code == 403
