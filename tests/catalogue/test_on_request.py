"""issue 14 #11: the catalogue of information disclosed on request (依申请公开信息目录):
metadata of reviewed entries only, per agency setting, each with a link that starts an
application naming it; never their content or attachments."""
import pytest
from django.urls import reverse

from gongkai.catalogue import services
from gongkai.core.models import Agency
from tests.factories import record_fields

pytestmark = pytest.mark.django_db


def _published(agency, **fields):
    if fields.get("disclosure_attribute") == "on_request":
        fields.setdefault("withholding_reason", "依申请理由不应出现")
        fields.setdefault("withholding_basis", "条例第十五条")
    record = services.record_create(actor=None, agency=agency, **record_fields(**fields))
    services.record_attach(actor=None, record=record, filename="附件-依申请.txt",
                           data="附件正文不应出现".encode())
    services.record_submit(actor=None, record=record)
    return services.record_approve(actor=None, record=record)


@pytest.fixture
def listing(agency):
    Agency.objects.filter(pk=agency.pk).update(lists_on_request_entries=True)
    agency.refresh_from_db()
    entry = _published(agency, title="关于律师事务所年度检查考核情况的通报",
                       body="依申请正文不应出现", summary="依申请概述不应出现",
                       document_number="沪司办〔2021〕12号", disclosure_attribute="on_request")
    return entry


def test_lists_reviewed_on_request_entries_metadata_only(client, agency, listing, other_agency):
    _published(agency, title="主动公开的通知甲", disclosure_attribute="proactive")
    draft = services.record_create(actor=None, agency=agency, **record_fields(
        title="尚未审查的依申请公开文件", disclosure_attribute="on_request",
        withholding_reason="依申请理由不应出现"))
    services.record_submit(actor=None, record=draft)  # in review: metadata not yet reviewed
    _published(agency, title="含身份证号110101199003074258的依申请文件",
               disclosure_attribute="on_request")  # the metadata scan finds an ID number
    _published(agency, title="关于某事项的内部情况通报", disclosure_attribute="on_request")
    withdrawn = _published(agency, title="已撤回的依申请公开文件", disclosure_attribute="on_request")
    services.record_withdraw(actor=None, record=withdrawn, reason="测试撤回")
    _published(other_agency, title="乙局的依申请公开文件", disclosure_attribute="on_request")
    url = reverse("catalogue:on_request", kwargs={"agency": agency.slug})
    body = client.get(url).content.decode()
    assert body.count('data-testid="on-request-entry"') == 1
    assert "关于律师事务所年度检查考核情况的通报" in body
    assert listing.index_number in body and "沪司办〔2021〕12号" in body and "2020-04-23" in body
    for absent in ("依申请正文不应出现", "依申请理由不应出现", "依申请概述不应出现",
                   "附件正文不应出现", "附件-依申请", "主动公开的通知甲", "尚未审查",
                   "110101199003074258", "内部情况", "已撤回", "乙局"):
        assert absent not in body, absent
    apply = reverse("applications:apply", kwargs={"agency": agency.slug})
    assert f'href="{apply}?entry={listing.index_number}"' in body
    # The entry itself stays without a public page.
    record_url = reverse("catalogue:record", kwargs={"agency": agency.slug, "pk": listing.pk})
    assert client.get(record_url).status_code in (404, 410)


def test_the_application_form_is_prefilled_from_an_entry(client, agency, listing):
    apply = reverse("applications:apply", kwargs={"agency": agency.slug})
    body = client.get(apply, {"entry": listing.index_number}).content.decode()
    assert (f"申请公开“关于律师事务所年度检查考核情况的通报”（索取号：{listing.index_number}"
            f"，文件编号：沪司办〔2021〕12号）。") in body
    assert 'value="沪司办〔2021〕12号"' in body
    # Anything not in the listing pre-fills nothing (no way to probe other records).
    for entry in ("nonsense", "x" * 300):
        assert "申请公开“" not in client.get(apply, {"entry": entry}).content.decode()
    Agency.objects.filter(pk=agency.pk).update(lists_on_request_entries=False)
    assert "申请公开“" not in client.get(apply, {"entry": listing.index_number}).content.decode()


def test_offered_per_agency_with_navigation_and_sitemap(client, agency, listing):
    index = reverse("catalogue:index", kwargs={"agency": agency.slug})
    url = reverse("catalogue:on_request", kwargs={"agency": agency.slug})
    assert f'href="{url}"' in client.get(index).content.decode()
    assert url in client.get("/sitemap.xml").content.decode()
    Agency.objects.filter(pk=agency.pk).update(lists_on_request_entries=False)
    assert f'href="{url}"' not in client.get(index).content.decode()
    assert url not in client.get("/sitemap.xml").content.decode()
    body = client.get(url).content.decode()
    assert 'data-testid="on-request-not-offered"' in body
    assert "关于律师事务所年度检查考核情况的通报" not in body


def test_the_demo_bureau_lists_its_entries():
    from gongkai.core.demo import AGENCIES

    assert next(a for a in AGENCIES if a["slug"] == "sfj")["lists_on_request_entries"] is True
    assert Agency._meta.get_field("lists_on_request_entries").default is False
