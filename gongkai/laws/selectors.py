"""Reads of the law library for pages, the API and Q&A."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.laws.models import Law, LawArticle
from gongkai.laws.parser import outline

# The corpus's folders in the order a reader expects: the Constitution first, cases last.
CATEGORY_ORDER = (
    "宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法",
    "诉讼与非诉讼程序法", "行政法规", "部门规章", "司法解释", "上海地方法规", "案例", "其他",
)


def _category_rank(name: str) -> tuple[int, str]:
    return (CATEGORY_ORDER.index(name) if name in CATEGORY_ORDER else len(CATEGORY_ORDER), name)


def category_counts() -> list[tuple[str, int]]:
    """Categories with the number of laws in force in each (old versions are not counted)."""
    rows = (Law.objects.filter(in_force=True).values("category").annotate(n=Count("id"))
            .values_list("category", "n"))
    return sorted(rows, key=lambda row: _category_rank(row[0]))


def law_list(category: str, q: str = "") -> QuerySet[Law]:
    laws = Law.objects.filter(category=category, in_force=True)
    if q:
        laws = laws.filter(Q(title__icontains=q) | Q(subtitle__icontains=q))
    return laws.order_by("title", "subtitle").defer("preamble", "history")


def law_search(q: str) -> QuerySet[Law]:
    """Laws in force, of every category, whose title or subtitle holds every word of ``q``
    (the library's front-page search: titles, not articles — the site search finds those)."""
    laws = Law.objects.filter(in_force=True)
    for word in q.split()[:10]:
        laws = laws.filter(Q(title__icontains=word) | Q(subtitle__icontains=word))
    return laws.order_by("title", "subtitle").defer("preamble", "history")


def laws_recent(limit: int = 12) -> QuerySet[Law]:
    """The latest versions to come into the library, for the front page's list."""
    return (Law.objects.filter(in_force=True).exclude(version_date=None)
            .order_by("-version_date", "title").defer("preamble", "history")[:limit])


def law_get(pk: int) -> Law | None:
    return Law.objects.filter(pk=pk).first()


def law_versions(law: Law) -> QuerySet[Law]:
    """Every version of ``law`` (itself included), the latest first."""
    return (Law.objects.filter(title=law.title, subtitle=law.subtitle)
            .order_by("-version_date", "-pk").defer("preamble", "history"))


def law_articles(law: Law, q: str = "") -> QuerySet[LawArticle]:
    """The law's articles, or those whose text, number or chapter contains every word of
    ``q`` (in-law search: a law has at most a few thousand articles)."""
    articles = law.articles.all()
    for word in q.split()[:10]:
        articles = articles.filter(Q(text__icontains=word) | Q(number=word)
                                   | Q(chapter__icontains=word))
    return articles


def table_of_contents(law: Law) -> list[dict]:
    """The law's 编 / 分编 / 章 / 节 as a tree in reading order: each heading with its
    ``depth`` (0 outermost), the anchor of its first article and its ``children``."""
    roots: list[dict] = []
    open_nodes: list[dict] = []  # the path to the last heading entered
    for entry in outline(law.articles.values_list("chapter", "ordinal")):
        node = {"chapter": entry.path, "title": entry.title, "depth": entry.depth,
                "anchor": f"a{entry.ordinal}", "children": []}
        del open_nodes[entry.depth:]
        (open_nodes[-1]["children"] if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


def articles_with_headings(articles: Iterable[LawArticle]) -> list[LawArticle]:
    """The articles, each with ``headings``: the headings that open at it (outermost
    first, with their depth), so the text prints every heading once at its level; for a
    filtered list, the headings of the matching articles' chapters."""
    listed = list(articles)
    opening: dict[int, list[dict]] = {}
    for entry in outline((a.chapter, a.ordinal) for a in listed):
        # Below the page's h1 and the text's h2: 编 h3, 分编 or 章 h4 and so on, h6 at most.
        opening.setdefault(entry.ordinal, []).append(
            {"title": entry.title, "depth": entry.depth, "level": min(3 + entry.depth, 6)})
    for article in listed:
        article.headings = opening.get(article.ordinal, [])  # type: ignore[attr-defined]
    return listed


@dataclass
class CompareRow:
    number: str
    left: LawArticle | None
    right: LawArticle | None

    @property
    def changed(self) -> bool:
        return (self.left.text if self.left else None) != (self.right.text if self.right else None)


def law_compare(left: Law, right: Law) -> list[CompareRow]:
    """Two versions side by side, article by article.

    Articles are paired by aligning the two sequences of article texts (difflib), not by
    number: an amendment that inserts an article renumbers all that follow it, and
    pairing by number would then show every later article as changed."""
    a = list(left.articles.all())
    b = list(right.articles.all())
    rows: list[CompareRow] = []
    matcher = difflib.SequenceMatcher(a=[x.text for x in a], b=[y.text for y in b],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [CompareRow(b[j1 + k].number, a[i1 + k], b[j1 + k]) for k in range(i2 - i1)]
        elif tag == "replace":
            span = max(i2 - i1, j2 - j1)
            for k in range(span):
                x = a[i1 + k] if i1 + k < i2 else None
                y = b[j1 + k] if j1 + k < j2 else None
                either = y or x
                rows.append(CompareRow(either.number if either else "", x, y))
        elif tag == "delete":
            rows += [CompareRow(x.number, x, None) for x in a[i1:i2]]
        else:
            rows += [CompareRow(y.number, None, y) for y in b[j1:j2]]
    return rows


def article_get(law_id: int, number: str) -> LawArticle | None:
    return LawArticle.objects.filter(law_id=law_id, number=number).select_related("law").first()


def library_is_empty() -> bool:
    return not Law.objects.exists()
