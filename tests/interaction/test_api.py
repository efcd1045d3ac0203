"""The public mailbox API and the hotline API (one order or a batch, idempotent by order
number, bad rows reported), file import in three formats, the reply export."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.core.models import Role, User
from gongkai.core.services import api_token_create
from gongkai.interaction import hotline, services
from gongkai.interaction.models import Channel, Message, MessageStatus
from tests.factories import staff
from tests.interaction.conftest import at, fields

pytestmark = pytest.mark.django_db


def _post(client, path, body, **headers):
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                       **headers)


def test_public_submit_is_idempotent(agency):
    client = Client()
    body = {"agency": agency.organisation_code, **fields()}
    first = _post(client, "/messages", body, HTTP_IDEMPOTENCY_KEY="api-1")
    assert first.status_code == 201
    out = first.json()
    assert set(out) >= {"tracking_code", "access_code", "due_on"}
    again = _post(client, "/messages", body, HTTP_IDEMPOTENCY_KEY="api-1")
    assert again.status_code == 200 and again.json()["tracking_code"] == out["tracking_code"]
    conflict = _post(client, "/messages", {**body, "text": "不同内容"}, HTTP_IDEMPOTENCY_KEY="api-1")
    assert conflict.status_code == 409
    assert Message.objects.count() == 1
    status = client.get(f"/api/v1/messages/{out['tracking_code']}",
                        {"access_code": out["access_code"]})
    assert status.status_code == 200 and status.json()["status"] == "received"
    assert status.json()["steps"][0]["step"] == "来信已收到"
    wrong = client.get(f"/api/v1/messages/{out['tracking_code']}", {"access_code": "ZZZZZZZZZZ"})
    unknown = client.get("/api/v1/messages/XX-2026-999999", {"access_code": "ZZZZZZZZZZ"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_public_submit_errors_name_fields(agency):
    response = _post(Client(), "/messages", {"agency": agency.slug, **fields(email="", reply_by_email=True,
                                                                            subject="短")})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"email", "subject"}
    unknown = _post(Client(), "/messages", {"agency": "nope", **fields()})
    assert unknown.status_code == 422 and "agency" in unknown.json()["error"]["fields"]


def test_published_list_has_no_personal_data(agency, officer):
    submission = services.message_submit(agency=agency, **fields())
    message = services.message_answer(actor=officer, message=submission.message, reply="答复张三")
    services.publication_decide(message=message, approve=True)
    services.message_submit(agency=agency, **fields(subject="这一封还没有公开的来信"))
    body = Client().get("/api/v1/messages", {"agency": agency.slug, "published": "true"}).json()
    assert body["total"] == 1
    text = json.dumps(body, ensure_ascii=False)
    assert "张三" not in text and "13912345678" not in text and "还没有公开" not in text


@pytest.fixture
def hotline_token(agency):
    """The hotline's machine account, made as an administrator would (the command)."""
    out = io.StringIO()
    call_command("hotline_account", agency.slug, "hotline-bot", stdout=out)
    return out.getvalue().strip()


def order(n, **overrides):
    return {"service_request_id": f"SH12345-{n}", "service_name": "噪音扰民",
            "description": f"第{n}号工单：夜间施工噪音", "requested_datetime": "2026-03-02T09:30:00+08:00",
            "agency": "002420455M", **overrides}


def test_hotline_batch_good_rows_taken_bad_rows_reported(agency, hotline_token):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {hotline_token}")
    batch = [order(1), order(2, description=""), order(3, requested_datetime="yesterday"),
             order(4, agency="nowhere"),
             order(5, hotline="12348", expected_datetime="2026-03-20T18:00:00+08:00")]
    response = _post(client, "/hotline/orders", batch)
    assert response.status_code == 201
    out = response.json()
    assert (out["created"], out["existing"], out["rejected"]) == (2, 0, 3)
    assert [e["row"] for e in out["errors"]] == [2, 3, 4]
    assert "description" in out["errors"][0]["errors"]
    legal = Message.objects.get(external_id="SH12345-5")
    assert legal.channel == Channel.HOTLINE_12348 and legal.due_on == dt.date(2026, 3, 20)
    # 5 working days (the agency's hotline default) from Monday 2026-03-02.
    assert Message.objects.get(external_id="SH12345-1").due_on == dt.date(2026, 3, 9)
    again = _post(client, "/hotline/orders", order(1))
    assert again.status_code == 200 and again.json()["orders"][0]["created"] is False
    assert Message.objects.count() == 2
    # The caller follows the order with the tracking code and the code the hotline relays.
    first = out["orders"][0]
    assert again.json()["orders"][0]["access_code"] == first["access_code"]
    progress = Client().get(f"/api/v1/messages/{first['case_number']}",
                            {"access_code": first["access_code"]})
    assert progress.status_code == 200 and progress.json()["status"] == "received"


def test_hotline_needs_the_integration_or_administrator_role(agency):
    officer_token = api_token_create(actor=None, user=staff(Role.DISCLOSURE_OFFICER, agency, "o"))[1]
    response = _post(Client(HTTP_AUTHORIZATION=f"Bearer {officer_token}"), "/hotline/orders", order(1))
    assert response.status_code == 403
    assert _post(Client(), "/hotline/orders", order(1)).status_code == 401
    assert Message.objects.count() == 0
    admin_token = api_token_create(actor=None, user=staff(Role.AGENCY_ADMIN, agency, "a"))[1]
    by_admin = _post(Client(HTTP_AUTHORIZATION=f"Bearer {admin_token}"), "/hotline/orders", order(1))
    assert by_admin.status_code == 201


def test_integration_account_is_not_staff_and_opens_nothing_else(agency, hotline_token):
    bot = User.objects.get(username="hotline-bot")
    assert not bot.is_staff and not bot.has_usable_password()
    assert list(bot.memberships.values_list("role", "agency")) == [
        (Role.HOTLINE_INTEGRATION, agency.pk)]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {hotline_token}")
    assert _post(client, "/hotline/orders", order(1)).status_code == 201
    assert client.get("/api/v1/hotline/replies").status_code == 200
    # Any other staff endpoint refuses the token as if it were none.
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/staff/licences").status_code == 401
    browser = Client()
    browser.force_login(bot)
    assert browser.get("/staff/").status_code == 403
    assert browser.get("/staff/interaction/").status_code == 403


def test_integration_replies_are_its_agency_only(agency, other_agency, officer, hotline_token):
    other_out = io.StringIO()
    call_command("hotline_account", other_agency.slug, "hotline-other", stdout=other_out)
    other = Client(HTTP_AUTHORIZATION=f"Bearer {other_out.getvalue().strip()}")
    mine = Client(HTTP_AUTHORIZATION=f"Bearer {hotline_token}")
    _post(mine, "/hotline/orders", order(1))
    _post(other, "/hotline/orders", order(2, agency=other_agency.slug))
    for message in Message.objects.all():
        services.message_answer(actor=staff(Role.AGENCY_ADMIN, message.agency, f"h{message.pk}"),
                                message=message, reply="已处理。")
    assert [r["service_request_id"] for r in mine.get("/api/v1/hotline/replies").json()] == [
        "SH12345-1"]
    assert [r["service_request_id"] for r in other.get("/api/v1/hotline/replies").json()] == [
        "SH12345-2"]


def test_hotline_for_another_agency_is_refused_per_row(agency, other_agency, hotline_token):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {hotline_token}")
    out = _post(client, "/hotline/orders", [order(1), order(2, agency=other_agency.slug)]).json()
    assert out["created"] == 1 and out["errors"][0]["errors"]["agency"].startswith("您的账号无权")


def test_files_in_three_formats(agency, agency_admin):
    from openpyxl import Workbook

    csv_bytes = ("\ufeffservice_request_id,description,requested_datetime,agency\n"
                 "C-1,路灯不亮,2026-03-02 08:00:00,sfj\n").encode()
    json_bytes = json.dumps({"service_requests": [order("J-1")]}).encode()
    book = Workbook()
    sheet = book.active
    sheet.append(["service_request_id", "description", "requested_datetime", "agency"])
    sheet.append(["X-1", "井盖缺失", dt.datetime(2026, 3, 2, 8, 0), "002420455M"])
    buffer = io.BytesIO()
    book.save(buffer)
    for name, data in (("a.csv", csv_bytes), ("b.json", json_bytes), ("c.xlsx", buffer.getvalue())):
        rows = hotline.read_file(name, data)
        result = hotline.import_orders(actor=agency_admin, rows=rows)
        assert result.summary() == {"created": 1, "existing": 0, "errors": 0}, name
    with pytest.raises(hotline.HotlineFileError):
        hotline.read_file("d.csv", b"no,header\n1,2\n")
    with pytest.raises(hotline.HotlineFileError):
        hotline.read_file("e.xlsx", b"PK\x03\x04 not really a workbook")


def test_replies_export_since(agency, officer, hotline_token):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {hotline_token}")
    _post(client, "/hotline/orders", [order(1), order(2)])
    first, second = Message.objects.order_by("external_id")
    with at(dt.date(2026, 3, 3)):
        services.message_answer(actor=officer, message=first, reply="已协调停工。")
    with at(dt.date(2026, 3, 4)):
        services.message_answer(actor=officer, message=second, reply="已处理。")
    rows = client.get("/api/v1/hotline/replies").json()
    assert [r["service_request_id"] for r in rows] == ["SH12345-1", "SH12345-2"]
    assert rows[0]["status"] == "closed" and rows[0]["status_notes"] == "已协调停工。"
    later = client.get("/api/v1/hotline/replies", {"since": rows[0]["updated_datetime"]}).json()
    assert [r["service_request_id"] for r in later] == ["SH12345-2"]
    csv_text = hotline.replies_csv(hotline.replies(agency_ids=None))
    assert "SH12345-1" in csv_text and "已协调停工" in csv_text
    assert Message.objects.get(pk=first.pk).status == MessageStatus.ANSWERED


def test_hotline_account_command_refuses_staff_and_extends_the_same_account(
        agency, other_agency, hotline_token):
    from django.core.management.base import CommandError

    editor = staff(Role.EDITOR, agency, "an-editor")
    with pytest.raises(CommandError, match="staff account"):
        call_command("hotline_account", agency.slug, editor.username, stdout=io.StringIO())
    assert not editor.memberships.filter(role=Role.HOTLINE_INTEGRATION).exists()
    with pytest.raises(CommandError, match="no active agency"):
        call_command("hotline_account", "nowhere", "hotline-bot", stdout=io.StringIO())
    out = io.StringIO()
    call_command("hotline_account", other_agency.slug, "hotline-bot", stdout=out)
    bot = User.objects.get(username="hotline-bot")
    assert not bot.is_staff
    assert sorted(bot.memberships.values_list("agency", flat=True)) == sorted(
        [agency.pk, other_agency.pk])
    second = Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    taken = _post(second, "/hotline/orders", [order(1), order(2, agency=other_agency.slug)])
    assert taken.status_code == 201 and taken.json()["created"] == 2
