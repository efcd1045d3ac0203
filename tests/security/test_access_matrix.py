"""The access matrix: every URL pattern and every API operation, requested as every role,
against the one declared policy in tests/security/policy_table.py (issue 8, part 2).

A route without a declared policy fails ``test_every_route_is_declared`` with its name and
where to declare it. Each route is one test (its id is the URL name or "METHOD /path"), so
a failure names the route, and its message lists every role that got the wrong answer.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.api import api
from tests.security import policy_table as table
from tests.security.dataset import DRAFT_YEAR, REPORT_YEAR, World, world_fixture
from tests.security.policy_table import ANON, NON_STAFF_ACCOUNTS, ROLES, STAFF_B, Rule

HOW_TO_DECLARE = ("declare it in tests/security/policy_table.py ({where}); see that file's "
                  "docstring for the vocabulary")


# The URL tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    callback: Any

    @property
    def is_api_operation(self) -> bool:
        return getattr(self.callback, "__module__", "").startswith("ninja.operation")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("staff/admin/")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Any:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield Route(prefix + str(p.pattern), name, p.callback)


ROUTES = list(_walk(get_resolver().url_patterns))
PAGE_ROUTES = [r for r in ROUTES if not r.is_api_operation and not r.is_admin]
ADMIN_ROUTES = [r for r in ROUTES if r.is_admin]


def _operations() -> list[tuple[str, Any]]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(x for x in (prefix.strip("/"), path.strip("/")) if x)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((f"{method} {full}", operation))
    return found


OPERATIONS = _operations()


def _admin_model_key(route: Route) -> tuple[str, str] | None:
    """("app_label.model", action) for a ModelAdmin's route, None for the site's own."""
    for model in admin.site._registry:
        label = f"{model._meta.app_label}/{model._meta.model_name}/"
        if route.pattern.startswith("staff/admin/" + label):
            rest = route.pattern.removeprefix("staff/admin/" + label)
            action = {"": "changelist", "add/": "add", "<path:object_id>/": "legacy"}.get(rest)
            if action is None:
                action = "delete" if rest.endswith("/delete/") else "obj"
            return f"{model._meta.app_label}.{model._meta.model_name}", action
    return None


# Coverage: nothing undeclared, nothing stale ------------------------------------------


def test_every_route_is_declared():
    missing = [f"{r.name or r.pattern} ({r.pattern})" for r in PAGE_ROUTES
               if r.name not in table.ROUTES]
    assert not missing, ("Routes without a declared access policy: " + ", ".join(missing)
                         + "; " + HOW_TO_DECLARE.format(where="ROUTES, under its app"))
    names = {r.name for r in PAGE_ROUTES}
    stale = sorted(set(table.ROUTES) - names)
    assert not stale, f"policy_table.ROUTES names routes that no longer exist: {stale}"


def test_every_api_operation_is_declared():
    keys = [key for key, _ in OPERATIONS]
    missing = [k for k in keys if k not in table.API]
    assert not missing, ("API operations without a declared access policy: "
                         + ", ".join(missing) + "; " + HOW_TO_DECLARE.format(where="API"))
    stale = sorted(set(table.API) - set(keys))
    assert not stale, f"policy_table.API names operations that no longer exist: {stale}"


def test_every_admin_model_is_declared():
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    missing = sorted(registered - set(table.ADMIN_MODELS))
    assert not missing, ("Admin models without a declared access policy: " + ", ".join(missing)
                         + "; " + HOW_TO_DECLARE.format(where="ADMIN_MODELS"))
    assert not set(table.ADMIN_MODELS) - registered
    site_routes = {r.name for r in ADMIN_ROUTES if _admin_model_key(r) is None and r.name}
    missing_site = sorted(site_routes - set(table.ADMIN_SITE))
    assert not missing_site, ("Admin site routes without a declared access policy: "
                              + ", ".join(missing_site) + "; "
                              + HOW_TO_DECLARE.format(where="ADMIN_SITE"))


# The world and one signed-in client per role ------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with world_fixture(django_db_blocker) as built:
            sessions = {}
            for role, user in built.users.items():
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            built.objects["sessions"] = sessions
            yield built


_CLIENTS: dict[str, Client] = {}


def client_for(world: World, role: str) -> Client:
    """The role's client with only its session cookie: a logout (or a cookie set) in one
    request cannot change the next. Clients are reused: each new one loads the middleware,
    and WhiteNoise's scan of the static files dominates the run otherwise."""
    client = _CLIENTS.setdefault(role, Client(HTTP_USER_AGENT="access-matrix"))
    client.cookies = SimpleCookie()
    if role != ANON:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


# What each route is called with -------------------------------------------------------

def _kwargs(w: World) -> dict[str, dict[str, Any]]:
    a = w.agency.slug
    record, draft, case = w.record, w.draft, w.case
    return {
        "portal:sitemap_section": {"section": "records"},
        "portal:agency_home": {"agency": a},
        "portal:agency_profile": {"agency": a},
        "media_logos": {"path": w.logo},
        "catalogue:record": {"agency": a, "pk": record.pk},
        "catalogue:version": {"agency": a, "pk": record.pk, "number": 1},
        "catalogue:by_index": {"agency": a, "index_number": record.index_number},
        "catalogue:attachment": {"agency": a, "pk": w.attachment.pk,
                                 "filename": w.attachment.original_name},
        "catalogue:topic_feed_rss": {"agency": a, "topic": w.topic.code},
        "catalogue:topic_feed_atom": {"agency": a, "topic": w.topic.code},
        "qa:faq": {"agency": a, "pk": w.faq.pk},
        "laws:category": {"agency": a, "category": w.law.category},
        "laws:law": {"agency": a, "pk": w.law.pk},
        "laws:compare": {"agency": a, "pk": w.law.pk, "other": w.other_law.pk},
        "reports:open_data": {"agency": a, "ext": "csv"},
        "reports:detail": {"agency": a, "year": REPORT_YEAR},
        "reports:download": {"agency": a, "year": REPORT_YEAR, "ext": "pdf"},
        "signing:record_pdf": {"pk": record.pk},
        "signing:record_version_pdf": {"pk": record.pk, "number": 1},
        "transparency:entry": {"index": 0},
        "applications:case_status": {"agency": a, "case_number": case.case_number},
        "applications:case_withdraw": {"agency": a, "case_number": case.case_number},
        "applications:case_correct": {"agency": a, "case_number": case.case_number},
        "applications:case_fee": {"agency": a, "case_number": case.case_number},
        "applications:case_notice": {"agency": a, "case_number": case.case_number,
                                     "pk": w.notice.pk},
        "applications:case_file": {"agency": a, "case_number": case.case_number,
                                   "pk": w.case_file.pk},
        "staff:token_revoke": {"token_id": w.token.pk},
        "staff:calendar_year": {"year": 2027},
        "staff:calendar_day": {"year": 2027},
        "staff:calendar_import": {"year": 2027},
        "staff:calendar_declare": {"year": 2027},
        "staff:job_retry": {"run_id": w.job_run.pk},
        "staff:catalogue_record": {"pk": draft.pk},
        "staff:catalogue_attachment": {"pk": draft.pk, "attachment_pk": w.draft_attachment.pk},
        "staff:catalogue_campaign": {"pk": w.campaign.pk},
        "staff:search_word_remove": {"pk": w.word.pk},
        "staff:search_synonym_remove": {"pk": w.synonym.pk},
        "staff:qa_faq": {"pk": w.faq.pk},
        "staff:qa_faq_delete": {"pk": w.faq.pk},
        "staff:qa_question_dismiss": {"pk": w.question.pk},
        "staff:applications_notice": {"pk": case.pk, "notice_pk": w.notice.pk},
        "staff:applications_notice_sent": {"pk": case.pk, "notice_pk": w.notice.pk},
        "staff:applications_file": {"pk": case.pk, "item_pk": w.case_file.pk},
        "staff:applications_proposal_complete": {"pk": w.proposal.pk},
        "staff:applications_proposal_dismiss": {"pk": w.proposal.pk},
        "staff:applications_template": {"kind": "acknowledgement", "reply_type": "-"},
        "staff:reports_edit": {"agency_id": w.agency.pk, "year": DRAFT_YEAR},
        "staff:reports_cell": {"agency_id": w.agency.pk, "year": DRAFT_YEAR},
    }


# Routes whose only argument is a record or a case of agency A.
RECORD_ROUTES = ("staff:catalogue_record_attach", "staff:catalogue_record_link",
                 "staff:catalogue_record_submit", "staff:catalogue_record_approve",
                 "staff:catalogue_record_return", "staff:catalogue_record_redact",
                 "staff:catalogue_record_withdraw")
CASE_ROUTES_PREFIX = "staff:applications_"


def _app_kwargs(w: World) -> dict[str, dict[str, Any]]:
    from tests.security.apps import app_modules

    merged: dict[str, dict[str, Any]] = {}
    for module in app_modules():
        if hasattr(module, "kwargs"):
            merged.update(module.kwargs(w))
    return merged


def kwargs_for(w: World, name: str, pattern: str) -> dict[str, Any]:
    declared = {**_kwargs(w), **_app_kwargs(w)}
    if name in declared:
        return declared[name]
    if name in RECORD_ROUTES:
        return {"pk": w.draft.pk}
    if name.startswith(CASE_ROUTES_PREFIX) and "<int:pk>" in pattern:
        return {"pk": w.case.pk}
    if "<slug:agency>" in pattern and pattern.count("<") == 1:
        return {"agency": w.agency.slug}
    assert "<" not in pattern, (
        f"{name} ({pattern}) takes URL arguments: say which object of the test world they "
        "name in _kwargs() of tests/security/test_access_matrix.py")
    return {}


QUERY = {
    "staff:catalogue_export": {"agency": "mxa"},
    "staff:reports_cell": {"cell": "三/new/total"},
    "search:index": {"q": "矩阵"},
    "qa:ask": {"q": "矩阵测试常见问题"},
}


def _merge_app_queries() -> None:
    from tests.security.apps import app_modules

    for module in app_modules():
        QUERY.update(getattr(module, "QUERY", {}))


_merge_app_queries()


def fingerprint(w: World) -> tuple:
    """The state a refused POST must leave as it found it."""
    from gongkai.applications.models import Application, ConversionProposal
    from gongkai.audit.models import AuditEvent
    from gongkai.catalogue.models import Record
    from gongkai.core.models import ApiToken
    from gongkai.jobs.models import JobRun
    from gongkai.qa.models import AskedQuestion, Faq
    from gongkai.search.models import Synonym, Vocabulary
    from gongkai.signing.models import SigningCertificate
    from gongkai.workdays.models import CalendarDay

    return (
        AuditEvent.objects.count(),
        list(Record.objects.order_by("pk").values_list("pk", "status", "title",
                                                        "disclosure_attribute")),
        list(Application.objects.order_by("pk").values_list(
            "pk", "status", "assignee_id", "department_id", "applicant_name")),
        list(ConversionProposal.objects.values_list("pk", "status")),
        list(ApiToken.objects.values_list("pk", "revoked_at")),
        list(JobRun.objects.values_list("pk", "status")),
        Vocabulary.objects.count(), Synonym.objects.count(), Faq.objects.count(),
        list(AskedQuestion.objects.values_list("pk", "status")),
        SigningCertificate.objects.count(), CalendarDay.objects.count(),
    )


# Outcomes ------------------------------------------------------------------------------

LOGIN_PREFIXES = ("/staff/login/", "/accounts/login/", "/staff/admin/login/")


def _location(response: Any) -> str:
    return response.get("Location", "") if 300 <= response.status_code < 400 else ""


def is_login_redirect(response: Any) -> bool:
    return _location(response).startswith(LOGIN_PREFIXES)


def outcome(response: Any) -> str:
    return f"{response.status_code} {_location(response)}".strip()


def check_allowed(response: Any, *, method: str, admin_object: bool = False) -> bool:
    if is_login_redirect(response) or response.status_code in (401, 403, 404, 405):
        return False
    if admin_object and _location(response) == "/staff/admin/":
        return False  # the admin's "no such object (for you)" redirect
    if method == "GET":
        return response.status_code < 400
    return response.status_code < 500


def check_denied(response: Any, *, url: str, role: str, api_call: bool, applicant: bool,
                 absent: bool = False, admin: bool = False,
                 admin_object: bool = False) -> bool:
    status = response.status_code
    if absent:
        return status == 404
    if applicant:
        # Without the access code the case is not found or the lookup form is shown.
        return status == 404 or "/applications/status/" in _location(response) and \
            _location(response).endswith("/applications/status/")
    if api_call:
        return status == 401 if role in (ANON, *NON_STAFF_ACCOUNTS) else status in (403, 404)
    if role == ANON or (role in NON_STAFF_ACCOUNTS and admin):
        # Each door has its own login: the admin's, the public accounts', the staff one.
        door = ("/staff/admin/login/", "/staff/login/") if admin else (
            ("/accounts/login/",) if url.startswith("/accounts/") else ("/staff/login/",))
        return _location(response).startswith(door)
    if admin_object and _location(response) == "/staff/admin/":
        return True
    return status in (403, 404)


def request(client: Client, method: str, url: str, *, data: Any = None,
            content_type: str | None = None) -> Any:
    kwargs: dict[str, Any] = {}
    if content_type:
        kwargs["content_type"] = content_type
    return getattr(client, method.lower())(url, data if data is not None else {}, **kwargs)


def run_matrix(w: World, rule: Rule, url: str, *, api_call: bool = False,
               admin_object: bool = False, data: Any = None, content_type: str | None = None,
               query: dict[str, Any] | None = None) -> list[str]:
    """Request ``url`` as every role; return one line per role whose answer is wrong."""
    wrong = []
    for role in ROLES:
        allowed = role in rule.roles
        client = client_for(w, role)
        with transaction.atomic():
            before = fingerprint(w) if rule.method != "GET" and not allowed else None
            if rule.method == "GET":
                response = client.get(url, query or {})
            else:
                response = request(client, rule.method, url, data=data,
                                   content_type=content_type)
            after = fingerprint(w) if before is not None else None
            transaction.set_rollback(True)
        if allowed:
            ok = check_allowed(response, method=rule.method, admin_object=admin_object)
        else:
            ok = check_denied(response, url=url, role=role, api_call=api_call,
                              applicant=rule.applicant, absent=rule.absent,
                              admin=url.startswith("/staff/admin/"), admin_object=admin_object)
            if ok and before != after:
                wrong.append(f"{role}: refused ({outcome(response)}) but the data changed")
                continue
        if not ok:
            expected = "allowed" if allowed else "refused"
            body = b"" if response.streaming else response.content[:160]
            wrong.append(f"{role}: expected {expected}, got {outcome(response)} "
                         f"{body.decode(errors='replace')!r}")
    return wrong


# Pages -------------------------------------------------------------------------------

PAGE_POST_DATA: dict[str, dict[str, Any]] = {
    "staff:calendar_day": {"date": "2027-01-02", "kind": "holiday"},
}


@pytest.mark.parametrize("route", [r for r in PAGE_ROUTES if r.name in table.ROUTES],
                         ids=lambda r: r.name)
def test_page(world, db, route):
    rule = table.ROUTES[route.name]
    url = reverse(route.name, kwargs=kwargs_for(world, route.name, route.pattern))
    data = {"agency": world.agency.pk, **PAGE_POST_DATA.get(route.name, {})}
    wrong = run_matrix(world, rule, url, data=data,
                       query=QUERY.get(route.name))
    assert not wrong, f"{route.name} ({url}):\n  " + "\n  ".join(wrong)


# The admin site ------------------------------------------------------------------------

def _admin_object(w: World, model_key: str) -> Any:
    o = w.objects
    return {
        "core.agency": w.agency, "core.department": o["department"],
        "core.membership": o["membership"], "core.user": w.users["editor"],
        "core.apitoken": o["token"], "search.vocabulary": o["word"],
        "search.synonym": o["synonym"], "applications.application": o["case"],
        "applications.lettertemplate": o["letter_template"],
        "axes.accessattempt": o["axes_accessattempt"], "axes.accesslog": o["axes_accesslog"],
        "axes.accessfailurelog": o["axes_accessfailurelog"],
    }.get(model_key)


def _admin_url(w: World, route: Route) -> str:
    key = _admin_model_key(route)
    if key is None:
        if route.name == "admin:app_list":
            return reverse(route.name, kwargs={"app_label": "core"})
        if route.name == "admin:view_on_site":
            from django.contrib.contenttypes.models import ContentType

            ct = ContentType.objects.get_for_model(w.agency)
            return reverse(route.name, kwargs={"content_type_id": ct.pk,
                                               "object_id": w.agency.pk})
        return reverse(route.name) if route.name else "/staff/admin/no-such-page/"
    obj = _admin_object(w, key[0])
    path = route.pattern.removeprefix("staff/admin/")
    pk = str(obj.pk) if obj is not None else "1"
    for arg in ("<path:object_id>", "<id>"):
        path = path.replace(arg, pk)
    return "/staff/admin/" + path


def _admin_rule(route: Route) -> Rule:
    key = _admin_model_key(route)
    if key is None:
        if not route.name:  # the catch-all: unknown admin pages
            return table.get(table.NOBODY)
        return table.ADMIN_SITE[route.name]
    if key[1] == "legacy":
        return table.get(table.ADMIN_LEGACY)
    policy = table.ADMIN_MODELS[key[0]]
    return table.get(getattr(policy, key[1]))


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.name or r.pattern)
def test_admin(world, db, route):
    rule = _admin_rule(route)
    url = _admin_url(world, route)
    key = _admin_model_key(route)
    wrong = run_matrix(world, rule, url,
                       admin_object=key is not None and key[1] in ("obj", "delete"))
    assert not wrong, f"{route.name or route.pattern} ({url}):\n  " + "\n  ".join(wrong)


# The API -------------------------------------------------------------------------------

def _api_call(w: World, key: str) -> tuple[str, dict[str, Any] | None, Any]:
    """(url, query, body) for one operation."""
    today = dt.date.today().isoformat()
    case, record, draft = w.case, w.record, w.draft
    paths = {
        "{slug}": w.agency.slug, "{day}": "2027-01-04",
        "{path:index_number}": record.index_number or "", "{int:tree_size}": "1",
        "{int:index}": "0", "{digest}": "0" * 64, "{case_number}": case.case_number,
        "{int:application_id}": str(case.pk), "{agency}": w.agency.slug,
        "{year}": str(REPORT_YEAR), "{int:number}": "1",
    }
    path = key.split(" ", 1)[1]
    # Staff actions on records work on the draft; public reads on the published record.
    paths["{int:record_id}"] = str(draft.pk if key.startswith(("PATCH", "POST")) else record.pk)
    for placeholder, value in paths.items():
        path = path.replace(placeholder, value)
    queries = {
        "GET /workdays/add": {"start": "2027-01-04", "days": 5},
        "GET /workdays/count": {"start": "2027-01-04", "end": "2027-01-29"},
        "GET /transparency/proof/inclusion": {"leaf_index": 0, "tree_size": 1},
        "GET /transparency/proof/consistency": {"first": 1},
        "GET /search": {"q": "矩阵"},
        "GET /qa": {"q": "矩阵测试常见问题", "agency": w.agency.slug},
    }
    applicant = {"type": "natural_person", "name": "矩阵测试申请人",
                 "id_type": "resident_id", "id_number": "11010519491231002X",
                 "phone": "13800000000", "address": "上海市矩阵路1号"}
    bodies = {
        "POST /records": {"agency": w.agency.slug, "title": "矩阵测试接口新建",
                          "formed_on": "2024-01-02", "topic": w.topic.code,
                          "genre": record.genre.code},
        "PATCH /records/{int:record_id}": {"title": "矩阵测试改名"},
        "POST /records/{int:record_id}/approve": {},
        "POST /records/{int:record_id}/return": {"comment": "矩阵测试"},
        "POST /records/{int:record_id}/withdraw": {"reason": "矩阵测试"},
        "POST /verify/digest": {"digest": "0" * 64},
        "POST /applications": {"agency": w.agency.organisation_code, "applicant": applicant,
                               "description": "矩阵测试申请内容"},
        "POST /applications/{case_number}/withdraw": {"access_code": "2345678923"},
        "POST /staff/applications": {"agency": w.agency.organisation_code,
                                     "applicant": applicant, "description": "矩阵测试",
                                     "channel": "in_person", "received_on": today},
        "POST /staff/applications/{int:application_id}/assign": {"comment": "矩阵测试"},
        "POST /staff/applications/{int:application_id}/correction":
            {"what_to_correct": "矩阵测试"},
        "POST /staff/applications/{int:application_id}/correction/received":
            {"received_on": today},
        "POST /staff/applications/{int:application_id}/third-party-consultation":
            {"party_name": "矩阵测试第三方"},
        "POST /staff/applications/{int:application_id}/third-party-consultation/end": {},
        "POST /staff/applications/{int:application_id}/extension":
            {"working_days": 5, "reason": "矩阵测试"},
        "POST /staff/applications/{int:application_id}/extension/approve": {},
        "POST /staff/applications/{int:application_id}/extension/deny": {},
        "POST /staff/applications/{int:application_id}/fee": {"method": "per_request"},
        "POST /staff/applications/{int:application_id}/fee/paid": {},
        "POST /staff/applications/{int:application_id}/reply": {"reply_type": "not_held"},
        "POST /staff/applications/{int:application_id}/reply/submit-for-review":
            {"reply_type": "withheld", "reply_type_reason": "third_party"},
        "POST /staff/applications/{int:application_id}/reply/review/approve": {},
        "POST /staff/applications/{int:application_id}/reply/review/return": {"comment": "矩阵测试"},
        "POST /staff/applications/{int:application_id}/withdraw": {"reason": "矩阵测试"},
        "POST /staff/applications/{int:application_id}/notes": {"text": "矩阵测试"},
    }
    return "/api/v1" + path, queries.get(key), bodies.get(key, {})


@pytest.mark.parametrize("key", [k for k, _ in OPERATIONS if k in table.API])
def test_api(world, db, key):
    method = key.split(" ", 1)[0]
    rule = Rule(table.API[key], method, applicant=table.API[key] is table.APPLICANT)
    url, query, body = _api_call(world, key)
    if key == "POST /verify/file":
        from django.core.files.uploadedfile import SimpleUploadedFile

        wrong = run_matrix(world, rule, url, api_call=True,
                           data={"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")})
    elif method == "GET":
        wrong = run_matrix(world, rule, url, api_call=True, query=query)
    else:
        wrong = run_matrix(world, rule, url, api_call=True, data=json.dumps(body),
                           content_type="application/json")
    assert not wrong, f"{key} ({url}):\n  " + "\n  ".join(wrong)


# The figure the closing note needs -----------------------------------------------------

def test_matrix_size_is_reported(capsys):
    pages = [r for r in PAGE_ROUTES if r.name in table.ROUTES]
    routes = len(pages) + len(ADMIN_ROUTES) + len(OPERATIONS)
    cells = routes * len(ROLES)
    with capsys.disabled():
        print(f"\naccess matrix: {len(pages)} pages + {len(ADMIN_ROUTES)} admin routes + "
              f"{len(OPERATIONS)} API operations = {routes} routes x {len(ROLES)} roles "
              f"= {cells} cells")
    assert cells >= 250 * len(ROLES), "the matrix lost routes"
    assert STAFF_B in ROLES
