"""Reads of the law library for pages, the API and Q&A."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.laws.models import Law, LawArticle

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
    """Chapters in order with the first article of each, for the law page's contents."""
    toc: list[dict] = []
    seen: set[str] = set()
    for chapter, ordinal, number in law.articles.values_list("chapter", "ordinal", "number"):
        if chapter and chapter not in seen:
            seen.add(chapter)
            toc.append({"chapter": chapter, "title": chapter.split(" / ")[-1],
                        "depth": chapter.count(" / "), "anchor": f"a{ordinal}", "number": number})
    return toc


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
