"""Hostile input thrown at every public form, the staff forms, the uploads and the JSON API
(issue 8, part 3): each input gets a 4xx with a clear message, or is stored inert and
rendered escaped; never a 500, never a half-written row.

The forms are read from their own pages (tests/security/forms.py), so a field added to a
form is attacked without touching this file. Each text field gets a deterministic subset of
tests/security/hostile.py: one payload of every category, rotating through the corpus from
field to field, so every payload is used and a run stays fast (the full cross product of
~70 payloads × ~100 fields would take minutes). Failures name form, field and payload.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.security import hostile
from tests.security.forms import Form, read_forms
from tests.security.world import World, applicant, build_world

CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_MARK = re.compile(r'errorlist|role="alert"|class="[^"]*error|"error"')


def payloads_for(index: int) -> list[tuple[str, str, str]]:
    """One payload per category, the ``index``-th of each (wrapping): deterministic, and
    over all fields of all forms every payload of the corpus is used."""
    by_category: dict[str, list[tuple[str, str, str]]] = {}
    for entry in hostile.STRINGS:
        by_category.setdefault(entry[0], []).append(entry)
    chosen = [entries[index % len(entries)] for category, entries in by_category.items()
              if category != "long"]
    chosen += by_category["long"]  # every field gets 10k and 100k: limits differ per field
    # Two XSS payloads per field: they are the ones that matter most for rendered text.
    xss = by_category["xss"]
    chosen.append(xss[(index + len(xss) // 2) % len(xss)])
    return chosen


@dataclass
class Spec:
    """One form: where its page is, which form on it, who uses it, what it writes."""
    name: str
    who: str  # "anon" or "admin"
    page: Callable[[World], str]
    action: Callable[[World], str] | None = None  # the form's action; None = the page
    models: tuple[str, ...] = ()
    fill: dict[str, Any] = field(default_factory=dict)
    skip_fields: tuple[str, ...] = ()
    huge: str | None = None  # one field that also gets the 1M-character value
    prepare: Callable[[World, Client], None] | None = None
    valid_baseline: bool = True  # False where the form's own values cannot succeed
    mutate: tuple[str, ...] = ()  # fields to attack besides the text fields


def _case(w: World) -> str:
    return f"/staff/applications/{w.application.pk}/"


def _status(w: World) -> str:
    return f"/{w.agency.slug}/applications/status/{w.application.case_number}/"


def _prove_case(w: World, client: Client) -> None:
    """Open the applicant's case page the way the applicant does: case number + code."""
    response = client.post(f"/{w.agency.slug}/applications/status/", {
        "case_number": w.application.case_number, "access_code": w.access_code})
    assert response.status_code == 302, response.content[:500]


def _request_correction(w: World, client: Client) -> None:
    from gongkai.applications import services
    services.request_correction(actor=w.admin, application=w.application,
                                what_to_correct="请补充所需信息的名称。")
    _prove_case(w, client)


SPECS = [
    # Public forms.
    Spec("apply", "anon", lambda w: f"/{w.agency.slug}/applications/apply/",
         models=("applications.Application",), huge="description",
         fill=applicant(description="请公开2020年政务公开工作要点全文"),
         skip_fields=("credit_code", "contact_name")),
    Spec("status-lookup", "anon", lambda w: f"/{w.agency.slug}/applications/status/",
         fill={"case_number": lambda w: w.application.case_number,
               "access_code": lambda w: w.access_code}),
    Spec("status-withdraw", "anon", _status,
         action=lambda w: _status(w) + "withdraw/", prepare=lambda w, c: _prove_case(w, c),
         fill={"confirm": "on", "access_code": lambda w: w.access_code},
         mutate=("withdraw-access_code",), valid_baseline=False,  # it would withdraw
         models=("applications.Application",)),
    Spec("status-correction", "anon", _status,
         action=lambda w: _status(w) + "correction/", prepare=_request_correction,
         fill={"access_code": lambda w: w.access_code}, models=("applications.Correction",),
         valid_baseline=False),  # a correction is supplied once
    Spec("search", "anon", lambda w: f"/{w.agency.slug}/search/",
         action=lambda w: f"/{w.agency.slug}/search/", huge="q"),
    Spec("qa-ask", "anon", lambda w: f"/{w.agency.slug}/qa/",
         action=lambda w: f"/{w.agency.slug}/qa/", models=("qa.AskedQuestion",)),
    Spec("verify-digest", "anon", lambda w: "/verify/", action=lambda w: "",
         valid_baseline=False),  # an empty digest is refused; nothing is stored anyway
    Spec("public-register", "anon", lambda w: "/accounts/register/",
         fill={"password1": "Gk-hostile-2026!", "password2": "Gk-hostile-2026!"},
         models=("core.User",)),
    Spec("public-login", "anon", lambda w: "/accounts/login/", fill={"password": "x"}),
    Spec("staff-login", "anon", lambda w: "/staff/login/", fill={"password": "x"}),
    # Staff forms.
    Spec("token-create", "admin", lambda w: "/staff/tokens/", models=("core.ApiToken",)),
    Spec("calendar-day", "admin", lambda w: f"/staff/calendar/{dt.date.today().year}/",
         action=lambda w: f"/staff/calendar/{dt.date.today().year}/day/",
         models=("workdays.CalendarDay",)),
    Spec("calendar-declare", "admin", lambda w: f"/staff/calendar/{dt.date.today().year}/",
         action=lambda w: f"/staff/calendar/{dt.date.today().year}/declare/",
         models=("workdays.CalendarDay",)),
    Spec("record-new", "admin", lambda w: "/staff/catalogue/records/new/",
         models=("catalogue.Record",), huge="body",
         skip_fields=("replaced_by",), fill={"keywords": "公开"}),
    Spec("record-edit", "admin", lambda w: f"/staff/catalogue/records/{w.record.pk}/",
         action=lambda w: f"/staff/catalogue/records/{w.record.pk}/",
         models=("catalogue.Record",), skip_fields=("replaced_by",)),
    Spec("record-link", "admin", lambda w: f"/staff/catalogue/records/{w.record.pk}/",
         action=lambda w: f"/staff/catalogue/records/{w.record.pk}/links/",
         models=("catalogue.RecordLink",), valid_baseline=False),  # needs a second record
    Spec("campaign", "admin", lambda w: "/staff/catalogue/campaigns/",
         models=("catalogue.Campaign",)),
    Spec("staff-register", "admin", lambda w: "/staff/applications/new/",
         models=("applications.Application",),
         fill=applicant(), skip_fields=("credit_code", "contact_name")),
    Spec("case-correction", "admin", _case, action=lambda w: _case(w) + "correction/",
         models=("applications.Correction",)),
    Spec("case-third-party-consultation", "admin", _case,
         action=lambda w: _case(w) + "third-party-consultation/",
         models=("applications.ThirdPartyConsultation",)),
    Spec("case-extension", "admin", _case, action=lambda w: _case(w) + "extension/",
         models=("applications.Extension",)),
    Spec("case-reply", "admin", _case, action=lambda w: _case(w) + "reply/",
         fill={"action": "preview"}, models=("applications.Notice",)),
    Spec("case-withdraw", "admin", _case, action=lambda w: _case(w) + "withdraw/",
         models=("applications.Application",)),
    Spec("case-note", "admin", _case, action=lambda w: _case(w) + "notes/",
         models=("applications.InternalNote",), huge="text"),
    Spec("faq-new", "admin", lambda w: "/staff/qa/faqs/new/", models=("qa.Faq",)),
    Spec("faq-edit", "admin", lambda w: f"/staff/qa/faqs/{w.faq.pk}/", models=("qa.Faq",)),
    Spec("letter-template", "admin",
         lambda w: f"/staff/applications/templates/correction_request/-/?agency={w.agency.pk}",
         action=lambda w: f"/staff/applications/templates/correction_request/-/?agency={w.agency.pk}",
         models=("applications.LetterTemplate",), fill={"action": "save"}),
    Spec("report-edit", "admin",
         lambda w: f"/staff/reports/{w.agency.pk}/{w.report_year}/",
         action=lambda w: f"/staff/reports/{w.agency.pk}/{w.report_year}/",
         models=("reports.AnnualReport",)),
    Spec("staff-search", "admin", lambda w: "/staff/search/", action=lambda w: "/staff/search/"),
    Spec("staff-records-filter", "admin", lambda w: "/staff/catalogue/", action=lambda w: ""),
    Spec("audit-filter", "admin", lambda w: "/staff/audit/", action=lambda w: ""),
]


def _count(models: tuple[str, ...]) -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in models}


def _pick(forms: list[Form], action: str, page: str) -> Form:
    """The form posting to ``action`` (the last one: the header search form comes first)."""
    path = action.split("?")[0]
    page_path = page.split("?")[0]
    candidates = [f for f in forms if f.action.split("?")[0] == path
                  or (f.action == "" and path in {"", page_path})]
    assert candidates, f"no form with action {action!r} on {page}: " \
                       f"{[(f.action, f.names()) for f in forms]}"
    return candidates[-1]


def _check_response(label: str, response: Any, before: dict[str, int], models: tuple[str, ...],
                    value: str, client: Client, failures: list[str]) -> None:
    status = response.status_code
    if status >= 500:
        failures.append(f"{label}: {status}")
        return
    if 400 <= status < 500:
        after = _count(models)
        if after != before:
            failures.append(f"{label}: {status} but rows changed {before} -> {after}")
        body = response.content.decode("utf-8", "replace")
        if status in (400, 422) and not (ERROR_MARK.search(body) and CJK.search(body)):
            failures.append(f"{label}: {status} without a (Chinese) error message")
        return
    # Accepted: whatever page shows it next must show it as text.
    html = response.content.decode("utf-8", "replace")
    if status in (301, 302, 303) and response.get("Location"):
        shown = client.get(response["Location"])
        if shown.status_code >= 500:
            failures.append(f"{label}: the page after saving answered {shown.status_code}")
            return
        html = shown.content.decode("utf-8", "replace")
    if "<" in value and value in html:
        failures.append(f"{label}: rendered unescaped")
    if re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I):
        failures.append(f"{label}: a javascript: URL became a link")


@pytest.fixture
def world(agency, settings):
    settings.RATELIMIT_ENABLE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return build_world(agency)


def _client(world: World, who: str) -> Client:
    client = Client()
    if who == "admin":
        client.force_login(world.admin)
    return client


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_form_survives_hostile_text(spec: Spec, world: World):
    client = _client(world, spec.who)
    if spec.prepare:
        spec.prepare(world, client)
    page = spec.page(world)
    response = client.get(page)
    assert response.status_code == 200, f"{spec.name}: {page} answered {response.status_code}"
    action = spec.action(world) if spec.action else page
    form = _pick(read_forms(response.content.decode()), action, page)
    target = action or page
    baseline = form.baseline()
    for name in form.names():  # fill keys match with or without the form's prefix
        key = name if name in spec.fill else name.rsplit("-", 1)[-1]
        if key in spec.fill:
            value = spec.fill[key]
            baseline[name] = value(world) if callable(value) else value
    fields = [f for f in form.text_fields() if f not in spec.skip_fields] + list(spec.mutate)
    assert fields, f"{spec.name}: no text fields found in {form.names()}"
    if spec.valid_baseline:
        # The untouched submission is accepted, so a payload that is accepted too really
        # is stored (and shown), and a refusal is the payload's doing.
        data = {**baseline, **({"idempotency_key": str(uuid.uuid4())}
                               if "idempotency_key" in baseline else {})}
        response = client.get(target, data) if form.method == "get" else client.post(target, data)
        assert response.status_code < 400, \
            f"{spec.name}: baseline refused ({response.status_code}): {baseline}\n" + \
            response.content.decode()[-3000:]
        if spec.prepare:
            spec.prepare(world, client)
    failures: list[str] = []
    cases = 0
    for index, name in enumerate(fields):
        entries = payloads_for(index + len(spec.name))
        if name == spec.huge:
            entries.append(hostile.HUGE_TEXT)
        for category, payload_label, value in entries:
            data = dict(baseline)
            data[name] = value
            if "idempotency_key" in data:
                data["idempotency_key"] = str(uuid.uuid4())
            label = f"{spec.name}.{name}[{category}:{payload_label}]"
            before = _count(spec.models)
            if form.method == "get":
                response = client.get(target, data)
            else:
                response = client.post(target, data)
            cases += 1
            _check_response(label, response, before, spec.models, value, client, failures)
    print(f"hostile-cases {spec.name}: {cases} cases over {len(fields)} fields")
    assert not failures, f"{len(failures)} of {cases} cases failed:\n" + "\n".join(failures)


# Uploads: hostile file names, over-size files, a zip bomb. ----------------------------


def _upload(client: Client, url: str, field_name: str, name: str, data: bytes,
            extra: dict[str, Any] | None = None) -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url, {field_name: upload, **(extra or {})})


@pytest.mark.parametrize("entry", hostile.FILE_NAMES, ids=[e[1] for e in hostile.FILE_NAMES])
def test_attachment_file_names_are_stored_inert(entry, world):
    """Catalogue attachments keep their name for display only: stored files are named by
    the server, and the name is shown escaped (or refused with a message)."""
    from gongkai.catalogue.models import Attachment

    _, label, name = entry
    client = _client(world, "admin")
    url = f"/staff/catalogue/records/{world.record.pk}/attachments/"
    before = Attachment.objects.count()
    response = _upload(client, url, "file", name, hostile.PDF_BYTES)
    assert response.status_code < 500, label
    if response.status_code >= 400:
        assert Attachment.objects.count() == before
        assert CJK.search(response.content.decode())
        return
    attachment = Attachment.objects.order_by("-pk").first()
    assert attachment is not None and attachment.pk != world.attachment.pk
    stored = str(attachment.file.name)
    assert ".." not in stored and not stored.startswith("/") and "\x00" not in stored
    page = client.get(f"/staff/catalogue/records/{world.record.pk}/").content.decode()
    assert "<script>window.__xss" not in page and "<img src=x" not in page


def test_attachment_over_the_size_limit_is_refused(world, settings):
    from gongkai.catalogue.models import Attachment

    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    client = _client(world, "admin")
    before = Attachment.objects.count()
    response = _upload(client, f"/staff/catalogue/records/{world.record.pk}/attachments/",
                       "file", "大文件.pdf", hostile.PDF_BYTES + b"0" * (1024 * 1024 + 10))
    assert 400 <= response.status_code < 500
    assert CJK.search(response.content.decode())
    assert Attachment.objects.count() == before


def test_verify_upload_over_the_limit_and_odd_names(world, settings):
    settings.GONGKAI_VERIFY_MAX_UPLOAD_MB = 1
    client = Client()
    response = _upload(client, "/verify/", "file", "big.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "MB" in response.content.decode() and CJK.search(response.content.decode())
    for _, label, name in hostile.FILE_NAMES:
        response = _upload(client, "/verify/", "file", name, hostile.PDF_BYTES)
        assert response.status_code < 500, label
        assert "<script>window.__xss" not in response.content.decode(), label


def test_catalogue_import_refuses_a_zip_bomb(world, monkeypatch):
    """A data member that inflates beyond the cap is refused from the zip's own directory,
    before anything is inflated (the cap is lowered to 8 MB so the bomb is quick to make;
    the real one is 512 MB)."""
    from gongkai.catalogue import importer
    from gongkai.catalogue.models import Record

    monkeypatch.setattr(importer, "MAX_ZIP_DATA_BYTES", 8 * 1024**2)
    bomb = hostile.zip_bomb(16)
    assert len(bomb) < 64 * 1024
    client = _client(world, "admin")
    before = Record.objects.count()
    response = _upload(client, "/staff/catalogue/import/", "file", "bomb.zip", bomb,
                       {"agency": str(world.agency.pk)})
    assert response.status_code in (200, 400), response.status_code
    body = response.content.decode()
    assert "压缩炸弹" in body and 'name="token"' not in body
    assert Record.objects.count() == before


@pytest.mark.parametrize("entry", hostile.FILE_NAMES + [
    ("filename", "zip-slip", "../../evil.csv")], ids=lambda e: e[1])
def test_catalogue_import_file_names(entry, world):
    from gongkai.catalogue.models import Record

    _, label, name = entry
    client = _client(world, "admin")
    before = Record.objects.count()
    response = _upload(client, "/staff/catalogue/import/", "file", name,
                       "标题\n<script>window.__xss=1</script>\n".encode(),
                       {"agency": str(world.agency.pk)})
    assert response.status_code < 500, label
    assert "<script>window.__xss" not in response.content.decode(), label
    assert Record.objects.count() == before


def test_calendar_and_reply_uploads_with_hostile_names(world):
    client = _client(world, "admin")
    year = dt.date.today().year
    for _, label, name in hostile.FILE_NAMES:
        response = _upload(client, f"/staff/calendar/{year}/import/", "file", name,
                           b"2026-01-01,holiday,<script>window.__xss=1</script>\n")
        assert response.status_code < 500, f"calendar-import {label}"
        response = _upload(client, f"/staff/applications/{world.application.pk}/reply/",
                           "file", name, hostile.PDF_BYTES,
                           {"reply_type": "public", "reply_text": "答复", "action": "preview"})
        assert response.status_code < 500, f"case-reply {label}"


def test_signing_certificate_import_refuses_garbage(world):
    client = _client(world, "admin")
    for _, label, name in hostile.FILE_NAMES[:4]:
        response = _upload(client, "/staff/signing/import/", "p12", name, b"\x00garbage" * 10,
                           {"agency": str(world.agency.pk), "password": "' OR 1=1 --"})
        assert 400 <= response.status_code < 500 or response.status_code == 302, label


# Bytes that are not UTF-8, CSRF, idempotency keys. ------------------------------------


@pytest.mark.parametrize("entry", hostile.INVALID_BYTES, ids=[e[1] for e in hostile.INVALID_BYTES])
def test_form_bodies_that_are_not_utf8(entry, world):
    """A GBK or broken body is decoded with replacement characters: a 4xx or inert text."""
    from gongkai.applications.models import Application

    _, label, raw = entry
    client = Client()
    before = Application.objects.count()
    quoted = "".join(f"%{b:02X}" for b in raw)
    fields = {**applicant(), "idempotency_key": str(uuid.uuid4())}
    body = "&".join(f"{k}={quoted if k == 'description' else v}" for k, v in fields.items())
    response = client.post(f"/{world.agency.slug}/applications/apply/", body.encode("utf-8"),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, label
    if response.status_code >= 400:
        assert Application.objects.count() == before
    for url in (f"/{world.agency.slug}/search/", f"/{world.agency.slug}/qa/"):
        response = client.get(url + "?q=" + quoted)
        assert response.status_code < 500, f"{url} {label}"
    response = client.generic("POST", "/accounts/login/", b"username=" + raw + b"&password=x",
                              content_type="application/x-www-form-urlencoded; charset=gbk")
    assert response.status_code < 500, f"login with charset=gbk {label}"


def test_forged_csrf_tokens_are_refused(world):
    from gongkai.applications.models import Application
    from gongkai.core.models import ApiToken

    for who, url, models, data in [
        ("anon", f"/{world.agency.slug}/applications/apply/", ("applications.Application",),
         {**applicant(), "idempotency_key": str(uuid.uuid4())}),
        ("admin", "/staff/tokens/", ("core.ApiToken",), {"name": "伪造"}),
        ("admin", f"/staff/applications/{world.application.pk}/notes/", (), {"text": "伪造"}),
    ]:
        client = Client(enforce_csrf_checks=True)
        if who == "admin":
            client.force_login(world.admin)
        client.get("/staff/login/" if who == "admin" else url)
        for forged in ["", "x" * 64, "' OR 1=1 --", "<script>window.__xss=1</script>"]:
            before = _count(models)
            response = client.post(url, {**data, "csrfmiddlewaretoken": forged},
                                   HTTP_X_CSRFTOKEN=forged)
            assert response.status_code == 403, (url, forged)
            assert CJK.search(response.content.decode()), "403 page without a Chinese message"
            assert _count(models) == before
    assert Application.objects.count() == 1 and ApiToken.objects.count() == 0


def test_replayed_idempotency_key_creates_one_case(world):
    from gongkai.applications.models import Application

    client = Client()
    key = str(uuid.uuid4())
    url = f"/{world.agency.slug}/applications/apply/"
    data = {**applicant(description="同一份申请提交两次"), "idempotency_key": key}
    first = client.post(url, data)
    assert first.status_code == 302
    count = Application.objects.count()
    again = Client().post(url, data)
    assert again.status_code == 302 and Application.objects.count() == count
    changed = Client().post(url, {**data, "description": "换了内容的同一个键"})
    assert changed.status_code == 400 and "已经提交过" in changed.content.decode()
    assert Application.objects.count() == count


# Paths: traversal, encoded separators, NUL, over-long. --------------------------------


HOSTILE_PATHS = [
    "/{a}/disclosure/attachments/{att}/..%2f..%2f..%2fetc%2fpasswd",
    "/{a}/disclosure/attachments/{att}/../../../etc/passwd",
    "/{a}/disclosure/attachments/{att}/%00.pdf",
    "/{a}/disclosure/index/..%2f..%2fetc%2fpasswd/",
    "/{a}/disclosure/index/%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E/",
    "/media/agency-logos/..%2f..%2fsecret_key",
    "/media/agency-logos/../../secret_key",
    "/media/..%2fsecret_key",
    "/static/..%2f..%2fsettings.py",
    "/{a}/applications/status/..%2f..%2f/",
    "/{a}/applications/status/%3Cscript%3E/",
    "/{a}/applications/status/" + "9" * 5000 + "/",
    "/{a}/laws/category/%E2%80%AE%00/",
    "/{a}/reports/open-data.%2e%2e%2fetc",
    "/{a}/%C0%AF../",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/transparency/entries/99999999999999999999999/",
    # NUL in path parameters and query strings (PostgreSQL refuses to compare such text).
    "/{a}/applications/status/%00/",
    "/{a}/disclosure/index/%00/",
    "/{a}/reports/open-data.%00",
    "/{a}/laws/category/%00/",
    "/{a}/search/?q=%00&sort=%00&kind=%00",
    "/{a}/qa/?q=%00",
    "/{a}/qa/faq/?q=%00",
    "/{a}/laws/?q=%00",
    "/{a}/laws/category/%E5%AE%AA%E6%B3%95/?q=%00",
    "/{a}/disclosure/?q=%00&topic=%00&genre=%00&year=%00&department=%00&page=%00",
    "/{a}/disclosure/feed.atom?q=%00",
    "/{a}/disclosure/data.json?topic=%00",
    "/{a}/reports/?year=%00",
    "/verify/?digest=%00",
    "/transparency/?page=%00",
    "/sitemap.xml?p=%00",
    "/{a}/disclosure/records/99999999999999999999999/",
]


def test_hostile_paths_never_500_or_escape(world):
    client = Client()
    for template in HOSTILE_PATHS:
        path = template.format(a=world.agency.slug, att=world.attachment.pk)
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if "%00" in path.split("?")[0]:
            assert response.status_code in (400, 404), (path, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code == 400:
            assert "请求中含有不允许的字符".encode() in body, path
        assert b"SECRET" not in body and b"root:" not in body, path
        assert b"<script>window.__xss" not in body, path


# The JSON API: every operation with a body gets hostile strings in every string field. --


def _string_fields(schema: dict, components: dict) -> dict[str, Any]:
    """A body with every property filled: strings hostile later, others a plausible value."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "anyOf"):
        if key in schema:
            return _string_fields(schema[key][0], components)
    body: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        if "$ref" in prop:
            prop = components[prop["$ref"].rsplit("/", 1)[-1]]
        if "anyOf" in prop:
            prop = next((p for p in prop["anyOf"] if p.get("type") != "null"), prop["anyOf"][0])
        kind = prop.get("type")
        if "enum" in prop:
            body[name] = prop["enum"][0]
        elif kind == "string":
            body[name] = {"date": dt.date.today().isoformat(),
                          "date-time": dt.datetime.now(dt.UTC).isoformat()}.get(
                prop.get("format", ""), "测试")
        elif kind == "integer":
            body[name] = 1
        elif kind == "boolean":
            body[name] = False
        elif kind == "array":
            body[name] = []
        elif kind == "object":
            body[name] = {}
    return body


def test_api_operations_with_bodies_survive_hostile_strings(world):
    from gongkai.core.services import api_token_create

    _, secret = api_token_create(actor=world.admin, user=world.admin, name="hostile")
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    failures: list[str] = []
    cases = 0
    values = {
        "agency": world.agency.slug, "slug": world.agency.slug, "pk": world.record.pk,
        "id": world.record.pk, "record_id": world.record.pk, "faq_id": world.faq.pk,
        "application_id": world.application.pk, "case_number": world.application.case_number,
        "year": world.report_year, "agency_id": world.agency.pk,
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if method not in {"post", "put", "patch"} or "application/json" not in content:
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)
            body = _string_fields(content["application/json"]["schema"], components)
            strings = [k for k, v in body.items() if isinstance(v, str)] or [None]
            raws: list[tuple[str, bytes]] = [
                (label, raw) for _, label, raw in hostile.INVALID_BYTES[:2]] + [
                ("not-json", b"{'a': <script>}"), ("deep", b"[" * 5000 + b"]" * 5000)]
            for index, name in enumerate(strings):
                for category, label, value in payloads_for(index):
                    data = dict(body)
                    if name is not None:
                        data[name] = value
                    response = client.generic(
                        method.upper(), url, json.dumps(data), content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {secret}",
                        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
                    cases += 1
                    where = f"{method.upper()} {path} {name}[{category}:{label}]"
                    _check_api(where, response, failures)
            for label, raw in raws:
                response = client.generic(method.upper(), url, raw,
                                          content_type="application/json",
                                          HTTP_AUTHORIZATION=f"Bearer {secret}")
                cases += 1
                # django-ninja's own 400 for an unparseable body has an English message
                # (reported to the lead: gongkai/api/errors.py belongs to the API helper);
                # the status and the error shape are what is held here.
                _check_api(f"{method.upper()} {path} body[{label}]", response, failures,
                           chinese=False)
    print(f"hostile-cases api: {cases} cases")
    assert cases > 50, cases
    assert not failures, f"{len(failures)} of {cases} API cases failed:\n" + "\n".join(failures)


def _check_api(where: str, response: Any, failures: list[str], *, chinese: bool = True) -> None:
    if response.status_code >= 500:
        failures.append(f"{where}: {response.status_code}")
        return
    if 400 <= response.status_code < 500 and response.status_code not in (404, 405):
        try:
            error = response.json().get("error", {})
        except ValueError:
            failures.append(f"{where}: {response.status_code} not JSON")
            return
        if not error.get("message") or (chinese and not CJK.search(str(error["message"]))):
            failures.append(f"{where}: {response.status_code} message {error!r}")


# Small endpoints: Q&A feedback, the suggestion JSON, redirect targets. -----------------

OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)",
           "http:evil.example", "\x00/", "/%0d%0aSet-Cookie:x=1"]


def test_small_endpoints_and_redirect_targets(world):
    from gongkai.qa.models import AskedQuestion

    client = Client()
    slug = world.agency.slug
    client.get(f"/{slug}/qa/", {"q": "如何申请政府信息公开?"})
    before = AskedQuestion.objects.count()
    for _category, label, value in hostile.STRINGS[::3]:
        for data in ({"question": value, "helpful": "1"}, {"question": "1", "helpful": value}):
            response = client.post(f"/{slug}/qa/feedback/", data)
            assert response.status_code in (302, 404), (label, data, response.status_code)
        response = client.get(f"/{slug}/applications/apply/suggest/", {"q": value})
        assert response.status_code == 200 and "results" in response.json(), label
    assert AskedQuestion.objects.count() == before
    for target in OFFSITE:
        for response in (
            client.post("/preferences/elder-mode/", {"on": "1", "next": target}),
            client.post("/i18n/setlang/", {"language": "en", "next": target}),
            client.post("/accounts/login/", {"username": "x", "password": "y", "next": target}),
        ):
            assert response.status_code < 500, target
            location = response.get("Location", "")
            assert "evil.example" not in location and not location.startswith("javascript"), \
                (target, location)
            assert "\n" not in location and "\r" not in location
