"""Public events beyond catalogue publications — a consultation opened, its feedback
published — for whoever follows them (today: subscriptions), without the emitting app
importing the follower or the follower the emitter (the import contracts forbid both).

An app emits ``PublicEvent``s inside its own transaction; each registered sink stores
what it needs in that same transaction and does its slow work after commit. Catalogue
records keep their own path (``catalogue.publication``'s consumers, ADR 0014)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PublicEvent:
    source: str                 # the emitting app, e.g. "consultations"
    ref: str                    # unique per event within the source, e.g. "consultation:7:open"
    subject_key: str            # what it is about, e.g. "consultation:7" (digests show it once)
    agency_id: int | None
    title: str
    url: str                    # site path of the public page
    kind: str                   # what a subscriber follows: "consultation", "service", "case"
    object_id: str              # which one of that kind
    occurred_at: dt.datetime | None = None
    extra_keys: dict[str, set[str]] = field(default_factory=dict)


Sink = Callable[[Sequence[PublicEvent]], None]
_SINKS: dict[str, Sink] = {}


def register_event_sink(name: str, sink: Sink) -> None:
    """From an AppConfig.ready; registering again under the same name replaces."""
    _SINKS[name] = sink


def public_events_emit(events: Sequence[PublicEvent]) -> None:
    for sink in _SINKS.values():
        sink(events)


#: kind → fn(object_id) -> (title, agency_id) of a public object one may follow, or None.
Resolver = Callable[[str], tuple[str, int] | None]
_RESOLVERS: dict[str, Resolver] = {}


def register_followable(kind: str, resolver: Resolver) -> None:
    """An app declares a kind of public object people may follow (its events are emitted
    with that ``kind``); the resolver checks an id is public and names it."""
    _RESOLVERS[kind] = resolver


def followable(kind: str, object_id: str) -> tuple[str, int] | None:
    resolver = _RESOLVERS.get(kind)
    # Ids are database keys: digits, and short enough for any integer column.
    if resolver is None or not str(object_id).isdigit() or len(str(object_id)) > 12:
        return None
    return resolver(str(object_id))
