import pytest
from django.core.management import call_command

from gongkai.core.models import ApiToken
from gongkai.core.services import api_token_create, api_token_revoke


@pytest.mark.django_db
def test_openapi_schema_and_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ["/api/v1/agencies", "/api/v1/agencies/{slug}", "/api/v1/me",
                 "/api/v1/workdays/add", "/api/v1/audit/events"]:
        assert path in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # no network: assets served locally


@pytest.mark.django_db
def test_agency_list_pagination_convention(client, agency, other_agency):
    body = client.get("/api/v1/agencies", {"page_size": 1}).json()
    assert body["total"] == 2 and body["page"] == 1 and body["page_size"] == 1
    assert body["results"][0]["slug"] == "sfj"
    assert body["results"][0]["url"] == "/sfj/"
    second = client.get("/api/v1/agencies", {"page_size": 1, "page": 2}).json()
    assert second["results"][0]["slug"] == "xhsfj"
    assert client.get("/api/v1/agencies", {"page": 9}).json()["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/agencies", {"page": "abc"}, 422, "page"),
        ("/api/v1/agencies", {"page": 0}, 422, "page"),
        ("/api/v1/agencies", {"page_size": 1000}, 422, "page_size"),
        ("/api/v1/workdays/add", {"start": "2020-02-30", "days": 3}, 422, "start"),
        ("/api/v1/workdays/add", {"start": "2020-04-23"}, 422, "days"),
        ("/api/v1/workdays/add", {"start": "2020-04-23", "days": -1}, 422, "days"),
        ("/api/v1/workdays/count", {"start": "2020-05-01", "end": "2020-04-01"}, 422, "end"),
    ],
)
def test_bad_input_gets_stable_error_shape(client, path, params, status, field):
    response = client.get(path, params)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert field in error["fields"]


@pytest.mark.django_db
def test_not_found_and_wrong_method_have_the_shape(client):
    error = client.get("/api/v1/agencies/nope").json()["error"]
    assert error["code"] == "not_found"
    response = client.post("/api/v1/agencies")
    assert response.status_code == 405


@pytest.mark.django_db
def test_workday_calculator(client):
    body = client.get("/api/v1/workdays/add", {"start": "2020-04-23", "days": 20}).json()
    assert body == {"start": "2020-04-23", "days": 20, "due": "2020-05-22",
                    "provisional": False}
    body = client.get("/api/v1/workdays/add", {"start": "2026-12-21", "days": 20}).json()
    assert body["provisional"] is True
    assert client.get("/api/v1/workdays/count", {"start": "2020-04-23",
                                                 "end": "2020-05-22"}).json()["working_days"] == 20
    day = client.get("/api/v1/workdays/day/2020-05-09").json()
    assert day["is_working_day"] is True and day["source"] == "package"


@pytest.mark.django_db
def test_bearer_token_authenticates_and_revocation_stops_it(client, editor):
    _token, secret = api_token_create(actor=editor, user=editor, name="test")
    assert ApiToken.objects.get().token_hash != secret  # stored hashed
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200
    assert me.json()["roles"][0] == {"role": "editor", "agency": "sfj", "department": None}
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer gk_wrong").status_code == 401
    api_token_revoke(actor=editor, token=ApiToken.objects.get())
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


@pytest.mark.django_db
def test_token_command_prints_a_working_token(client, editor, capsys):
    call_command("token", "create", "editor1", "--name", "cli")
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("gk_")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


@pytest.mark.django_db
def test_session_auth_works_for_staff(client, editor):
    client.force_login(editor)
    assert client.get("/api/v1/me").json()["username"] == "editor1"


@pytest.mark.django_db
def test_audit_api_is_scoped(client, editor, agency_admin, platform_admin):
    client.force_login(editor)
    assert client.get("/api/v1/audit/events").status_code == 403
    client.force_login(agency_admin)
    body = client.get("/api/v1/audit/events").json()
    assert set(body) == {"total", "page", "page_size", "results"}
    assert client.get("/api/v1/audit/verify").status_code == 403
    client.force_login(platform_admin)
    assert client.get("/api/v1/audit/verify").json()["ok"] is True


@pytest.mark.django_db
def test_healthz_ok_and_unavailable(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    from django.db import connection

    monkeypatch.setattr(connection, "cursor", lambda: (_ for _ in ()).throw(
        RuntimeError("connection refused")))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def _has_han(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "data", "field"), [
    ("post", "/api/v1/applications", {"applicant": {"type": "natural_person"}}, "agency"),
    ("get", "/api/v1/agencies", {"page": "abc"}, "page"),
    ("get", "/api/v1/agencies", {"page_size": 1000}, "page_size"),
    ("get", "/api/v1/workdays/add", {"start": "2020-02-30", "days": 3}, "start"),
    ("get", "/api/v1/workdays/add", {"start": "2020-04-23"}, "days"),
])
def test_validation_messages_are_chinese(client, agency, method, path, data, field):
    """Issue 14/9: a missing ``agency`` said "Field required"; every validation message of
    the API is Chinese, translated once in gongkai/api/errors.py."""
    if method == "post":
        response = client.post(path, data, content_type="application/json")
    else:
        response = client.get(path, data)
    assert response.status_code == 422
    error = response.json()["error"]
    assert field in error["fields"]
    for messages in error["fields"].values():
        for message in messages:
            assert _has_han(message), message
            assert "required" not in message.lower() and "should" not in message.lower()
    assert _has_han(error["message"])
    if path != "/api/v1/applications":  # the service's own message names 受理机构 instead
        assert field in error["message"]


def test_missing_field_message_names_the_problem():
    from gongkai.api.errors import validation_message

    assert validation_message({"type": "missing", "msg": "Field required"}) == "缺少必填项。"
    assert validation_message({"type": "less_than_equal", "ctx": {"le": 50}}) == "应不大于50。"
    assert validation_message({"type": "value_error", "msg": "Value error, 日期不正确。"}) == "日期不正确。"
    assert validation_message({"type": "something_new", "msg": "Whatever"}) == "取值不正确。"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    "/api/v1/records", "/api/v1/search", "/api/v1/qa", "/api/v1/reports/annual/{agency}/2024",
])
@pytest.mark.parametrize("spelling", ["sfj", "002420455M", "002420455m"])
def test_agency_parameter_takes_slug_or_organisation_code(client, agency, path, spelling):
    """Issue 14/9: the records API took only a slug, the applications API a code; every
    API resolves ``agency`` with gongkai.core.selectors.agency_resolve."""
    if "{agency}" in path:
        # No report yet: the agency was found, the report was not.
        response = client.get(path.format(agency=spelling))
        assert response.json()["error"]["message"] == "该年度报告尚未发布。"
    else:
        response = client.get(path, {"agency": spelling, "q": "律师"})
        assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_unknown_agency_is_refused_in_chinese(client, agency):
    response = client.get("/api/v1/records", {"agency": "nope"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["agency"] == ["没有组织机构代码或网址标识为“nope”的机构。"]


@pytest.mark.django_db
def test_agency_resolve(agency, other_agency):
    from gongkai.core.selectors import agency_resolve

    assert agency_resolve("sfj") == agency
    assert agency_resolve(" 00242xh01a ") == other_agency
    assert agency_resolve("") is None and agency_resolve("nope") is None
    other_agency.is_active = False
    other_agency.save()
    assert agency_resolve("xhsfj") is None
    assert agency_resolve("xhsfj", active_only=False) == other_agency
