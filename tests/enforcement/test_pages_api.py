"""Public pages, open data, staff pages and the API of enforcement publicity."""

import datetime as dt
import json

import pytest
import time_machine

from gongkai.enforcement import services
from gongkai.enforcement.models import Decision
from tests.enforcement.factories import decision

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agency):
    person = services.decision_publish(actor=None, decision=decision(
        agency, party_type="natural_person", party_name="张伟", facts="张伟收取规定外费用。",
        decided_on=D(2025, 4, 1)), today=D(2025, 4, 3))
    company = services.decision_publish(actor=None, decision=decision(
        agency, category="licence", decided_on=D(2024, 5, 6)), today=D(2024, 5, 7))
    decision(agency, party_name="未公开的当事人")
    return person, company


def test_public_pages_mask_a_natural_person(client, agency, published):
    person, company = published
    listing = client.get(f"/{agency.slug}/enforcement/decisions/").content.decode()
    assert "张某" in listing and "张伟" not in listing and "上海明理律师事务所" in listing
    assert "未公开的当事人" not in listing
    detail = client.get(f"/{agency.slug}/enforcement/decisions/{person.pk}/").content.decode()
    assert "张某收取规定外费用。" in detail and "张伟" not in detail
    filtered = client.get(f"/{agency.slug}/enforcement/decisions/?category=licence&year=2024")
    assert company.document_number in filtered.content.decode()
    assert person.document_number not in filtered.content.decode()
    hidden = Decision.objects.get(party_name="未公开的当事人")
    assert client.get(f"/{agency.slug}/enforcement/decisions/{hidden.pk}/").status_code == 404
    index = client.get(f"/{agency.slug}/enforcement/")
    assert index.status_code == 200 and "执法人员" in index.content.decode()


def test_sitemap_lists_only_public_decisions(client, agency, published):
    person, _company = published
    hidden = Decision.objects.get(party_name="未公开的当事人")
    xml = client.get("/sitemap-enforcement.xml").content.decode()
    assert f"/{agency.slug}/enforcement/decisions/{person.pk}/" in xml
    assert f"/enforcement/decisions/{hidden.pk}/" not in xml


def test_basis_links_to_the_law_library_when_the_article_is_there(client, agency, published):
    from gongkai.laws.models import Law, LawArticle

    law = Law.objects.create(title="中华人民共和国律师法", category="法律", source_path="t/lawyers.md",
                             sha256="0" * 64)
    LawArticle.objects.create(law=law, number="第五十条", ordinal=50, text="……")
    person, _company = published
    page = client.get(f"/{agency.slug}/enforcement/decisions/{person.pk}/").content.decode()
    assert f"/{agency.slug}/laws/{law.pk}/#a50" in page


def test_open_data_csv_and_json(client, agency, published):
    data = json.loads(client.get(f"/{agency.slug}/enforcement/decisions.json").content)
    assert {d["party"] for d in data["decisions"]} == {"张某", "上海明理律师事务所"}
    csv_text = client.get(f"/{agency.slug}/enforcement/decisions.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("document_number,category")
    assert "张伟" not in csv_text
    assert client.get(f"/{agency.slug}/enforcement/decisions.xml").status_code == 404


def test_api_lists_public_decisions_with_filters(client, agency, published):
    body = client.get("/api/v1/enforcement/decisions", {"agency": agency.slug, "year": 2025}).json()
    assert body["total"] == 1 and body["results"][0]["party"] == "张某"
    body = client.get("/api/v1/enforcement/decisions", {"category": "licence"}).json()
    assert [r["category"] for r in body["results"]] == ["licence"]
    assert client.get("/api/v1/enforcement/decisions", {"category": "fine"}).status_code == 422
    assert client.get("/api/v1/enforcement/decisions", {"agency": "nope"}).status_code == 422


def _payload(agency, **overrides):
    payload = {"agency": agency.slug, "category": "penalty", "decided_on": "2025-09-26",
               "document_number": "沪司罚决〔2025〕88号", "party": "上海某某咨询有限公司",
               "party_type": "legal_person", "facts": "无证从事法律服务。",
               "decision": "责令停止，罚款一万元。", "basis": "《中华人民共和国律师法》第五十五条"}
    payload.update(overrides)
    return payload


def test_api_staff_records_a_decision_with_publish_by(client, agency, enforcer):
    assert client.post("/api/v1/staff/enforcement/decisions", _payload(agency),
                       content_type="application/json").status_code == 401
    client.force_login(enforcer)
    response = client.post("/api/v1/staff/enforcement/decisions", _payload(agency),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["publish_by"] == "2025-10-13"
    future = client.post("/api/v1/staff/enforcement/decisions",
                         _payload(agency, decided_on="2099-01-01", document_number="沪司罚决〔2099〕1号"),
                         content_type="application/json")
    assert future.status_code == 422 and "decided_on" in future.json()["error"]["fields"]
    person = client.post("/api/v1/staff/enforcement/decisions",
                         _payload(agency, party="王五", party_type="natural_person",
                                  document_number="沪司罚决〔2025〕89号"),
                         content_type="application/json")
    assert person.json()["party_public"] == "王某"


def test_api_staff_of_another_agency_is_refused(client, agency, officer_b):
    client.force_login(officer_b)
    response = client.post("/api/v1/staff/enforcement/decisions", _payload(agency),
                           content_type="application/json")
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_staff_pages_record_publish_and_withdraw(client, agency, enforcer):
    client.force_login(enforcer)
    assert client.get("/staff/enforcement/").status_code == 200
    response = client.post("/staff/enforcement/new/", {
        "agency": agency.pk, "category": "penalty", "document_number": "沪司罚决〔2025〕5号",
        "decided_on": "2099-01-01", "party_type": "natural_person", "party_name": "张伟",
        "facts": "事实。", "basis": "依据。", "decision": "警告。"})
    assert response.status_code == 200 and "决定日期不能晚于今天" in response.content.decode()
    assert 'data-testid="form-errors"' in response.content.decode()
    response = client.post("/staff/enforcement/new/", {
        "agency": agency.pk, "category": "penalty", "document_number": "沪司罚决〔2025〕5号",
        "decided_on": "2025-09-26", "party_type": "natural_person", "party_name": "张伟",
        "facts": "事实。", "basis": "依据。", "decision": "警告。"})
    found = Decision.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/enforcement/{found.pk}/"
    client.post(f"/staff/enforcement/{found.pk}/publish/")
    found.refresh_from_db()
    assert found.status == "published" and found.published_late  # decided 2025, published now
    with time_machine.travel(dt.datetime(2026, 3, 1, 4, tzinfo=dt.UTC)):  # this year and last
        listing = client.get("/staff/enforcement/")
    late = {f.year: f.published_late for _agency, f in listing.context["summary"]}
    assert late[2025] == 1
    client.post(f"/staff/enforcement/{found.pk}/withdraw/", {
        "change_kind": "changed", "changed_on": dt.date.today().isoformat(), "reason": "复议变更。"})
    found.refresh_from_db()
    assert found.status == "withdrawn"
    page = client.get(f"/staff/enforcement/{found.pk}/").content.decode()
    assert "张伟" in page and "复议变更" in page


def test_staff_publicity_page_adds_an_officer(client, agency, enforcer):
    client.force_login(enforcer)
    response = client.post("/staff/enforcement/publicity/", {
        "form": "officer", "agency": agency.pk, "officer-name": "王建国",
        "officer-certificate_number": "31000120001", "officer-field": "律师监督"})
    assert response.status_code == 302
    public = client.get(f"/{agency.slug}/enforcement/").content.decode()
    assert "31000120001" in public
    again = client.post("/staff/enforcement/publicity/", {
        "form": "officer", "agency": agency.pk, "officer-name": "王建国",
        "officer-certificate_number": "31000120001", "officer-field": "律师监督"})
    assert "该执法证号已登记" in again.content.decode()


def test_a_held_publication_is_explained_on_the_staff_page(client, agency, enforcer):
    found = decision(agency, party_type="natural_person", party_name="张伟",
                     facts="联系电话13912345678。")
    client.force_login(enforcer)
    response = client.post(f"/staff/enforcement/{found.pk}/publish/", follow=True)
    text = response.content.decode()
    assert "保密检查发现需复核的内容，未发布" in text  # the staff page names the finding
    found.refresh_from_db()
    assert found.status == "recorded"
