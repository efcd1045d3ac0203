"""The public-intake kit: what every app that takes submissions from the public without an
account needs, written once (docs/intake.md shows a new app using it).

- **Rate limits**: ``rate_limit`` (pages), ``api_rate_limit`` (django-ninja operations),
  ``check_rate`` / ``is_limited`` (inside a handler). One setting family: the switch
  ``RATELIMIT_ENABLE`` (environment ``GONGKAI_RATELIMIT=0`` turns every limit off) and
  ``GONGKAI_RATELIMIT_RATES`` (group → rate, over ``DEFAULT_RATES``); one answer: 429 with
  ``RATE_LIMITED_MESSAGE``.
- **Honeypot**: ``HoneypotFormMixin`` adds a field people never see
  (``core/_honeypot.html``); ``honeypot_tripped`` checks posted data.
- **Idempotency and access codes**: a retried submission (same key, same content) answers
  with the same case and, within ``REPLAY_CODE_WINDOW``, the same access code, from any
  process: the code of a keyed submission is an HMAC of the key under ``SECRET_KEY``
  (nothing plain is stored; docs/hardening.md, "Crash durability"). Other content under
  the same key raises ``IdempotencyConflict`` (API: 409).
- **Case numbers**: ``next_serial`` draws from ``core.CaseCounter`` per agency, kind and
  year, under a row lock.
- **Status pages**: ``find_case`` looks a case up by number and access code and answers a
  wrong code exactly like an unknown case (same hashing, constant-time comparison).

Models carry the fields through ``core.models.PublicCase``; histories subclass
``core.models.CaseEventBase``; workflows raise subclasses of
``core.workflow.InvalidTransition``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

if TYPE_CHECKING:
    from gongkai.core.models import PublicCase

# Rate limits ----------------------------------------------------------------------------

# Requests per client address; "N/s|m|h|d". A group is one kind of act, whichever door it
# comes through (the form and the API of one act share a group, so a client cannot double
# its allowance by switching).
DEFAULT_RATES: dict[str, str] = {
    "accounts.register": "5/h",
    "applications.submit": "20/h",
    # Status look-ups and the applicant's steps that prove the access code (guessing).
    "applications.status": "60/h",
    "applications.suggest": "120/h",
    "qa.ask_log": "60/h",
    "qa.feedback": "20/h",
    "signing.verify": "30/m",
}
RATE_LIMITED_MESSAGE = "同一网络地址在短时间内提交次数过多,请稍后再试。"
RATE_LIMITED_TEMPLATE = "core/rate_limited.html"


class RateLimited(Exception):
    """Raised when a client went over its rate; the API answers 429 with ``message``."""

    def __init__(self, group: str):
        super().__init__(f"rate limited: {group}")
        self.group = group
        self.message = RATE_LIMITED_MESSAGE


def rate_for(group: str) -> str:
    """The configured rate of a group (``GONGKAI_RATELIMIT_RATES`` over the defaults)."""
    configured = getattr(settings, "GONGKAI_RATELIMIT_RATES", None) or {}
    if group in configured:
        return configured[group]
    if group not in DEFAULT_RATES:
        raise KeyError(f"no rate for group {group!r}: add it to intake.DEFAULT_RATES")
    return DEFAULT_RATES[group]


def is_limited(request: HttpRequest, group: str) -> bool:
    """Count this request in ``group`` and say whether the client is over its rate.
    Always False when rate limits are switched off (``GONGKAI_RATELIMIT=0``)."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    return bool(is_ratelimited(request, group=group, key="ip", rate=rate_for(group),
                               increment=True))


def check_rate(request: HttpRequest, group: str) -> None:
    """Raise ``RateLimited`` when the client is over the rate of ``group``."""
    if is_limited(request, group):
        raise RateLimited(group)


def rate_limited_response(request: HttpRequest, **context: Any) -> HttpResponse:
    """The one 429 page (Chinese, says to try again later); ``back_url`` and
    ``back_label`` add a way back."""
    return render(request, RATE_LIMITED_TEMPLATE, context, status=429)


ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def rate_limit(group: str, *, methods: Iterable[str] = ("POST",)) -> Callable[[ViewT], ViewT]:
    """Page decorator: requests with one of ``methods`` count in ``group``; over the rate
    the view does not run and the client gets the 429 page. Put it under ``public_view``."""
    counted = frozenset(m.upper() for m in methods)

    def decorate(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in counted and is_limited(request, group):
                return rate_limited_response(request)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def api_rate_limit(group: str) -> Callable[[ViewT], ViewT]:
    """django-ninja operation decorator: every call counts in ``group``; over the rate the
    API answers 429 (``RateLimited``, mapped in ``gongkai/api/errors.py``). Declare 429 on
    the route (``responses(429)``)."""

    def decorate(operation: ViewT) -> ViewT:
        @functools.wraps(operation)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check_rate(request, group)
            return operation(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


# Honeypot -------------------------------------------------------------------------------

HONEYPOT_FIELD = "website"


def honeypot_tripped(data: Mapping[str, Any]) -> bool:
    """A robot filled the field people never see."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


class HoneypotFormMixin(forms.Form):
    """Adds the trap field; render it with ``{% include "core/_honeypot.html" %}`` (hidden
    from people and from assistive technology). A tripped form should be answered like a
    failed form, creating nothing (``is_spam``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(label=_("请勿填写此项"), required=False,
                                                      max_length=200)

    @property
    def is_spam(self) -> bool:
        return self.is_bound and honeypot_tripped(self.data)


# Access codes ---------------------------------------------------------------------------

# Access codes are typed by elderly applicants from a printed acknowledgement: no 0/O, 1/I/L.
ACCESS_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACCESS_CODE_LENGTH = 10


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def normalise_access_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()


def hash_access_code(code: str, salt: str | None = None) -> str:
    """Salted SHA-256: codes carry ~49 bits and every look-up is rate-limited, so a slow
    KDF would only slow the public pages down."""
    salt = salt if salt is not None else secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{normalise_access_code(code)}".encode())
    return f"sha256${salt}${digest.hexdigest()}"


def check_access_code(stored_hash: str, code: str) -> bool:
    try:
        _algo, salt, _digest = stored_hash.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(hash_access_code(code, salt), stored_hash)


# A hash no code matches: an unknown case costs the same hashing and comparison.
_DUMMY_HASH = hash_access_code("not-a-code", "0000000000000000")


def access_code_for_key(kind: str, agency_id: int, idempotency_key: str) -> str:
    """The access code of a keyed submission: an HMAC of the key under the site's secret,
    so a replay reaching any worker, after any restart, gives the applicant the same code
    without the plain code ever being stored (a lost response must not leave an applicant
    with a case they cannot follow). ``kind`` separates apps (a key reused in two apps
    gives two codes)."""
    digest = hmac.new(settings.SECRET_KEY.encode(),
                      f"gongkai.{kind}.access-code:{agency_id}:{idempotency_key}".encode(),
                      hashlib.sha256).digest()
    return "".join(ACCESS_CODE_ALPHABET[b % len(ACCESS_CODE_ALPHABET)]
                   for b in digest[:ACCESS_CODE_LENGTH])


# Idempotency ----------------------------------------------------------------------------

IDEMPOTENCY_KEY_MAX = 100
# A replay this long after the first submission still gets the access code back.
REPLAY_CODE_WINDOW = dt.timedelta(hours=24)


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different submission (API: 409)."""

    code = "idempotency_conflict"
    message = "该幂等键已用于另一份不同内容的提交。"


def clean_key(idempotency_key: str | None) -> str:
    return (idempotency_key or "").strip()[:IDEMPOTENCY_KEY_MAX]


def fingerprint(data: Mapping[str, Any], names: Iterable[str]) -> str:
    """SHA-256 of the submitted content (the named fields, as text)."""
    payload = json.dumps({k: str(data.get(k, "")) for k in names}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


CaseT = TypeVar("CaseT", bound="PublicCase")


def replay_of(queryset: QuerySet[CaseT], idempotency_key: str, submission_fingerprint: str
              ) -> CaseT | None:
    """The case an earlier submission with this key made (``queryset`` already narrowed
    to the agency), None if there is none; IdempotencyConflict if its content differs."""
    if not idempotency_key:
        return None
    existing = queryset.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.submission_fingerprint != submission_fingerprint:
        raise IdempotencyConflict
    return existing


def replayed_code(case: Any, kind: str, idempotency_key: str, *,
                  now: dt.datetime | None = None) -> str | None:
    """The code for a replay of the same content with the same key within the window;
    None if the window passed or the secret changed since (the code would not match)."""
    submitted_at = getattr(case, "submitted_at", None)
    if submitted_at is None or (now or timezone.now()) - submitted_at > REPLAY_CODE_WINDOW:
        return None
    code = access_code_for_key(kind, case.agency_id, idempotency_key)
    return code if check_access_code(case.access_code_hash, code) else None


def code_for_submission(kind: str, agency_id: int, idempotency_key: str) -> str:
    """The access code a new public submission gets: derived from its key when it has one
    (so a replay can give it back), random otherwise."""
    if idempotency_key:
        return access_code_for_key(kind, agency_id, idempotency_key)
    return new_access_code()


# Case numbers ---------------------------------------------------------------------------


def next_serial(agency: Any, kind: str, year: int) -> int:
    """The next serial of ``kind`` for the agency and year. Must run inside the
    transaction that saves the case: the counter row stays locked until it commits, and a
    rollback gives the number back."""
    from gongkai.core.models import CaseCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_serial must run inside transaction.atomic()")
    agency_id = getattr(agency, "pk", agency)
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        agency_id=agency_id, kind=kind, year=year)
    CaseCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + 1)
    counter.refresh_from_db(fields=["last_serial"])
    return counter.last_serial


def case_number(prefix: str, year: int, serial: int, width: int = 6) -> str:
    """``YSQ-2026-000123``: prefix, year, zero-padded serial."""
    return f"{prefix}-{year}-{serial:0{width}d}"


# Status pages ---------------------------------------------------------------------------


def submitter(request: HttpRequest) -> Any:
    """The account a public submission is linked to: the signed-in visitor, else None.
    Anonymous submission stays the rule; an account only adds the case to its account page
    and opens its status page without the access code."""
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def proved_cases(request: HttpRequest, session_key: str) -> Q | None:
    """The cases this visitor may see without typing the access code again: those proved
    in this session (their ids kept under ``session_key``) and, when signed in, those
    submitted from this account. None: no case at all."""
    ids = request.session.get(session_key, []) if hasattr(request, "session") else []
    proved = Q(pk__in=ids) if ids else None
    user = submitter(request)
    if user is not None:
        mine = Q(submitted_by=user)
        proved = mine if proved is None else proved | mine
    return proved


def normalise_case_number(number: str) -> str:
    return (number or "").strip().upper()


def find_case(queryset: QuerySet[CaseT], case_number: str, access_code: str) -> CaseT | None:
    """The case whose number and access code match, else None, with no hint whether the
    number exists: an unknown number runs the same hashing and constant-time comparison
    as a wrong code. ``queryset`` holds the cases the page may show (the agency's, not
    anonymised); the page calls ``check_rate`` first."""
    number = normalise_case_number(case_number)
    candidates = list(queryset.filter(case_number=number)[:5]) if number else []
    found = None
    for case in candidates:
        if check_access_code(case.access_code_hash, access_code or "") and found is None:
            found = case
    if not candidates:
        check_access_code(_DUMMY_HASH, access_code or "")
    return found


def status_lookup(request: HttpRequest, queryset: QuerySet[CaseT], case_number: str,
                  access_code: str, *, group: str) -> CaseT | None:
    """The status-page pattern in one call: rate-limited (``RateLimited``), then
    ``find_case``. Pages answer None with one message for both causes, e.g.
    ``LOOKUP_FAILED_MESSAGE``."""
    check_rate(request, group)
    return find_case(queryset, case_number, access_code)


LOOKUP_FAILED_MESSAGE = "编号或查询码不正确,请核对后重新输入。"
