"""Reading one law file in the corpus format (shared/data/laws/README.md).

    # <title>
    [# <subtitle>]
    <date> <event>             promulgation and amendment lines
    <!-- INFO END -->
    ## 第一章 总则               headings: 编 / 分编 / 章 / 节, any depth of '#'
    第一条 ……                  an article starts a line with 第…条
    (continuation paragraphs)

Pure functions, no database: the importer and the tests call them directly. A file that
cannot be read as a law raises ``LawParseError`` with the reason shown in the import report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

INFO_END = "<!-- INFO END -->"
NUMERAL = "零〇一二三四五六七八九十百千两0-9０-９"
ARTICLE_RE = re.compile(rf"^(第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?)(?:[\s\u3000]+|$)(.*)$")
HEADING_RE = re.compile(r"^(#+)\s*(.+?)\s*#*$")
# The level of a structural heading by its word, whatever its number of '#'.
STRUCTURE_RE = re.compile(rf"^第[{NUMERAL}]+(分编|编|章|节)")
STRUCTURE_LEVEL = {"编": 0, "分编": 1, "章": 2, "节": 3}
FILE_DATE_RE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)\s*$")
HISTORY_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
IGNORED_LINES = {"<!-- FORCE BREAK -->"}


class LawParseError(ValueError):
    """The file is not a law in the corpus format; the message says why (in Chinese)."""


@dataclass
class ParsedArticle:
    number: str
    ordinal: int
    chapter: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedLaw:
    title: str
    subtitle: str
    history: list[str]
    version_date: dt.date | None
    preamble: str
    articles: list[ParsedArticle]

    def outline(self) -> list[OutlineEntry]:
        return outline((a.chapter, a.ordinal) for a in self.articles)


PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class OutlineEntry:
    """One heading of a law's contents: ``path`` is every heading from the outermost down
    to this one, ``depth`` its nesting (0 outermost) and ``ordinal`` the first article
    under it (its anchor)."""

    path: str
    title: str
    depth: int
    ordinal: int


def outline(chapters: Iterable[tuple[str, int]]) -> list[OutlineEntry]:
    """The contents as a tree in reading order, from each article's heading path.

    A heading is entered where its first article is, with every enclosing heading not yet
    entered: a 章 whose first words are its 第一节 has no article of its own, and listing
    only the paths articles carry would drop it (婚姻家庭编 第三章 家庭关系). A path seen
    again later (a heading repeated in the file) is not entered twice."""
    entries: list[OutlineEntry] = []
    seen: set[str] = set()
    for chapter, ordinal in chapters:
        if not chapter:
            continue
        parts = chapter.split(PATH_SEPARATOR)
        for depth in range(len(parts)):
            path = PATH_SEPARATOR.join(parts[:depth + 1])
            if path not in seen:
                seen.add(path)
                entries.append(OutlineEntry(path=path, title=parts[depth], depth=depth,
                                            ordinal=ordinal))
    return entries


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def version_date_of(stem: str, history: list[str]) -> dt.date | None:
    """The date in the file name, else the latest date in the history lines."""
    match = FILE_DATE_RE.search(stem)
    if match:
        found = _date(*match.groups())
        if found:
            return found
    dates = [d for line in history for m in HISTORY_DATE_RE.finditer(line)
             if (d := _date(*m.groups())) is not None]
    return max(dates) if dates else None


def _clean(line: str) -> str:
    return line.replace("\ufeff", "").rstrip().strip("\u3000 ")


def _heading_name(text: str) -> str:
    """A heading with its runs of spaces made one ("第一章  一般规定" → "第一章 一般规定"),
    so that the same heading written twice compares equal."""
    return " ".join(text.replace("\u3000", " ").split())


def parse_law(text: str, stem: str = "") -> ParsedLaw:
    """Parse one file's text; ``stem`` is the file name without ``.md`` (for the date)."""
    lines = [_clean(line) for line in text.splitlines()]
    if not any(lines):
        raise LawParseError("文件为空")
    if INFO_END in lines:
        split = lines.index(INFO_END)
        head, body = lines[:split], lines[split + 1:]
    else:
        # Without the marker the header runs to the first heading below the title or
        # the first article.
        split = next((i for i, line in enumerate(lines) if i > 0 and (
            line.startswith("##") or ARTICLE_RE.match(line))), len(lines))
        head, body = lines[:split], lines[split:]
    titles = [m.group(2) for line in head if (m := HEADING_RE.match(line))]
    if not titles:
        raise LawParseError("缺少标题行(# 标题)")
    title = titles[0][:300]
    subtitle = " ".join(titles[1:])[:200]
    history = [line for line in head if line and not HEADING_RE.match(line)]

    articles: list[ParsedArticle] = []
    preamble: list[str] = []
    chapters: list[tuple[int, str]] = []  # (level, heading) from the outermost in
    preamble_headings: set[int] = set()  # lines of the preamble that are headings
    for line in body:
        if not line or line in IGNORED_LINES:
            continue
        heading = HEADING_RE.match(line)
        if heading:
            name = _heading_name(heading.group(2))
            structure = STRUCTURE_RE.match(name)
            level = (STRUCTURE_LEVEL[structure.group(1)] if structure
                     else 10 + len(heading.group(1)))
            if not articles:
                preamble_headings.add(len(preamble))
                preamble.append(name)
            chapters = [c for c in chapters if c[0] < level] + [(level, name)]
            continue
        article = ARTICLE_RE.match(line)
        if article:
            number = article.group(1)
            articles.append(ParsedArticle(
                number=number, ordinal=len(articles) + 1,
                chapter=PATH_SEPARATOR.join(c[1] for c in chapters)[:500],
                paragraphs=[article.group(2)] if article.group(2) else []))
            continue
        if articles:
            articles[-1].paragraphs.append(line)
        else:
            preamble.append(line)
    if not articles and not preamble:
        raise LawParseError("没有正文")
    for parsed in articles:
        if not parsed.paragraphs:
            parsed.paragraphs.append("")
    # A heading above the first article that heads articles is shown with them and in the
    # contents: kept in the preamble too it was printed twice (the open 第一章, or a list
    # of the headings the file carries as its own contents).
    in_contents = {part for a in articles for part in a.chapter.split(PATH_SEPARATOR)}
    preamble = [text for i, text in enumerate(preamble)
                if not (i in preamble_headings and text in in_contents)]
    return ParsedLaw(title=title, subtitle=subtitle, history=history,
                     version_date=version_date_of(stem, history),
                     preamble="\n".join(preamble), articles=articles)
