"""Public pages, staff pages and the API of the directory."""

import io

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.directory.models import Entity
from tests.directory.factories import EntityFactory, LawyerFactory


@pytest.fixture
def firm_and_lawyers(agency):
    firm = EntityFactory(agency=agency, name="上海申江律师事务所", services="民事诉讼;公司法务",
                         district="黄浦区")
    zhang = LawyerFactory(agency=agency, name="张明", parent=firm, licence_number="13101201811234567")
    LawyerFactory(agency=agency, name="李华", parent=firm, district="徐汇区")
    LawyerFactory(agency=agency, name="隐藏律师", is_listed=False)
    return firm, zhang


def index(agency, **query):
    from urllib.parse import urlencode

    return reverse("directory:index", kwargs={"agency": agency.slug}) + "?" + urlencode(query)


@pytest.mark.django_db
def test_lookup_by_licence_number(client, agency, firm_and_lawyers):
    _, zhang = firm_and_lawyers
    for query in ({"licence_number": "1310 1201 8112 34567"}, {"q": "13101201811234567"}):
        html = client.get(index(agency, **query)).content.decode()
        assert "共 1 条" in html and "张明" in html and "李华" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("query,names", [
    ({"q": "申江"}, ["上海申江律师事务所"]),
    ({"kind": "lawyer"}, ["张明", "李华"]),
    ({"district": "徐汇区"}, ["李华"]),
    ({"service": "公司法务"}, ["上海申江律师事务所"]),
])
def test_search_filters(client, agency, firm_and_lawyers, query, names):
    html = client.get(index(agency, **query)).content.decode()
    assert f"共 {len(names)} 条" in html
    assert all(name in html for name in names)
    assert "隐藏律师" not in html


@pytest.mark.django_db
def test_list_query_count_does_not_grow(client, agency, django_assert_max_num_queries):
    firm = EntityFactory(agency=agency)
    for _ in range(15):
        LawyerFactory(agency=agency, parent=firm)
    with django_assert_max_num_queries(12):
        assert client.get(index(agency)).status_code == 200


@pytest.mark.django_db
def test_entity_page_and_unlisted_entries(client, agency, firm_and_lawyers):
    firm, zhang = firm_and_lawyers
    html = client.get(reverse("directory:entity", kwargs={"agency": agency.slug,
                                                           "pk": firm.pk})).content.decode()
    assert "张明" in html and "民事诉讼" in html and "隐藏律师" not in html
    hidden = Entity.objects.get(name="隐藏律师")
    assert client.get(reverse("directory:entity", kwargs={
        "agency": agency.slug, "pk": hidden.pk})).status_code == 404


@pytest.mark.django_db
def test_api_search(client, agency, firm_and_lawyers):
    body = client.get("/api/v1/directory", {"kind": "lawyer", "licence_number": "13101201811234567"}).json()
    assert body["total"] == 1 and body["results"][0]["name"] == "张明"
    assert body["results"][0]["parent_name"] == "上海申江律师事务所"
    assert client.get("/api/v1/directory", {"kind": "astrologer"}).status_code == 422
    assert client.get("/api/v1/directory", {"agency": "nobody"}).status_code == 422
    hidden = Entity.objects.get(name="隐藏律师")
    assert client.get(f"/api/v1/directory/{hidden.pk}").status_code == 404
    assert client.get(f"/api/v1/directory/{firm_and_lawyers[0].pk}").json()["kind"] == "law_firm"


@pytest.mark.django_db
def test_staff_edit_keeps_history(client, agency, editor, firm_and_lawyers):
    firm, _ = firm_and_lawyers
    client.force_login(editor)
    url = reverse("staff:directory_entity", kwargs={"pk": firm.pk})
    page = client.get(url)
    assert page.status_code == 200
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    data.update({"licence_status": "suspended", "is_listed": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    firm.refresh_from_db()
    assert firm.licence_status == "suspended"
    assert "valid → suspended" in client.get(url).content.decode()
    bad = client.post(url, {**data, "credit_code": "91350100M000100Y44"})
    assert bad.status_code == 200 and "校验位" in bad.content.decode()


@pytest.mark.django_db
def test_staff_import_page_reports_refusals(client, agency, agency_admin):
    client.force_login(agency_admin)
    upload = io.BytesIO("类别,名称或姓名,执业（许可）证号\n律师,张三,123\n".encode())
    upload.name = "名录.csv"
    page = client.post(reverse("staff:directory_import"), {"agency": agency.slug,
                                                           "file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "整批未写入" in html and "格式不正确" in html
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_staff_export_is_audited(client, agency, agency_admin, firm_and_lawyers):
    client.force_login(agency_admin)
    response = client.get(reverse("staff:directory_export"), {"agency": agency.slug,
                                                              "format": "csv"})
    assert response.status_code == 200 and "上海申江律师事务所" in response.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(verb="directory.export").exists()


@pytest.mark.django_db
def test_api_staff_create_and_import(client, agency, agency_admin, editor):
    import base64

    from gongkai.core.services import api_token_create

    _, secret = api_token_create(actor=editor, user=editor, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    created = client.post("/api/v1/directory/entities", {
        "agency": agency.slug, "kind": "notary_office", "name": "上海市东方公证处",
        "licence_number": "310000"}, content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    refused = client.post("/api/v1/directory/entities", {
        "agency": agency.slug, "kind": "notary", "name": "某公证员", "licence_number": "12"},
        content_type="application/json", **headers)
    assert refused.status_code == 422 and "licence_number" in refused.json()["error"]["fields"]
    data = base64.b64encode("类别,名称或姓名\n法律援助中心,黄浦区法律援助中心\n".encode()).decode()
    denied = client.post("/api/v1/directory/import", {"agency": agency.slug,
                                                      "filename": "a.csv",
                                                      "content_base64": data},
                         content_type="application/json", **headers)
    assert denied.status_code == 403


@pytest.mark.django_db
def test_sitemap_lists_listed_entries_only(client, agency, firm_and_lawyers):
    firm, _ = firm_and_lawyers
    hidden = Entity.objects.get(name="隐藏律师")
    body = client.get(reverse("portal:sitemap_section", kwargs={"section": "directory"}))
    text = body.content.decode()
    assert body.status_code == 200
    assert f"/{agency.slug}/directory/{firm.pk}/" in text
    assert f"/{agency.slug}/directory/{hidden.pk}/" not in text
    standards = client.get(reverse("portal:sitemap_section", kwargs={"section": "standards"}))
    assert standards.status_code == 200 and f"/{agency.slug}/standards/" in standards.content.decode()
