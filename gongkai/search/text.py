"""Chinese text for the index and for queries: segmentation with rjieba plus the
vocabulary administrators extend (``Vocabulary``, ``Synonym``), and pinyin of titles.

Documents are indexed in jieba's search mode (a long word also yields its parts, so
``人民`` finds ``中华人民共和国``); queries are cut in the precise mode. Every token is
reduced to letters and digits so that SQLite's unicode61 tokenizer and PostgreSQL's
parser see exactly the tokens produced here.
"""

from __future__ import annotations

import functools
import re
import threading
import time
import unicodedata
from collections.abc import Iterable

import rjieba
from pypinyin import Style, lazy_pinyin

# The segmenter is rebuilt when the vocabulary changes: at once in the process that saved
# the change (a signal clears it), within this many seconds in the others.
VOCABULARY_TTL_SECONDS = 30.0

_lock = threading.Lock()
_state: dict[str, object] = {"jieba": None, "version": None, "checked": 0.0, "words": [],
                             "synonyms": []}

_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")

# Words that carry no meaning in a question or a search box; dropped from queries only
# while something else remains (a query of only "公开" still searches "公开").
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 吗 呢 吧 啊 么 要 我 你 他 她 它 我们 怎么 怎样 如何 什么 哪些 哪个 "
    "哪里 能否 可以 能 会 需要 请问 一下 关于 对 对于 把 被 这 那 这个 那个 之 以 及其 等 "
    "the a an of and or to in for on is are".split()
)


def clean(text: str) -> str:
    """NFKC (full-width letters and digits to half-width), no control characters."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text or ""))


def _vocabulary_version() -> tuple | None:
    from django.db import DatabaseError

    from gongkai.search.models import Synonym, Vocabulary

    try:
        return (Vocabulary.objects.count(), Synonym.objects.count(),
                str(max(filter(None, [Vocabulary.objects.order_by("-updated_at")
                                      .values_list("updated_at", flat=True).first(),
                                      Synonym.objects.order_by("-updated_at")
                                      .values_list("updated_at", flat=True).first()]),
                        default="")))
    except DatabaseError:  # before migrations, or the table is being created
        return None


def _load() -> tuple[list[tuple[str, int | None]], list[list[str]]]:
    """(vocabulary words with frequencies, synonym groups) from the database."""
    from django.db import DatabaseError

    from gongkai.search.models import Synonym, Vocabulary

    try:
        words = [(w, f or None) for w, f in Vocabulary.objects.values_list("word", "frequency")]
        groups = [split_terms(g) for g in Synonym.objects.values_list("terms", flat=True)]
    except DatabaseError:
        return [], []
    return words, [g for g in groups if len(g) > 1]


def split_terms(value: str) -> list[str]:
    """Synonym groups are written one term after another, separated by spaces, commas or
    the ideographic comma; duplicates are dropped, order kept."""
    seen: dict[str, None] = {}
    for term in re.split(r"[\s,,、;;|]+", clean(value).lower()):
        if term:
            seen.setdefault(term, None)
    return list(seen)


def segmenter() -> rjieba.Jieba:
    """The process's segmenter with the current vocabulary."""
    now = time.monotonic()
    jieba = _state["jieba"]
    if jieba is not None and now - float(_state["checked"]) < VOCABULARY_TTL_SECONDS:  # type: ignore[arg-type]
        return jieba  # type: ignore[return-value]
    with _lock:
        version = _vocabulary_version()
        if _state["jieba"] is None or version != _state["version"]:
            fresh = rjieba.Jieba()
            words, groups = _load()
            kept = []
            for word, freq in words + [(t, None) for g in groups for t in g]:
                word = clean(word).strip().lower()
                if word and " " not in word:
                    fresh.add_word(word, freq, None)
                    kept.append(word)
            _state.update(jieba=fresh, version=version, words=sorted(set(kept)), synonyms=groups)
        _state["checked"] = now
        return _state["jieba"]  # type: ignore[return-value]


def vocabulary_words() -> list[str]:
    """Every word the segmenter keeps whole (vocabulary and synonym terms), cached."""
    segmenter()
    return list(_state["words"])  # type: ignore[call-overload]


def synonym_groups() -> list[list[str]]:
    """The synonym groups, cached with the segmenter."""
    segmenter()
    return list(_state["synonyms"])  # type: ignore[call-overload]


def vocabulary_changed() -> None:
    """Forget the segmenter so the next call loads the new vocabulary."""
    with _lock:
        _state["jieba"] = None
        _state["version"] = None


def _tokens(pieces: Iterable[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        out.extend(_WORD.findall(piece))
    return out


def segment(text: str) -> list[str]:
    """Words of ``text`` (precise mode), lower-case, letters and digits only."""
    text = clean(text).lower()
    if not text.strip():
        return []
    return _tokens(segmenter().cut(text))


def segment_for_index(text: str) -> list[str]:
    """Words of ``text`` in search mode: long words followed by their parts."""
    text = clean(text).lower()
    if not text.strip():
        return []
    return _tokens(segmenter().cut_for_search(text))


def without_stopwords(tokens: list[str]) -> list[str]:
    kept = [t for t in tokens if t not in STOPWORDS]
    return kept or tokens


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


_base: dict[str, rjieba.Jieba] = {}


def _units(word: str) -> list[str]:
    """A vocabulary word in the base dictionary's words (政府信息公开 → 政府 信息 公开), so
    that initials of part of it (xxgk) are indexed too."""
    if len(word) <= 2:
        return [word]
    base = _base.get("jieba")
    if base is None:
        base = _base["jieba"] = rjieba.Jieba()
    return [u for u in base.cut(word) if u] or [word]


@functools.lru_cache(maxsize=200_000)
def unit_pinyin(unit: str) -> tuple[str, str]:
    """(full pinyin, initials) of a word; words repeat across titles, so cached."""
    return ("".join(lazy_pinyin(unit, errors="ignore")),
            "".join(lazy_pinyin(unit, style=Style.FIRST_LETTER, errors="ignore")))


def pinyin_terms(title: str, *, max_units: int = 6, limit_words: int = 80) -> list[str]:
    """Full pinyin and initials of every run of 1–``max_units`` consecutive Chinese words
    of the title: 政府信息公开 gives ``zhengfuxinxigongkai`` and ``zfxxgk`` (and
    ``xxgk``, ``gk`` …), so a visitor typing either finds the title."""
    runs: list[list[str]] = [[]]
    for word in segment(title)[:limit_words]:
        if has_cjk(word):
            runs[-1].extend(_units(word))
        elif runs[-1]:
            runs.append([])
    terms: dict[str, None] = {}
    for units in runs:
        spoken = [unit_pinyin(u) for u in units]
        full = [f for f, _ in spoken]
        initials = [i for _, i in spoken]
        for start in range(len(units)):
            for end in range(start + 1, min(start + max_units, len(units)) + 1):
                for source in (full, initials):
                    term = "".join(source[start:end]).lower()
                    if term.isascii() and term.isalpha() and len(term) >= 2:
                        terms.setdefault(term, None)
    return list(terms)


def pinyin_of(text: str) -> str:
    """Full pinyin of the Chinese in ``text``, joined, for homophone corrections."""
    return "".join(lazy_pinyin(clean(text), errors="ignore")).lower()


def looks_like_pinyin(text: str) -> bool:
    stripped = clean(text).strip().lower()
    return bool(stripped) and stripped.replace(" ", "").isascii() and \
        stripped.replace(" ", "").isalpha()


def normalise_number(value: str) -> str:
    """An identifier as typed (索取号, 文件编号 lookup key) in one comparable form."""
    return re.sub(r"\s+", "", clean(value)).upper()
