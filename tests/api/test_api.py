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
