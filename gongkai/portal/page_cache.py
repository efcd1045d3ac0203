"""Whole-page cache for anonymous public pages, with conditional GET (ADR 0028).

Why: a public page costs dozens of queries and a template render, so a news spike on one
policy would take the site down long before the framework's own ceiling. A page that no
visitor can personalise is the same bytes for everyone who asks with the same host, path,
query, language and elder-mode choice: it is rendered once and served from the cache.

Correctness before cleverness:

- **What is never stored or served from here**: anything but a GET; staff pages,
  ``/accounts/``, the API, bearer tokens, signed-in users and the applicant's own case pages
  (``core.security._personal``, the same rule that sends ``no-store``); any request carrying
  a session or messages cookie (an anonymous visitor with a session may be in the middle of a
  form or see a flash message); any response that is not a 200, sets a cookie, says
  ``no-store``/``private``, varies on something else than language or cookies, or whose
  request wrote to the database (a question asked, a form sent).
- **Per-visitor values are holes, not content**: the CSRF token (every page has the elder-mode
  and language forms) and a form's ``idempotency_key`` are replaced by placeholders when the
  page is stored and refilled for each visitor when served (a fresh token from
  ``get_token``, so Django sets the visitor's own CSRF cookie; a fresh random key, so two
  visitors can never share a submission or its access code).
- **Invalidation by generations**: a cached page's key includes a global generation and the
  generation of its scope (the agency whose address it is under, or the platform pages).
  Every committed write bumps generations after the commit: a save of a row that
  belongs to an agency bumps that agency's and the platform's; any other write the database
  sees (``update()``, ``bulk_create``, raw SQL, migrations) bumps the global one. The write
  is noticed at the cursor (``execute_wrappers``), so no code path can forget to invalidate;
  only tables no public page reads (sessions, audit trail, login attempts, task rows) are
  ignored. Changes driven by the clock alone (a scheduled release time passing, a comment
  period closing) show within ``GONGKAI_PAGE_CACHE_SECONDS``.

The pages and generations live in the ``pages`` cache alias: Redis when ``REDIS_URL`` is set
(shared by every process on every host); otherwise a file cache under the data directory,
shared by the gunicorn workers and the task worker of one machine. A per-process memory
cache would let each worker serve its own stale copy after another process's write.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.cache import get_max_age, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

ALIAS = "pages"
PAGE_PREFIX = "gk-page:"
GEN_PREFIX = "gk-gen:"
GLOBAL, PLATFORM = "global", "platform"

_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_IDEMPOTENCY_INPUT = re.compile(rb'(name="idempotency_key" value=")[^"]*(")')
CSRF_HOLE = b"@@gk-page-cache:csrf@@"
IDEMPOTENCY_HOLE = b"@@gk-page-cache:idempotency@@"
# Headers a stored page keeps; the outer middleware sets the rest (CSP, framing …) anew.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "X-Robots-Tag",
                 "Link", "Cache-Control")
_ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
# Tables no public page reads: their writes never invalidate pages.
_IGNORED_TABLES = ("django_session", "axes_", "audit_", "django_tasks", "django_admin_log",
                   "jobs_")
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)'
    r'\s+["`]?([\w.]+)', re.IGNORECASE)
_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "CREATE", "ALTER",
                "DROP", "MERGE", "COPY")
_AGENCY_SEGMENT = re.compile(r"^[a-z][a-z0-9-]{1,39}$")

_local = threading.local()
log = logging.getLogger("gongkai.portal")


def enabled() -> bool:
    return bool(getattr(settings, "GONGKAI_PAGE_CACHE", False))


def _cache():
    return caches[ALIAS]


# -- scopes and generations ---------------------------------------------------------------

def scope_of(path: str) -> str:
    """``agency:<slug>`` for a page under an agency's address, else the platform's pages."""
    from gongkai.core.models import RESERVED_SLUGS

    first = path.lstrip("/").split("/", 1)[0]
    if first and "/" in path.lstrip("/") and _AGENCY_SEGMENT.match(first) \
            and first not in RESERVED_SLUGS:
        return f"agency:{first}"
    return PLATFORM


def bump(*scopes: str) -> None:
    """Give ``scopes`` new generations: every page cached under the old ones is dead.

    A fresh random value, not an increment, so two processes bumping at once on a cache
    without atomic increments (the file cache) still both change it.
    """
    value = secrets.token_hex(6)
    try:
        _cache().set_many({GEN_PREFIX + s: value for s in scopes}, timeout=None)
    except Exception:  # noqa: BLE001 - the write is committed; its request must not fail
        log.exception("page cache: could not invalidate %s (pages stale up to %ss)",
                      scopes, settings.GONGKAI_PAGE_CACHE_SECONDS)


def _generations(scope: str) -> tuple[str, str]:
    """The global and ``scope`` generations. A missing one (never set, or evicted by the
    cache's culling) gets a new random value, never a default: pages stored under an older
    value must not come back to life."""
    keys = [GEN_PREFIX + GLOBAL, GEN_PREFIX + scope]
    found = _cache().get_many(keys)
    for key in keys:
        if key not in found:
            _cache().add(key, secrets.token_hex(6), timeout=None)
            found[key] = _cache().get(key, "")
    return found[keys[0]], found[keys[1]]


# -- noticing writes ----------------------------------------------------------------------

def _pending() -> set[str]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending


def _covered() -> dict[str, dict[str, Any]]:
    """Tables of the row being saved whose own statements the post_save rule attributes:
    its UPDATE (``WHERE pk = …``) and one INSERT. Any other write to them is still seen."""
    if not hasattr(_local, "covered"):
        _local.covered = {}
    return _local.covered


def _own_statement(table: str, sql: str, params: Any) -> bool:
    entry = _covered().get(table)
    if entry is None:
        return False
    if sql.lstrip()[:6].upper() == "INSERT":
        if entry["insert"]:
            entry["insert"] = False
            return True
        return False
    last = params[-1] if isinstance(params, (list, tuple)) and params else None
    return entry["pk"] is not None and str(last) == str(entry["pk"])


def _ignored(table: str) -> bool:
    return table.startswith(_IGNORED_TABLES)


def _note(scopes: set[str], using: str) -> None:
    """Bump ``scopes`` once the transaction commits (at once in autocommit).

    After, not before, the commit: a reader that saw the new generation before the commit
    would cache the old content under it. Rolled-back writes leave their scopes pending,
    bumped with the next commit: one needless invalidation, never a stale page.
    """
    _local.wrote = True
    pending = _pending()
    pending.update(scopes)

    def flush() -> None:
        if pending:
            todo = list(pending)
            pending.clear()
            bump(*todo)

    transaction.on_commit(flush, using=using)


def _tables(model: Any) -> set[str]:
    return {m._meta.db_table for m in [model, *model._meta.get_parent_list()]}


def _agency_field(model: Any) -> Any:
    try:
        field = model._meta.get_field("agency")
    except Exception:  # noqa: BLE001 - no such field: not an agency's row
        return None
    return field if field.many_to_one else None


def _owner_fields(model: Any) -> list[Any]:
    """The foreign keys that tie a row to agencies: its own ``agency``, and every key to a
    model that has one (a record's event or version, a link between two records)."""
    return [f for f in model._meta.concrete_fields if f.many_to_one and (
        f.name == "agency" and _agency_field(model) is not None
        or _agency_field(f.related_model) is not None)]


def _agency_slugs(instance: Any) -> set[str] | None:
    """The slugs of the agencies whose pages may show ``instance``; ``None`` when unknown
    (the caller then invalidates everything)."""
    fields = _owner_fields(type(instance))
    if not fields:
        return None
    slugs: set[str] = set()
    try:
        for field in fields:
            if getattr(instance, field.attname) is None:
                continue
            target = getattr(instance, field.name)
            agency = target if field.name == "agency" else target.agency
            if agency is None:
                return None
            slugs.add(agency.slug)
    except Exception:  # noqa: BLE001 - unknown: the caller invalidates everything
        return None
    return slugs or None


def _moved(instance: Any, fields: list[Any]) -> bool:
    """Whether an update changes which agency (or parent) the row belongs to: then the old
    owner's pages must go too, and the caller invalidates everything."""
    if instance._state.adding or instance.pk is None:
        return False
    old = type(instance)._base_manager.filter(pk=instance.pk).values_list(
        *[f.attname for f in fields]).first()
    return old is not None and list(old) != [getattr(instance, f.attname) for f in fields]


def _before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not enabled():
        return
    fields = _owner_fields(sender)
    slugs = _agency_slugs(instance) if fields else None
    if slugs and not _moved(instance, fields):
        for table in _tables(sender):
            _covered()[table] = {"pk": instance.pk, "insert": instance._state.adding}
        instance.__dict__["_gk_page_owners"] = slugs


def _after_write(sender: Any, instance: Any, using: str = "default", **kwargs: Any) -> None:
    for table in _tables(sender):
        _covered().pop(table, None)
    slugs = instance.__dict__.pop("_gk_page_owners", None)
    if not enabled() or all(_ignored(t) for t in _tables(sender)):
        return
    _note({f"agency:{s}" for s in slugs} | {PLATFORM} if slugs else {GLOBAL}, using)


def _cursor_wrapper(alias: str) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool,
                context: dict[str, Any]) -> Any:
        if enabled():
            head = sql.lstrip()[:8].upper()
            if head.startswith(_WRITE_WORDS):
                match = _WRITE.match(sql)
                table = match.group(1) if match else ""
                if not (table and (_ignored(table) or (not many
                                                       and _own_statement(table, sql, params)))):
                    _note({GLOBAL}, alias)
        try:
            return execute(sql, params, many, context)
        except Exception:
            _covered().clear()  # a failed save sends no post_save: stop covering its tables
            raise

    wrapper.gongkai_page_cache = True  # type: ignore[attr-defined]
    return wrapper


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if not any(getattr(w, "gongkai_page_cache", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_cursor_wrapper(connection.alias))


def connect() -> None:
    """Watch every write (from the portal's ``ready``)."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    connection_created.connect(_install, dispatch_uid="gongkai.page_cache.install")
    for conn in connections.all(initialized_only=True):
        _install(None, conn)
    pre_save.connect(_before_save, dispatch_uid="gongkai.page_cache.pre_save")
    post_save.connect(_after_write, dispatch_uid="gongkai.page_cache.post_save")
    # No post_delete receiver: one for every model would turn off Django's fast deletes
    # (a SELECT before each DELETE); the cursor sees every DELETE anyway (global).


# -- serving ------------------------------------------------------------------------------

def _cacheable_request(request: HttpRequest) -> bool:
    from gongkai.core.security import _personal

    if request.method != "GET" or not enabled():
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    path = request.path_info
    if any(re.search(p, path) for p in settings.GONGKAI_PAGE_CACHE_EXCLUDE):
        return False
    return not _personal(request)


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(_local, "wrote", False):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    if "no-store" in control or "private" in control or get_max_age(response) == 0:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _ALLOWED_VARY and not getattr(response, "_csp_exempt", False)


def _key(request: HttpRequest) -> tuple[str, str]:
    scope = scope_of(request.path_info)
    generations = _generations(scope)
    raw = "\n".join([
        request.get_host(), "https" if request.is_secure() else "http",
        request.get_full_path(), get_language() or "",
        "elder" if getattr(request, "elder_mode", False) else "",
        *generations,
    ])
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest(), scope


def _entry(response: HttpResponse) -> dict[str, Any]:
    body = _CSRF_INPUT.sub(rb"\1" + CSRF_HOLE + rb"\2", response.content)
    body = _IDEMPOTENCY_INPUT.sub(rb"\1" + IDEMPOTENCY_HOLE + rb"\2", body)
    return {
        "body": body,
        "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
        "csp": {a: getattr(response, a) for a in ("_csp_update", "_csp_replace")
                if getattr(response, a, None)},
        "modified": time.time(),
        "digest": hashlib.sha256(body).hexdigest()[:32],
    }


def _serve(request: HttpRequest, entry: dict[str, Any], state: str) -> HttpResponseBase:
    body: bytes = entry["body"]
    tag = entry["digest"]
    holes = CSRF_HOLE in body
    if holes:
        token = get_token(request)  # sets the visitor's own CSRF cookie when missing
        body = body.replace(CSRF_HOLE, token.encode())
        # The visitor's copy holds a token of their CSRF secret: a copy kept for another
        # secret (the cookie changed since) must not be revalidated.
        secret = request.META.get("CSRF_COOKIE", "")
        tag = hashlib.sha256(f"{tag}:{secret}".encode()).hexdigest()[:32]
    if IDEMPOTENCY_HOLE in body:
        body = body.replace(IDEMPOTENCY_HOLE, secrets.token_urlsafe(18).encode())
    etag = f'"{tag}"'
    last_modified = http_date(entry["modified"])
    if _not_modified(request, etag, entry["modified"], holes):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = HttpResponse(body)
        for header, value in entry["headers"].items():
            if header != "Cache-Control":
                response[header] = value
        for attr, value in entry["csp"].items():
            setattr(response, attr, value)
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    # Revalidate every time (unless the view chose a lifetime, e.g. the favicon); a page
    # holding a visitor's CSRF token is theirs only.
    response["Cache-Control"] = ("private, no-cache" if holes
                                 else entry["headers"].get("Cache-Control", "no-cache"))
    response["X-Page-Cache"] = state
    patch_vary_headers(response, ("Cookie",))  # language, elder mode and CSRF are cookies
    return response


def _not_modified(request: HttpRequest, etag: str, modified: float, holes: bool) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    # A date cannot tell whether the copy's CSRF token is still the visitor's.
    return since is not None and not holes and int(modified) <= since


class PageCacheMiddleware:
    """Serve anonymous public GETs from the page cache; store the ones that may be.

    Sits below CSRF, authentication, locale, messages and elder mode (it needs the user,
    the language, the visitor's CSRF secret and the elder-mode choice), so the middleware
    above still add the CSRF cookie, CSP and security headers to a cached page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            key, _scope = _key(request)
            entry = _cache().get(key)
        except Exception:  # noqa: BLE001 - the cache is down: serve the page uncached
            log.exception("page cache unavailable")
            return self.get_response(request)
        if entry is not None:
            return _serve(request, entry, "hit")
        _local.wrote = False
        response = self.get_response(request)
        if not isinstance(response, HttpResponse) or not _storable(request, response):
            return response
        entry = _entry(response)
        try:
            _cache().set(key, entry, timeout=settings.GONGKAI_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - the page is still served
            log.exception("page cache: could not store a page")
        return _serve(request, entry, "miss")
