"""The contents of every law in the real corpus (shared/data/laws) as a tree: every
article reachable, no heading twice, 编 / 分编 / 章 / 节 nested in that order."""

import pytest

from gongkai.laws.parser import PATH_SEPARATOR, STRUCTURE_LEVEL, STRUCTURE_RE, LawParseError, parse_law
from gongkai.laws.services import law_files

from .conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not present at {CORPUS}"),
]


def _level(title: str) -> int | None:
    found = STRUCTURE_RE.match(title)
    return STRUCTURE_LEVEL[found.group(1)] if found else None


def test_every_laws_contents_are_a_tree():
    problems: list[str] = []
    laws = headings = 0
    for path in law_files(CORPUS):
        try:
            law = parse_law(path.read_text(encoding="utf-8-sig"), path.stem)
        except (LawParseError, UnicodeDecodeError):
            continue  # the import reports these; test_corpus checks that
        laws += 1
        entries = law.outline()
        headings += len(entries)
        paths = [e.path for e in entries]
        name = path.relative_to(CORPUS)
        if len(paths) != len(set(paths)):
            problems.append(f"{name}: heading entered twice")
        listed = set(paths)
        # Every article is reachable: its chapter and each enclosing heading are listed,
        # and the heading's link is no later than the article.
        first = {e.path: e.ordinal for e in entries}
        for article in law.articles:
            parts = article.chapter.split(PATH_SEPARATOR) if article.chapter else []
            for depth in range(len(parts)):
                prefix = PATH_SEPARATOR.join(parts[:depth + 1])
                if prefix not in listed or first[prefix] > article.ordinal:
                    problems.append(f"{name}: {article.number} not under {prefix}")
        previous = -1
        for entry in entries:
            if entry.depth > previous + 1:
                problems.append(f"{name}: {entry.title} skips a level")
            previous = entry.depth
            # Along a path the structural words nest 编 > 分编 > 章 > 节.
            levels = [lv for part in entry.path.split(PATH_SEPARATOR)
                      if (lv := _level(part)) is not None]
            if levels != sorted(set(levels)):
                problems.append(f"{name}: {entry.path} nested out of order")
        # No heading of the contents is also printed as preamble text.
        preamble = set(law.preamble.splitlines())
        if law.articles and preamble & {e.title for e in entries}:
            problems.append(f"{name}: heading repeated in the preamble")
    print(f"{laws} laws, {headings} headings")
    assert laws > 1700 and headings > 7000
    assert problems == [], "\n".join(problems[:50])
