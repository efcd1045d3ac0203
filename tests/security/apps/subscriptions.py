"""Subscriptions (issue 22): subscribing without an account, signed confirm / unsubscribe /
click links, an account holder's own subscriptions, staff targeted pushes, and the API
(reading or cancelling a subscription needs the subscriber's token: without it, 404)."""

from __future__ import annotations

from typing import Any

from tests.security.policy_table import (
    ADMIN_A,
    APPLICANT,
    EDITOR,
    PUBLIC,
    PUBLIC_USER,
    SIGNED_IN,
    anywhere,
    get,
    own,
    post,
)

_P = (EDITOR, ADMIN_A)

ROUTES = {
    "subscriptions:new": get(PUBLIC),
    "subscriptions:sent": get(PUBLIC),
    "subscriptions:confirm": get(PUBLIC),
    "subscriptions:unsubscribe": get(PUBLIC),
    "subscriptions:go": get(PUBLIC),
    "my_subscriptions:list": get(SIGNED_IN),
    "my_subscriptions:edit": post(frozenset({PUBLIC_USER})),
    "staff:subscriptions_index": get(anywhere(*_P)),
    "staff:subscriptions_push_new": post(anywhere(*_P)),
    "staff:subscriptions_audience_new": post(anywhere(*_P)),
    "staff:subscriptions_push": get(own(*_P)),
}

API = {
    "POST /subscriptions": PUBLIC,
    "GET /subscriptions/{int:pk}": APPLICANT,
    "DELETE /subscriptions/{int:pk}": APPLICANT,
}

MARK_SUBSCRIBER = "subscriber.marker.heron@example.org"
MARKERS = {"subscriber e-mail": MARK_SUBSCRIBER}


def build(w: Any) -> None:
    from gongkai.subscriptions import services, tokens
    from gongkai.subscriptions.models import Audience

    audience = Audience.objects.create(code="matrix-elderly", name="矩阵测试老年人")
    sub = services.subscribe(email=MARK_SUBSCRIBER, user=w.users[PUBLIC_USER],
                             wanted=services.Wanted(agency=w.agency, audiences=[audience]))
    services.confirm(token=tokens.make("confirm", sub.pk))
    push = services.push_send(actor=w.users[ADMIN_A], agency=w.agency, audience=audience,
                              title="矩阵测试推送", url=f"/{w.agency.slug}/")
    w.objects["subscriptions_sub"] = sub
    w.objects["subscriptions_push"] = push


def kwargs(w: Any) -> dict[str, dict]:
    from gongkai.subscriptions import tokens

    a = w.agency.slug
    sub, push = w.objects["subscriptions_sub"], w.objects["subscriptions_push"]
    return {
        "subscriptions:new": {"agency": a},
        "subscriptions:sent": {"agency": a},
        "subscriptions:confirm": {"agency": a, "token": tokens.make("confirm", sub.pk)},
        "subscriptions:unsubscribe": {"agency": a,
                                      "token": tokens.make("unsubscribe", sub.pk)},
        "subscriptions:go": {"agency": a, "token": tokens.make("click", push.pk, sub.pk)},
        "my_subscriptions:edit": {"pk": sub.pk},
        "staff:subscriptions_push": {"pk": push.pk},
    }
