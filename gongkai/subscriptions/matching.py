"""From a published version to the subscriptions it concerns, as one indexed query.

A version answers to keys (kind, value): ``all``, its topic, genre, its keywords and the
2–8 character pieces of its title (so a keyword subscription to "律师" matches a title
containing it without a text scan), within the scopes 0 (every agency) and its agency. A
subscription matches when, for each kind of criterion it has, one of its values is among
the keys: ``COUNT(DISTINCT kind)`` over the matching criterion rows equals its
``kinds_count``. The criterion index (kind, value, scope, subscription) serves the
look-up; nothing is loaded into Python but the ids that match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.db.models import Count, F, Q

from gongkai.subscriptions.models import Criterion, CriterionKind, Status

MAX_PIECE = 8
_SPLIT = re.compile(r"[\s,，;；、/|]+")


def normalise_keyword(word: str) -> str:
    return "".join(word.split()).lower()[:MAX_PIECE * 4]


def split_keywords(text: str) -> list[str]:
    return [w for w in (normalise_keyword(p) for p in _SPLIT.split(text or "")) if w]


def title_pieces(title: str) -> set[str]:
    """Every 2–8 character piece of the title (lower-cased, spaces removed)."""
    text = normalise_keyword(title)[:120]
    return {text[i:i + n] for n in range(2, MAX_PIECE + 1) for i in range(len(text) - n + 1)}


def record_keys(*, agency_id: int | None, topic_id: int | None, genre_id: int | None,
                keywords: str, title: str) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {CriterionKind.ALL: {"*"}}
    if agency_id:
        keys[CriterionKind.AGENCY] = {str(agency_id)}
    if topic_id:
        keys[CriterionKind.TOPIC] = {str(topic_id)}
    if genre_id:
        keys[CriterionKind.GENRE] = {str(genre_id)}
    words = set(split_keywords(keywords)) | title_pieces(title)
    if words:
        keys[CriterionKind.KEYWORD] = words
    return keys


def matching_ids(keys: Mapping[str, Iterable[str]]) -> list[int]:
    """Ids of the active subscriptions every kind of whose criteria ``keys`` meets. The
    ``agency`` key is not a criterion kind: it selects the scopes (that agency, or all)."""
    keys = dict(keys)
    agencies = [int(a) for a in keys.pop(CriterionKind.AGENCY, []) if str(a).isdigit()]
    query = Q()
    for kind, values in keys.items():
        query |= Q(kind=kind, value__in=list(values))
    if not query:
        return []
    rows = (Criterion.objects.filter(query, scope__in=[0, *agencies],
                                     subscription__status=Status.ACTIVE)
            .values("subscription_id", "subscription__kinds_count")
            .annotate(met=Count("kind", distinct=True))
            .filter(met=F("subscription__kinds_count"))
            .values_list("subscription_id", flat=True))
    return list(rows)
