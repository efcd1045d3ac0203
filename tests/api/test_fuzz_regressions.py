"""Regressions for what the API fuzzer (tests/security/test_fuzz_api.py, bench/fuzz.py) found:
each test is one failure it reported, reproduced in-process, with the status the schema
now documents. See docs/hardening.md, "API fuzzing"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def documented(schema: dict, method: str, path: str) -> set[int]:
    return {int(code) for code in schema["paths"][path][method]["responses"]}


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["code"] == code
    return error


@pytest.mark.parametrize("path", ["/api/v1/records/abc", "/api/v1/records/null,null/pdf",
                                  "/api/v1/staff/applications/-1", "/api/v1/nothing-here"])
def test_unmatched_api_url_answers_the_json_envelope(client, path):
    """Was: the portal's HTML 404 page (a 500 where the static manifest was missing), for a
    path parameter the URL pattern does not match."""
    assert_error(client.get(path), 404, "not_found")


def test_pages_outside_the_api_keep_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_huge_page_number_is_invalid_input(client, agency, schema):
    """Was: 500 (the row offset overflowed SQLite's integer)."""
    error = assert_error(client.get("/api/v1/agencies", {"page": "94556824694840481655291904"}),
                         422, "invalid")
    assert "page" in error["fields"]
    assert client.get("/api/v1/agencies", {"page": 100_000}).json()["results"] == []
    assert 422 in documented(schema, "get", "/api/v1/agencies")


def test_record_list_year_out_of_range_is_invalid_input(client, agency):
    """Was: 500 (a year beyond what a date holds)."""
    error = assert_error(client.get("/api/v1/records", {"year": 1652043157}), 422, "invalid")
    assert "year" in error["fields"]
    assert client.get("/api/v1/records", {"year": 9999}).json()["total"] == 0


def test_annual_report_year_out_of_range_is_invalid_input(client, agency):
    """Was: 500 computing a report for year 127688528."""
    error = assert_error(client.get("/api/v1/reports/annual/sfj/127688528"), 422, "invalid")
    assert "year" in error["fields"]
    assert_error(client.get("/api/v1/reports/annual/sfj/1999"), 422, "invalid")
    assert client.get("/api/v1/reports/annual/sfj/2024").status_code == 404  # not published


def test_multipart_without_boundary_is_a_bad_request(client, schema):
    """Was: 500 (MultiPartParserError escaped to the catch-all handler)."""
    response = client.generic("POST", "/api/v1/verify/file", b"x",
                              content_type="multipart/form-data")
    assert_error(response, 400, "bad_request")
    assert {400, 413, 422} <= documented(schema, "post", "/api/v1/verify/file")


def test_unparseable_json_body_is_documented(client, schema):
    """Was: an undocumented 400 on every operation with a body."""
    response = client.generic("POST", "/api/v1/verify/digest", b"{",
                              content_type="application/json")
    assert_error(response, 400, "bad_request")
    gbk = client.generic("POST", "/api/v1/verify/digest", b'{"digest": "\xc4\xe3\xff"}',
                         content_type="application/json")
    assert assert_error(gbk, 400, "bad_request")["message"] == "无法解析请求正文(需要 UTF-8 编码的 JSON)。"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                assert {400, 422} <= documented(schema, method, path), (method, path)


def test_qa_unknown_agency_404_is_documented(client, agency, schema):
    """Was: an undocumented 404."""
    assert_error(client.get("/api/v1/qa", {"q": "x", "agency": "nope"}), 404, "not_found")
    assert 404 in documented(schema, "get", "/api/v1/qa")


def test_transparency_404s_are_documented(client, schema):
    """Was: undocumented 404s (an empty log; an inclusion proof for an unknown version)."""
    assert_error(client.get("/api/v1/transparency/head"), 404, "not_found")
    assert_error(client.get("/api/v1/transparency/proof/inclusion",
                            {"record": 0, "version": 0}), 404, "not_found")
    assert 404 in documented(schema, "get", "/api/v1/transparency/head")
    assert 404 in documented(schema, "get", "/api/v1/transparency/proof/inclusion")


def test_staff_operations_document_auth_and_state_errors(client, schema):
    """Was: 401, 403 and 409 (a step the record's or case's state does not allow)
    undocumented on every staff operation."""
    assert_error(client.get("/api/v1/me"), 401, "unauthenticated")
    steps = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                assert {401, 403} <= documented(schema, method, path), (method, path)
            if method in {"post", "patch"} and path.startswith(
                    ("/api/v1/records/{record_id}", "/api/v1/staff/applications/{application_id}/")
            ) and not path.endswith("/notes"):
                assert 409 in documented(schema, method, path), (method, path)
                steps += 1
    assert steps >= 18


def test_record_step_in_the_wrong_state_answers_409(client, agency, editor):
    from gongkai.core.services import api_token_create

    _token, secret = api_token_create(actor=None, user=editor, name="fuzz regression")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    from gongkai.catalogue.models import Genre, Topic

    created = client.post("/api/v1/records", {
        "agency": agency.slug, "title": "测试", "formed_on": "2024-01-02",
        "topic": Topic.objects.first().code, "genre": Genre.objects.first().code,
    }, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    submit = f"/api/v1/records/{created.json()['id']}/submit"
    assert client.post(submit, **auth).status_code == 200
    # Submitted once; a second submission is not a step its state allows.
    assert_error(client.post(submit, **auth), 409, "invalid_transition")


def test_rate_limited_public_operations_document_429(client, agency, schema, settings):
    """The public application operations are rate-limited (the fuzz server runs with
    GONGKAI_RATELIMIT=0 to reach the handlers): 429 is real and documented."""
    settings.RATELIMIT_ENABLE = True
    settings.GONGKAI_RATELIMIT_RATES = {"applications.status": "2/m"}
    address = {"REMOTE_ADDR": "203.0.113.77"}
    statuses = [client.get("/api/v1/applications/2024-0001", {"access_code": "x"},
                           **address).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    for method, path in [("post", "/api/v1/applications"),
                         ("get", "/api/v1/applications/{case_number}"),
                         ("post", "/api/v1/applications/{case_number}/withdraw")]:
        assert 429 in documented(schema, method, path), (method, path)


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("get", "/api/v1/agencies/%00", None, "path"),
    ("post", "/api/v1/applications", '{"agency": "\\u0000", "description": "x", '
                                     '"applicant": {"type": "natural_person", "name": "x"}}',
     "body"),
    ("post", "/api/v1/staff/applications", "\x00", "body"),
])
def test_nul_characters_are_refused_at_the_edge(client, agency, schema, method, path, body, field):
    """Was: 500 on PostgreSQL, which cannot store or compare text holding NUL (0x00); found by
    the fuzzer in POST /api/v1/staff/applications (``"agency": "qx\u0000…"``)."""
    if body is None:
        response = client.get(path)
    else:
        response = client.generic("POST", path, body.encode(), content_type="application/json")
    error = assert_error(response, 422, "invalid")
    assert field in error["fields"]


@pytest.mark.parametrize("path", ["/api/v1/records?agency=sf%00j", "/api/v1/search?q=%E6%94%BF%00",
                                  "/api/v1/qa?q=%00&agency=sfj%00", "/api/v1/agencies?page=1%00"])
def test_nul_characters_in_query_parameters_are_dropped(client, agency, path):
    """Was: 500 on PostgreSQL for a filter holding NUL. Query parameters are normalised (as the
    search box's input is), not refused."""
    assert client.get(path).status_code == 200


def test_nul_inside_an_uploaded_file_is_fine(client):
    """Files are bytes: NUL in an upload is data, not an attack on the database."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.bin", b"%PDF-1.7\x00\x00binary", content_type="application/pdf")
    response = client.post("/api/v1/verify/file", {"file": upload})
    assert response.status_code in {200, 422}, response.content


def test_overlong_urls_are_documented(schema):
    """Was: an undocumented 414 from gunicorn (request line over 4094 bytes) on operations
    with query parameters; it is answered before Django, as HTML."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("parameters"):
                response = operation["responses"]["414"]
                assert "text/html" in response["content"], (method, path)
