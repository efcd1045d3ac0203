"""Snippets with the matched words marked, the same on every backend.

The text is escaped piece by piece and only our own ``<mark>`` tags are added, so a
document containing ``<script>`` shows it as text (the result is safe to render as is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted({t for t in terms if t and len(t) <= 100}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique[:200]), re.IGNORECASE)


def _mark(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return str(escape(text))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[last:match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """The whole ``text`` with every occurrence of ``terms`` marked."""
    return mark_safe(_mark(text, _pattern(terms)))  # noqa: S308 (escaped above)


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """About ``length`` characters of ``text`` around its densest cluster of matches."""
    text = re.sub(r"\s+", " ", text or "").strip()
    pattern = _pattern(terms)
    if not text:
        return mark_safe("")
    starts = [m.start() for m in pattern.finditer(text)] if pattern else []
    if not starts:
        piece = text[:length]
        return mark_safe(str(escape(piece)) + ("…" if len(text) > length else ""))  # noqa: S308 (escaped piece by piece)
    best, best_count, j = starts[0], 0, 0
    for i, start in enumerate(starts):
        while j < len(starts) and starts[j] < start + length:
            j += 1
        if j - i > best_count:
            best, best_count = start, j - i
    begin = max(0, best - length // 5)
    end = min(len(text), begin + length)
    begin = max(0, end - length)
    piece = text[begin:end]
    return mark_safe(("…" if begin > 0 else "") + _mark(piece, pattern)  # noqa: S308
                     + ("…" if end < len(text) else ""))
