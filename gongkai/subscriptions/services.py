"""Writes of subscriptions: subscribe and confirm, unsubscribe, events and their delivery
(immediately, in daily or weekly digests, to the inbox, by signed webhook), and targeted
pushes to an audience. Every message is told through ``gongkai.notifications.notify``;
webhooks are this app's own (signed, retried with back-off, paused after repeated
failures with a notice to the owner)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.links import absolute_url
from gongkai.core.policies import PermissionDeniedError
from gongkai.notifications.models import Channel
from gongkai.notifications.services import notify
from gongkai.subscriptions import tokens
from gongkai.subscriptions.matching import matching_ids, normalise_keyword
from gongkai.subscriptions.models import (
    Audience,
    AudiencePush,
    Criterion,
    CriterionKind,
    Delivery,
    Event,
    Frequency,
    PushReceipt,
    Status,
    Subscription,
    Via,
    WebhookAttempt,
    WebhookStatus,
)
from gongkai.subscriptions.policies import may_push

# Subscribing ----------------------------------------------------------------------------


@dataclass
class Wanted:
    """What a subscriber asks for; empty lists mean "any"."""

    agency: Any | None = None
    topics: Sequence[Any] = ()
    genres: Sequence[Any] = ()
    keywords: Sequence[str] = ()
    audiences: Sequence[Audience] = ()
    others: dict[str, list[str]] = field(default_factory=dict)  # service, consultation, case
    #: The name of the one object followed (``others``' single value), for the summary.
    subject_label: str = ""

    def criteria(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        rows += [(CriterionKind.TOPIC, str(t.pk)) for t in self.topics]
        rows += [(CriterionKind.GENRE, str(g.pk)) for g in self.genres]
        rows += [(CriterionKind.KEYWORD, k) for k in
                 dict.fromkeys(normalise_keyword(k) for k in self.keywords) if len(k) >= 2]
        rows += [(CriterionKind.AUDIENCE, a.code) for a in self.audiences]
        for kind, values in self.others.items():
            rows += [(kind, str(v)[:100]) for v in values]
        return rows or [(CriterionKind.ALL, "*")]

    def summary(self) -> str:
        parts = []
        if self.agency is not None:
            parts.append(self.agency.name)
        if self.topics:
            parts.append("主题：" + "、".join(t.name for t in self.topics))
        if self.genres:
            parts.append("体裁：" + "、".join(g.name for g in self.genres))
        if self.keywords:
            parts.append("关键词：" + "、".join(self.keywords))
        if self.audiences:
            parts.append("服务对象：" + "、".join(a.name for a in self.audiences))
        for kind, values in self.others.items():
            names = [self.subject_label] if self.subject_label else list(map(str, values))
            parts.append(f"{CriterionKind(kind).label}：" + "、".join(names))
        return ("；".join(parts) or "全部公开信息")[:300]


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"webhook_url": ["请填写以 https:// 开头的接收地址。"]})
    if settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_ALLOW_PRIVATE:
        return
    if parts.scheme != "https":
        raise ValidationError({"webhook_url": ["接收地址必须使用 https。"]})
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except OSError as exc:
        raise ValidationError({"webhook_url": ["无法解析接收地址的域名。"]}) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ValidationError({"webhook_url": ["接收地址不能指向内部网络。"]})


def subscribe(*, email: str, wanted: Wanted, frequency: str = Frequency.DAILY,
              via: str = Via.EMAIL, webhook_url: str = "", user: Any | None = None
              ) -> Subscription:
    """A new pending subscription and its confirmation e-mail. Until the link in it is
    followed the subscription gets nothing else (Alaveteli's double opt-in). A signed-in
    account holder subscribing with their own verified address skips nothing: the same
    confirmation applies, so an address is never subscribed by someone else."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": ["请填写有效的电子邮箱。"]}) from None
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": ["请选择推送频率。"]})
    if via not in Via.values:
        raise ValidationError({"via": ["请选择接收方式。"]})
    if via == Via.INBOX and not getattr(user, "pk", None):
        raise ValidationError({"via": ["站内消息仅限登录用户。"]})
    if via == Via.WEBHOOK:
        _check_webhook_url(webhook_url)
    criteria = wanted.criteria()
    with transaction.atomic():
        sub = Subscription.objects.create(
            email=email, user=user if getattr(user, "pk", None) else None,
            agency=wanted.agency, frequency=frequency, via=via,
            webhook_url=webhook_url if via == Via.WEBHOOK else "",
            webhook_secret=secrets.token_hex(32) if via == Via.WEBHOOK else "",
            summary=wanted.summary(), kinds_count=len({k for k, _ in criteria}))
        scope = wanted.agency.pk if wanted.agency is not None else 0
        Criterion.objects.bulk_create([Criterion(subscription=sub, kind=k, value=v, scope=scope)
                                       for k, v in criteria])
        slug = wanted.agency.slug if wanted.agency is not None else any_agency_slug()
        notify(kind="subscriptions.confirm", event_key=f"confirm:{sub.pk}", email=email,
               channels=[Channel.EMAIL], context={
                   "summary": sub.summary,
                   "site_name": wanted.agency.name if wanted.agency else "政务公开平台",
                   "days": settings.GONGKAI_SUBSCRIPTIONS_CONFIRM_DAYS,
                   "confirm_url": absolute_url(reverse("subscriptions:confirm", kwargs={
                       "agency": slug, "token": tokens.make("confirm", sub.pk)})),
                   "manage_token": tokens.make("manage", sub.pk),
                   "secret": sub.webhook_secret})
    return sub


def any_agency_slug() -> str:
    from gongkai.core.models import Agency

    return (settings.GONGKAI_DEFAULT_AGENCY
            or Agency.objects.order_by("pk").values_list("slug", flat=True).first() or "x")


def confirm(*, token: str) -> Subscription:
    """Follow the confirmation link: pending → active. Raises ``BadToken``."""
    (pk,) = tokens.read("confirm", token, max_age=tokens.confirm_max_age())[:1]
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().filter(pk=pk).first()
        if sub is None:
            raise tokens.BadToken("gone")
        if sub.status == Status.PENDING:
            sub.status, sub.confirmed_at = Status.ACTIVE, timezone.now()
            sub.save(update_fields=["status", "confirmed_at"])
    return sub


def unsubscribe_url(sub: Subscription, push: AudiencePush | None = None) -> str:
    values = [sub.pk] + ([push.pk] if push is not None else [])
    slug = sub.agency.slug if sub.agency is not None else any_agency_slug()
    return absolute_url(reverse("subscriptions:unsubscribe", kwargs={
        "agency": slug, "token": tokens.make("unsubscribe", *values)}))


def unsubscribe(*, token: str) -> tuple[Subscription, bool]:
    """One click, no sign-in: (subscription, whether it was subscribed until now). A reused
    link finds it already unsubscribed and changes nothing. Raises ``BadToken``."""
    values = tokens.read("unsubscribe", token)
    return unsubscribe_subscription(pk=values[0], push_id=values[1] if len(values) > 1 else None)


def unsubscribe_subscription(*, pk: int, push_id: int | None = None
                             ) -> tuple[Subscription, bool]:
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().filter(pk=pk).first()
        if sub is None:
            raise tokens.BadToken("gone")
        if sub.status == Status.UNSUBSCRIBED:
            return sub, False
        now = timezone.now()
        sub.status, sub.unsubscribed_at = Status.UNSUBSCRIBED, now
        sub.save(update_fields=["status", "unsubscribed_at"])
        if push_id:
            PushReceipt.objects.filter(push_id=push_id, subscription=sub,
                                       unsubscribed_at=None).update(unsubscribed_at=now)
    return sub, True


def subscription_update(*, actor: Any, sub: Subscription, frequency: str) -> Subscription:
    """The owner changes the frequency from the account page."""
    if sub.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError("not the owner")
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": ["请选择推送频率。"]})
    sub.frequency = frequency
    sub.save(update_fields=["frequency"])
    return sub


def resume(*, actor: Any, sub: Subscription) -> Subscription:
    """The owner resumes a webhook paused after failures; what waited is sent again."""
    if sub.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError("not the owner")
    if sub.status == Status.PAUSED:
        sub.status, sub.failures = Status.ACTIVE, 0
        sub.save(update_fields=["status", "failures"])
        WebhookAttempt.objects.filter(subscription=sub, status=WebhookStatus.PENDING).update(
            next_attempt_at=timezone.now())
    return sub


# Events ---------------------------------------------------------------------------------


def events_record(items: Iterable[dict[str, Any]]) -> list[Event]:
    """Store events (from the catalogue consumer, inside the publishing transaction) and
    have them matched after commit: publishing never waits for a million subscriptions."""
    from gongkai.jobs.registry import job_enqueue

    rows = [Event(source=i["source"], ref=i["ref"], subject_key=i["subject_key"],
                  agency_id=i.get("agency_id"), title=i["title"][:300], url=i["url"][:500],
                  occurred_at=i.get("occurred_at") or timezone.now()) for i in items]
    if not rows:
        return []
    Event.objects.bulk_create(rows, ignore_conflicts=True)
    stored = list(Event.objects.filter(source__in={r.source for r in rows},
                                       ref__in=[r.ref for r in rows], matched=False))
    for event in stored:
        job_enqueue("subscriptions.match", key=f"event:{event.pk}", event_id=event.pk,
                    keys={k: sorted(v) for k, v in items_keys(items, event).items()})
    return stored


def items_keys(items: Iterable[dict[str, Any]], event: Event) -> dict[str, set[str]]:
    for item in items:
        if item["source"] == event.source and item["ref"] == event.ref:
            return item["keys"]
    return {}


def event_match(*, event_id: int, keys: dict[str, list[str]]) -> int:
    """Write one delivery per matching subscription, then send the immediate ones.
    Re-running it writes nothing twice (``delivery_once``)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    ids = matching_ids(keys)
    Delivery.objects.bulk_create([Delivery(subscription_id=i, event=event) for i in ids],
                                 ignore_conflicts=True, batch_size=2000)
    Event.objects.filter(pk=event.pk).update(matched=True)
    return deliver_immediate(event=event)


def _link(event: Event) -> str:
    return absolute_url(event.url)


def _item(event: Event) -> dict[str, str]:
    local = timezone.localtime(event.occurred_at)
    return {"title": event.title, "link": _link(event), "when": f"{local:%Y-%m-%d %H:%M}",
            "ref": event.ref, "source": event.source}


def deliver_immediate(*, event: Event) -> int:
    """Send the event to its immediate subscribers that have not had it."""
    pending = (Delivery.objects.filter(event=event, sent_at=None,
                                       subscription__frequency=Frequency.IMMEDIATE,
                                       subscription__status=Status.ACTIVE)
               .select_related("subscription", "subscription__agency",
                               "subscription__user"))
    sent = 0
    for delivery in pending:
        with transaction.atomic():
            claimed = Delivery.objects.filter(pk=delivery.pk, sent_at=None).update(
                sent_at=timezone.now(), batch=f"event:{event.pk}")
            if not claimed:
                continue
            _send(delivery.subscription, kind="subscriptions.alert",
                  batch=f"event:{event.pk}", items=[_item(event)],
                  context={"title": event.title, "link": _link(event),
                           "when": _item(event)["when"]})
            sent += 1
    return sent


def _send(sub: Subscription, *, kind: str, batch: str, items: list[dict[str, str]],
          context: dict[str, Any], push: AudiencePush | None = None) -> None:
    """One message to one subscription by its channel (inside the caller's transaction)."""
    if sub.via == Via.WEBHOOK:
        WebhookAttempt.objects.get_or_create(
            subscription=sub, batch=batch, defaults={
                "payload": {"type": kind, "subscription": sub.pk, "batch": batch,
                            "items": items}, "next_attempt_at": timezone.now()})
        transaction.on_commit(lambda: webhook_send_due(subscription_id=sub.pk))
        return
    unsubscribe = unsubscribe_url(sub, push)
    context = {**context, "summary": sub.summary, "unsubscribe_url": unsubscribe}
    key = f"{batch}:s{sub.pk}"
    if sub.via == Via.INBOX and sub.user_id:
        notify(kind=kind, event_key=key, user=sub.user, channels=[Channel.INBOX],
               context=context, unsubscribe_url=unsubscribe)
    else:
        notify(kind=kind, event_key=key, email=sub.email, channels=[Channel.EMAIL],
               context=context, unsubscribe_url=unsubscribe)


# Digests --------------------------------------------------------------------------------


def digest_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The morning run: every active daily subscription (weekly ones on Mondays) gets one
    message listing what reached it since its last digest, each subject once (a record
    published twice in a day is listed once, at its latest version)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    frequencies = [Frequency.DAILY] + ([Frequency.WEEKLY] if today.weekday() == 0 else [])
    subs = (Subscription.objects.filter(status=Status.ACTIVE, frequency__in=frequencies,
                                        deliveries__sent_at=None)
            .distinct().values_list("pk", flat=True))
    counts = {"digests": 0, "items": 0}
    for sub_id in list(subs):
        sent = digest_one(subscription_id=sub_id, today=today)
        counts["digests"] += bool(sent)
        counts["items"] += sent
    return counts


def digest_one(*, subscription_id: int, today: dt.date) -> int:
    with transaction.atomic():
        sub = (Subscription.objects.select_for_update(of=("self",))
               .select_related("agency", "user").get(pk=subscription_id))
        batch = f"{sub.frequency}:{today.isoformat()}"
        rows = list(Delivery.objects.filter(subscription=sub, sent_at=None)
                    .select_related("event").order_by("event__occurred_at", "event_id"))
        if not rows:
            return 0
        latest: dict[str, Event] = {}
        for row in rows:
            latest[row.event.subject_key] = row.event
        items = [_item(e) for e in sorted(latest.values(), key=lambda e: e.occurred_at)]
        Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(
            sent_at=timezone.now(), batch=batch)
        period = "本周" if sub.frequency == Frequency.WEEKLY else f"{today:%m月%d日}"
        _send(sub, kind="subscriptions.digest", batch=batch, items=items,
              context={"items": items, "period": period})
    return len(items)


# Webhooks -------------------------------------------------------------------------------

SIGNATURE_HEADER = "X-Gongkai-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`` (docs/subscriptions.md)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = 300,
           now: float | None = None) -> bool:
    """What a receiver does (shown in the docs, used by the tests)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        stamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - stamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, stamp), f"t={stamp},v1={parts.get('v1', '')}")


def _post(sub: Subscription, attempt: WebhookAttempt) -> tuple[int | None, str]:
    body = json.dumps(attempt.payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(  # noqa: S310 - scheme and address checked below
        sub.webhook_url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "gongkai-webhook/1",
        "X-Gongkai-Event": str(attempt.payload.get("type", "")),
        "X-Gongkai-Delivery": str(attempt.pk),
        SIGNATURE_HEADER: sign(sub.webhook_secret, body, int(time.time())),
    })
    try:
        _check_webhook_url(sub.webhook_url)
        with urllib.request.urlopen(  # noqa: S310 - scheme and address checked above
                request, timeout=settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValidationError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def webhook_send_due(*, subscription_id: int | None = None,
                     now: dt.datetime | None = None) -> dict[str, int]:
    """Post every payload that is due (all, or one subscription's). A 2xx answer delivers
    it; anything else schedules the next try after ``base × 2^(attempts−1)`` and, after
    ``GONGKAI_SUBSCRIPTIONS_WEBHOOK_MAX_FAILURES`` failures in a row, pauses the
    subscription and tells its owner by e-mail. Nothing waiting is dropped."""
    now = now or timezone.now()
    due = WebhookAttempt.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=now,
                                        subscription__status=Status.ACTIVE)
    if subscription_id is not None:
        due = due.filter(subscription_id=subscription_id)
    counts = {"delivered": 0, "failed": 0, "paused": 0}
    for attempt_id in list(due.order_by("pk").values_list("pk", flat=True)):
        attempt = WebhookAttempt.objects.select_related("subscription").get(pk=attempt_id)
        sub = attempt.subscription
        if sub.status != Status.ACTIVE:
            continue
        code, error = _post(sub, attempt)
        attempt.attempts += 1
        attempt.last_code, attempt.last_error = code, error
        with transaction.atomic():
            sub = Subscription.objects.select_for_update().get(pk=sub.pk)
            if code is not None and 200 <= code < 300:
                attempt.status, attempt.delivered_at = WebhookStatus.DELIVERED, timezone.now()
                sub.failures = 0
                counts["delivered"] += 1
            else:
                base = settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_BACKOFF_SECONDS
                attempt.next_attempt_at = now + dt.timedelta(
                    seconds=base * 2 ** (attempt.attempts - 1))
                sub.failures += 1
                counts["failed"] += 1
                if sub.failures >= settings.GONGKAI_SUBSCRIPTIONS_WEBHOOK_MAX_FAILURES:
                    sub.status = Status.PAUSED
                    counts["paused"] += 1
                    notify(kind="subscriptions.webhook_paused",
                           event_key=f"paused:{sub.pk}:{attempt.pk}:{attempt.attempts}",
                           email=sub.email, channels=[Channel.EMAIL], context={
                               "summary": sub.summary, "failures": sub.failures,
                               "endpoint": urlsplit(sub.webhook_url).netloc,
                               "error": error or f"HTTP {code}"})
            sub.save(update_fields=["failures", "status"])
            attempt.save()
        if sub.status == Status.PAUSED:
            break
    return counts


# Targeted push --------------------------------------------------------------------------


def audience_create(*, actor: Any, code: str, name: str) -> Audience:
    if not getattr(actor, "is_staff", False):
        raise PermissionDeniedError("staff only")
    audience, _created = Audience.objects.get_or_create(code=code, defaults={"name": name})
    return audience


def push_send(*, actor: Any, agency: Any, audience: Audience, title: str, url: str,
              message: str = "") -> AudiencePush:
    """Push a record or a service guide to the confirmed subscribers of ``audience``. The
    message's link goes through the site (``subscriptions:go``) so a click can be counted
    without a tracking pixel."""
    if not may_push(actor, agency):
        raise PermissionDeniedError("may not push for this agency")
    if not title.strip() or not url.strip():
        raise ValidationError({"url": ["请填写标题和链接。"]})
    with transaction.atomic():
        push = AudiencePush.objects.create(agency=agency, audience=audience, title=title,
                                           message=message, url=url, created_by=actor)
        subs = list(Subscription.objects.filter(
            status=Status.ACTIVE, criteria__kind=CriterionKind.AUDIENCE,
            criteria__value=audience.code, criteria__scope__in=[0, agency.pk])
            .select_related("agency", "user").distinct())
        PushReceipt.objects.bulk_create([PushReceipt(push=push, subscription=s) for s in subs],
                                        ignore_conflicts=True)
        for sub in subs:
            link = absolute_url(reverse("subscriptions:go", kwargs={
                "agency": agency.slug, "token": tokens.make("click", push.pk, sub.pk)}))
            _send(sub, kind="subscriptions.push", batch=f"push:{push.pk}", push=push,
                  items=[{"title": title, "link": link, "when": "", "ref": f"push:{push.pk}",
                          "source": "push"}],
                  context={"title": title, "message": message, "link": link,
                           "audience": audience.name})
        push.sent = len(subs)
        push.save(update_fields=["sent"])
        audit_record(actor=actor, verb="subscriptions.push", obj=push, agency=agency.pk,
                     details={"audience": audience.code, "sent": push.sent})
    return push


def click(*, token: str) -> str:
    """Count the first click of a recipient on a push link; return where it leads."""
    push_id, sub_id = tokens.read("click", token)[:2]
    push = AudiencePush.objects.filter(pk=push_id).first()
    if push is None:
        raise tokens.BadToken("gone")
    PushReceipt.objects.filter(push=push, subscription_id=sub_id, clicked_at=None).update(
        clicked_at=timezone.now())
    return push.url
