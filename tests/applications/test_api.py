"""The API: shapes from the issue, bad input (4xx, nothing written), 409 for every
invalid transition, idempotency, rate limits, privacy and agency scoping."""

import datetime as dt
import json

import pytest

from gongkai.applications import services, workflow
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.core.services import api_token_create
from tests.applications.conftest import VALID_CREDIT_CODE, VALID_ID, person

D = dt.date
pytestmark = pytest.mark.django_db

PUBLIC_BODY = {
    "agency": "002420455M",
    "applicant": {"type": "natural_person", "name": "演示张三", "id_type": "resident_id",
                  "id_number": VALID_ID, "phone": "13800000000", "email": "z@example.com"},
    "description": "请公开本局2025年政府信息公开工作年度报告的统计口径说明",
    "delivery_form": "electronic", "receipt_method": "email",
}


def staff_body(**overrides):
    body = {
        "agency": "002420455M",
        "applicant": {"type": "organisation", "category": "commercial", "name": "演示贸易有限公司",
                      "credit_code": VALID_CREDIT_CODE, "contact": "演示李四",
                      "phone": "021-12345678", "address": "上海市演示路3号"},
        "description": "请公开2024年度行政处罚决定书(演示)", "channel": "post",
        "received_on": "2020-04-23", "receipt_method": "post",
    }
    body.update(overrides)
    return body


def bearer(user):
    _token, secret = api_token_create(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_public_submit_and_status(client, agency, at):
    with at(D(2025, 9, 26)):
        response = post(client, "/api/v1/applications", PUBLIC_BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"case_number", "access_code", "status", "received_on", "due_on"}
    assert body["received_on"] == "2025-09-26" and body["due_on"] == "2025-10-30"
    with at(D(2025, 10, 9)):
        status = client.get(f"/api/v1/applications/{body['case_number']}",
                            HTTP_X_ACCESS_CODE=body["access_code"])
    assert status.status_code == 200
    data = status.json()
    assert data["due_on"] == "2025-10-30" and data["working_days_left"] == 16
    assert data["working_days_elapsed"] == 4  # Sep 28, 29, 30, Oct 9
    assert data["clock"][0]["text"].startswith("2025-09-26收到申请")
    text = status.content.decode()
    for secret in ("演示张三", VALID_ID, "13800000000", "z@example.com"):
        assert secret not in text


def test_wrong_code_and_unknown_case_look_the_same(client, agency, at):
    with at(D(2025, 6, 3)):
        case_number = post(client, "/api/v1/applications", PUBLIC_BODY).json()["case_number"]
    wrong = client.get(f"/api/v1/applications/{case_number}?access_code=AAAAAAAAAA")
    unknown = client.get("/api/v1/applications/YSQ-2025-999999?access_code=AAAAAAAAAA")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_idempotency_header_makes_one_case(client, agency, at):
    with at(D(2025, 6, 3)):
        first = post(client, "/api/v1/applications", PUBLIC_BODY, HTTP_IDEMPOTENCY_KEY="abc")
        second = post(client, "/api/v1/applications", PUBLIC_BODY, HTTP_IDEMPOTENCY_KEY="abc")
        other = post(client, "/api/v1/applications", {**PUBLIC_BODY, "description": "别的"},
                     HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, second.status_code, other.status_code) == (201, 200, 409)
    assert first.json()["case_number"] == second.json()["case_number"]
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"applicant": {**PUBLIC_BODY["applicant"], "id_number": "110105194912310021"}},
     "applicant.id_number"),
    ({"description": ""}, "description"),
    ({"agency": "NOSUCHCODE"}, "agency"),
    ({"applicant": {**PUBLIC_BODY["applicant"], "type": "robot"}}, "applicant.type"),
    ({"delivery_form": "carrier_pigeon"}, "delivery_form"),
])
def test_public_bad_input(client, agency, change, field):
    response = post(client, "/api/v1/applications", {**PUBLIC_BODY, **change})
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Application.objects.exists()


def test_public_submit_rate_limited(client, agency, settings):
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"applications.submit": "2/h"}
    codes = [post(client, "/api/v1/applications", {**PUBLIC_BODY, "description": f"第{i}条"})
             .status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert Application.objects.count() == 2


def test_staff_register_shape(client, agency, officer, at):
    with at(D(2020, 4, 28)):
        response = post(client, "/api/v1/staff/applications", staff_body(), **bearer(officer))
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "case_number", "received_on", "due_on", "due_on_provisional"} <= set(body)
    assert (body["received_on"], body["due_on"], body["due_on_provisional"]) == (
        "2020-04-23", "2020-05-22", False)
    assert body["access_code"]


def test_staff_register_future_date_and_auth(client, agency, officer, other_officer, at):
    with at(D(2020, 4, 20)):
        response = post(client, "/api/v1/staff/applications", staff_body(), **bearer(officer))
    assert response.status_code == 422 and "received_on" in response.json()["error"]["fields"]
    assert post(client, "/api/v1/staff/applications", staff_body()).status_code == 401
    forbidden = post(client, "/api/v1/staff/applications", staff_body(), **bearer(other_officer))
    assert forbidden.status_code == 403
    assert not Application.objects.exists()


def test_transitions_through_the_api_return_due_on(client, agency, officer, head, at):
    with at(D(2020, 4, 23)):
        case_id = post(client, "/api/v1/staff/applications",
                       staff_body(channel="in_person"), **bearer(officer)).json()["id"]
    auth, boss = bearer(officer), bearer(head)
    base = f"/api/v1/staff/applications/{case_id}"
    steps = [
        (D(2020, 4, 27), "/correction", {"what_to_correct": "请写明文号"}, auth, "2020-05-22"),
        (D(2020, 5, 11), "/correction/received", {"received_on": "2020-05-11"}, auth,
         "2020-06-08"),
        (D(2020, 5, 13), "/third-party-consultation", {"party_name": "演示科技有限公司"}, auth, None),
        (D(2020, 5, 20), "/third-party-consultation/end", {}, auth, "2020-06-15"),
        (D(2020, 6, 1), "/extension", {"working_days": 20, "reason": "材料多"}, auth, "2020-06-15"),
        (D(2020, 6, 1), "/extension/approve", {"note": "同意"}, boss, "2020-07-14"),
        (D(2020, 7, 9), "/reply/submit-for-review",
         {"reply_type": "partially_disclosed", "reply_text": "见附件",
          "withheld": [{"description": "第3页", "reason": "third_party"}]}, auth, "2020-07-14"),
        (D(2020, 7, 10), "/reply/review/approve", {"comment": "同意"}, boss, "2020-07-14"),
        (D(2020, 7, 13), "/archive", {}, auth, "2020-07-14"),
    ]
    for day, path, body, headers, due in steps:
        with at(day):
            response = post(client, base + path, body, **headers)
        assert response.status_code == 200, (path, response.content)
        if due:
            assert response.json()["due_on"] == due, path
    final = client.get(base, **auth).json()
    assert final["status"] == "archived" and final["reply_type"] == "partially_disclosed"


ENDPOINT_FOR_ACTION = {
    "request_correction": ("/correction", {"what_to_correct": "x"}),
    "receive_correction": ("/correction/received", {"received_on": "2024-03-05"}),
    "third_party_consultation_start": ("/third-party-consultation", {"party_name": "演示方"}),
    "third_party_consultation_end": ("/third-party-consultation/end", {}),
    "extension_request": ("/extension", {"working_days": 5, "reason": "x"}),
    "fee_paid": ("/fee/paid", {}),
    "reply": ("/reply", {"reply_type": "unavailable", "reply_type_reason": "not_held"}),
    "reply_submit_for_review": ("/reply/submit-for-review",
                                {"reply_type": "withheld", "reply_type_reason": "third_party"}),
    "reply_review_approve": ("/reply/review/approve", {}),
    "reply_review_return": ("/reply/review/return", {"comment": "请补充理由"}),
    "withdraw": ("/withdraw", {"reason": "申请人来电撤回"}),
    "archive": ("/archive", {}),
}


def _case_in_state(state, officer, head, make_case, at):
    case = make_case(D(2024, 3, 1), now=D(2024, 3, 4))
    with at(D(2024, 3, 4)):
        if state == ApplicationStatus.IN_PROGRESS:
            services.assign(actor=officer, application=case, assignee=officer)
        elif state == ApplicationStatus.AWAITING_CORRECTION:
            services.request_correction(actor=officer, application=case, what_to_correct="x")
        elif state == ApplicationStatus.IN_THIRD_PARTY_CONSULTATION:
            services.third_party_consultation_start(actor=officer, application=case, party_name="演示方",
                                        kind="third_party")
        elif state == ApplicationStatus.AWAITING_FEE:
            services.fee_issue(actor=officer, application=case, method="per_volume", quantity=50)
        elif state in (ApplicationStatus.REPLIED, ApplicationStatus.ARCHIVED):
            services.reply(actor=officer, application=case, reply_type="unavailable",
                           reply_type_reason="not_held")
            if state == ApplicationStatus.ARCHIVED:
                services.archive(actor=officer, application=case)
        elif state == ApplicationStatus.WITHDRAWN:
            services.withdraw(actor=officer, application=case, reason="撤回")
        elif state == ApplicationStatus.AWAITING_REPLY_REVIEW:
            services.reply_submit_for_review(actor=officer, application=case, reply_type="withheld",
                                             reply_type_reason="third_party")
    case.refresh_from_db()
    assert case.status == state
    return case


@pytest.mark.parametrize("state", ApplicationStatus.values)
def test_every_invalid_transition_is_409_and_changes_nothing(
        client, agency, officer, head, make_case, at, state):
    case = _case_in_state(state, officer, head, make_case, at)
    events = case.events.count()
    for action, (path, body) in ENDPOINT_FOR_ACTION.items():
        allowed, _target = workflow.ACTIONS[action]
        if state in allowed:
            continue
        auth = bearer(head) if action.startswith("reply_review_") else bearer(officer)
        with at(D(2024, 3, 5)):
            response = post(client, f"/api/v1/staff/applications/{case.pk}{path}", body, **auth)
        assert response.status_code == 409, (state, action, response.content)
        assert response.json()["error"]["code"] == "invalid_transition"
    case.refresh_from_db()
    assert case.status == state and case.events.count() == events


def test_staff_of_another_agency_sees_nothing(client, agency, officer, other_officer, make_case):
    case = make_case(D(2024, 3, 1))
    auth = bearer(other_officer)
    assert client.get(f"/api/v1/staff/applications/{case.pk}", **auth).status_code == 404
    assert client.get("/api/v1/staff/applications?queue=all", **auth).json()["total"] == 0
    response = post(client, f"/api/v1/staff/applications/{case.pk}/archive", {}, **auth)
    assert response.status_code == 404


def test_staff_list_masks_id(client, agency, officer, make_case):
    make_case(D(2024, 3, 1))
    body = client.get("/api/v1/staff/applications?queue=all", **bearer(officer)).json()
    assert body["total"] == 1
    row = body["results"][0]
    assert row["id_number"] == "110105********002X" and row["applicant_name"] == "演**三"
    assert VALID_ID not in json.dumps(body, ensure_ascii=False)
    assert client.get("/api/v1/staff/applications?queue=nope", **bearer(officer)).status_code == 422


def test_public_withdraw_with_code(client, agency, at):
    with at(D(2025, 6, 3)):
        sub = services.submit_online(agency=agency, **person())
        bad = post(client, f"/api/v1/applications/{sub.application.case_number}/withdraw",
                   {"access_code": "ZZZZZZZZZZ"})
        good = post(client, f"/api/v1/applications/{sub.application.case_number}/withdraw",
                    {"access_code": sub.access_code})
    assert bad.status_code == 404 and good.status_code == 200
    assert good.json()["status"] == "withdrawn"


def test_openapi_lists_the_interfaces(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/applications", "/api/v1/applications/{case_number}",
                 "/api/v1/staff/applications",
                 "/api/v1/staff/applications/{application_id}/reply"]:
        assert path in paths


def test_public_errors_are_the_services_in_chinese_field_by_field(client, agency):
    """The API schema no longer validates the applicant itself: the service's messages come
    back under the fields the client sent, in Chinese (never pydantic's English)."""
    body = {"agency": "", "applicant": {"type": "natural_person", "name": ""},
            "description": ""}
    missing_agency = post(client, "/api/v1/applications", body)
    assert missing_agency.status_code == 422
    assert missing_agency.json()["error"]["fields"] == {
        "agency": ["请填写受理机构(组织机构代码或网址标识)。"]}
    response = post(client, "/api/v1/applications", {**body, "agency": "002420455M"})
    fields = response.json()["error"]["fields"]
    assert response.status_code == 422
    assert fields["applicant.name"] == ["请填写申请人姓名。"]
    assert fields["applicant.id_number"] == ["请填写居民身份证号码。"]
    assert fields["description"] == ["请描述所需的政府信息(名称、文件编号或其他特征)。"]
    assert "Field required" not in response.content.decode()
    assert not Application.objects.exists()


def test_public_receipt_method_defaults_from_the_contact_given(client, agency, at):
    applicant = {**PUBLIC_BODY["applicant"], "email": "", "address": ""}
    body = {k: v for k, v in PUBLIC_BODY.items() if k != "receipt_method"}
    with at(D(2025, 6, 3)):
        phone_only = post(client, "/api/v1/applications", {**body, "applicant": applicant})
        with_address = post(client, "/api/v1/applications", {
            **body, "applicant": {**applicant, "address": "上海市演示路5号"}})
        with_email = post(client, "/api/v1/applications", {
            **body, "description": "另一项", "applicant": {**applicant, "email": "a@example.com"}})
    assert phone_only.status_code == 422
    message = phone_only.json()["error"]["fields"]["receipt_method"][0]
    assert message.startswith("没有填写电子邮箱或通信地址") and "选择邮寄获取时" not in message
    assert with_address.status_code == with_email.status_code == 201
    assert sorted(Application.objects.values_list("receipt_method", flat=True)) == ["email", "post"]
