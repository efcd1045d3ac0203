"""Items, import/export, public pages, the staff gaps page and the API."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.core.policies import PermissionDeniedError
from gongkai.standards import services
from gongkai.standards.models import StandardItem, StandardLink
from tests.standards.conftest import ITEM

HEADER = ("序号,一级事项,二级事项,公开内容（要素）,公开时限,公开主体,公开渠道和载体,公开对象,"
          "公开方式,公开层级,关联\n")


def csv(rows: str, header: str = HEADER) -> bytes:
    return (header + rows).encode("utf-8")


@pytest.mark.django_db
def test_item_validation(agency, editor, item):
    with pytest.raises(services.ItemInvalid) as caught:
        services.item_save(actor=editor, agency=agency, data={**ITEM, "level1": ""})
    assert "level1" in caught.value.errors
    with pytest.raises(services.ItemInvalid) as caught:
        services.item_save(actor=editor, agency=agency, data=ITEM)
    assert caught.value.errors == {"serial": ["该序号已被使用。"]}
    with pytest.raises(services.ItemInvalid) as caught:
        services.item_save(actor=editor, agency=agency, data={
            **ITEM, "serial": 2, "channels": ["飞鸽传书"], "levels": ["省级"],
            "audience": "外星人", "limit_days": "0"})
    assert set(caught.value.errors) == {"channels", "levels", "audience", "limit_days"}


@pytest.mark.django_db
def test_permissions(agency, other_agency, item):
    from gongkai.core.models import Role
    from tests.factories import staff

    outsider = staff(Role.EDITOR, other_agency, "outsider")
    with pytest.raises(PermissionDeniedError):
        services.item_save(actor=outsider, agency=agency, data={**ITEM, "serial": 9})
    with pytest.raises(PermissionDeniedError):
        services.link_add(actor=outsider, item=item, kind="directory", target="lawyer")
    with pytest.raises(PermissionDeniedError):
        services.standards_import(actor=staff(Role.EDITOR, agency, "ed2"), agency=agency,
                                  filename="a.csv", data=csv(""))


@pytest.mark.django_db
def test_import_creates_updates_and_links(agency, agency_admin, item):
    rows = ("1,律师管理,律师执业许可,许可决定,20个工作日内,市司法局,政府网站、精准推送,全社会,主动,市级,"
            "directory:lawyer;catalogue_query:topic=lawyers\n"
            "2,法律援助,法律援助决定,给予或不予法律援助决定,20个工作日内,各区法律援助中心,精准推送,"
            "特定群体,依申请,区级,\n")
    report = services.standards_import(actor=agency_admin, agency=agency, filename="目录.csv",
                                       data=csv(rows))
    assert report.written and (report.created, report.updated) == (1, 1), report.errors
    item.refresh_from_db()
    assert item.channels == ["政府网站", "精准推送"]
    assert sorted(item.links.values_list("kind", flat=True)) == ["catalogue_query", "directory"]
    second = StandardItem.objects.get(serial=2)
    assert (second.audience, second.manner, second.levels) == ("specific", "on_request", ["区级"])
    assert AuditEvent.objects.filter(verb="standards.import").count() == 1


@pytest.mark.django_db
def test_import_refuses_bad_rows_and_writes_nothing(agency, agency_admin):
    rows = ("1,律师管理,,许可决定,,市司法局,政府网站,全社会,主动,市级,\n"
            "1,律师管理,,重复序号,,市司法局,,,,,\n"
            "x,律师管理,,序号不是数字,,市司法局,,,,,\n"
            "4,律师管理,,,,市司法局,飞鸽传书,,,,\n"
            "5,律师管理,,链接错,,市司法局,,,,,url:https://example.org/\n")
    report = services.standards_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv(rows))
    assert not report.written
    assert sorted({e.line for e in report.errors}) == [3, 4, 5, 6]
    assert not StandardItem.objects.exists() and not StandardLink.objects.exists()
    wrong = services.standards_import(actor=agency_admin, agency=agency, filename="a.csv",
                                      data=csv("1,x\n", header="序号,星座\n"))
    assert any("星座" in e.message for e in wrong.errors)


@pytest.mark.django_db
def test_export_imports_back(agency, agency_admin, editor, item):
    services.link_add(actor=editor, item=item, kind="directory", target="lawyer:黄浦区")
    body, _, _ = services.standards_export(actor=agency_admin, agency=agency, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "公开内容（要素）" and rows[1][12] == "directory:lawyer:黄浦区"
    csv_body, _, _ = services.standards_export(actor=agency_admin, agency=agency, fmt="csv")
    report = services.standards_import(actor=agency_admin, agency=agency, filename="a.csv",
                                       data=csv_body)
    assert report.written and report.updated == 1, report.errors
    assert item.links.get().target == "lawyer:黄浦区"


@pytest.mark.django_db
def test_public_pages_follow_an_item_to_its_records(client, agency, editor, item, publish):
    from gongkai.catalogue.services import topic_get_or_create

    record = publish(formed_on=dt.date(2024, 3, 1), on=dt.date(2024, 3, 4),
                     topic=topic_get_or_create(code="lawyers", name="律师管理"),
                     title="关于准予张三律师执业的决定")
    services.link_add(actor=editor, item=item, kind="catalogue_query", target="topic=lawyers",
                      label="律师执业许可决定")
    index = client.get(reverse("standards:index", kwargs={"agency": agency.slug}))
    html = index.content.decode()
    assert "律师管理" in html and "律师执业许可" in html
    assert "共 1 项" in client.get(reverse("standards:index", kwargs={"agency": agency.slug}),
                                  {"q": "执业"}).content.decode()
    assert "共 0 项" in client.get(reverse("standards:index", kwargs={"agency": agency.slug}),
                                  {"q": "无此事项"}).content.decode()
    page = client.get(reverse("standards:item", kwargs={"agency": agency.slug, "pk": item.pk}))
    html = page.content.decode()
    record_url = reverse("catalogue:record", kwargs={"agency": agency.slug, "pk": record.pk})
    assert "关于准予张三律师执业的决定" in html and record_url in html
    assert client.get(record_url).status_code == 200
    download = client.get(reverse("standards:download", kwargs={"agency": agency.slug,
                                                                "ext": "csv"}))
    assert "律师执业许可" in download.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_staff_gaps_page(client, agency, editor, item):
    filled = services.item_save(actor=editor, agency=agency, data={
        **ITEM, "serial": 2, "level2": "名录"})
    services.link_add(actor=editor, item=filled, kind="url", target=f"/{agency.slug}/directory/")
    client.force_login(editor)
    html = client.get(reverse("staff:standards_gaps")).content.decode()
    assert "未关联任何内容" in html and "共 1 项" in html
    page = client.post(reverse("staff:standards_link_add", kwargs={"pk": item.pk}),
                       {"kind": "url", "target": "https://example.org/"})
    assert page.status_code == 422 and "以 / 开头" in page.content.decode()
    client.post(reverse("staff:standards_link_add", kwargs={"pk": item.pk}),
                {"kind": "directory", "target": "law_firm"})
    assert item.links.count() == 1
    html = client.get(reverse("staff:standards_gaps")).content.decode()
    assert "关联内容为空" in html


@pytest.mark.django_db
def test_api_detail_has_links_and_gaps(client, agency, editor, item):
    services.link_add(actor=editor, item=item, kind="directory", target="law_firm")
    body = client.get("/api/v1/standards", {"agency": agency.slug}).json()
    assert body["total"] == 1 and body["results"][0]["limit_working_days"] == 20
    detail = client.get(f"/api/v1/standards/{item.pk}").json()
    assert detail["links"][0]["kind"] == "directory" and detail["links"][0]["total"] == 0
    assert detail["gaps"] == [{"code": "empty", "label": "关联内容为空"}]
    assert client.get("/api/v1/standards/999999").status_code == 404
    assert client.get("/api/v1/standards", {"agency": "nobody"}).status_code == 422
