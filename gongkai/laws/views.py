"""Public law library pages under /<agency>/laws/: the library by category, one category's
laws, a law with its contents and an anchor per article (``#a<ordinal>``), and two
versions compared article by article. Laws are platform-wide; the agency in the address
only chooses the portal around them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.laws import selectors
from gongkai.laws.models import Law

PAGE_SIZE = 50


class LawQueryForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)

    def query(self) -> str:
        if not self.is_valid():
            return ""
        text = self.cleaned_data.get("q") or ""
        return "".join(ch for ch in text if ch.isprintable()).strip()


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


def _law_or_404(pk: int) -> Law:
    law = selectors.law_get(pk)
    if law is None:
        raise Http404("no such law")
    return law


@public_view
@require_safe
def index(request, agency: str):
    """The library's front page: a title search over every category, the categories, and
    the latest versions; a search shows its results here, paginated."""
    found = _agency_or_404(request, agency)
    form = LawQueryForm(request.GET)
    q = form.query()
    context = {"agency": found, "nav_current": "legal", "form": form, "q": q,
               "categories": selectors.category_counts()}
    if q:
        context["page_obj"] = Paginator(selectors.law_search(q), PAGE_SIZE).get_page(
            request.GET.get("page"))
        context["search_url"] = (reverse("search:index", kwargs={"agency": found.slug})
                                 + "?" + urlencode({"q": q}))
    else:
        context["recent"] = selectors.laws_recent()
    return render(request, "laws/public/index.html", context)


@public_view
@require_safe
def category(request, agency: str, category: str):
    found = _agency_or_404(request, agency)
    if "\x00" in category:  # PostgreSQL cannot compare text holding NUL: no such category
        raise Http404("no such category")
    form = LawQueryForm(request.GET)
    q = form.query()
    laws = selectors.law_list(category, q)
    if not q and not laws.exists():
        raise Http404("no such category")
    page = Paginator(laws, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "laws/public/category.html", {
        "agency": found, "nav_current": "legal", "category": category, "form": form, "q": q,
        "page_obj": page,
    })


@public_view
@require_safe
def law(request, agency: str, pk: int):
    found = _agency_or_404(request, agency)
    got = _law_or_404(pk)
    form = LawQueryForm(request.GET)
    q = form.query()
    versions = list(selectors.law_versions(got))
    return render(request, "laws/public/law.html", {
        "agency": found, "nav_current": "legal", "law": got, "form": form, "q": q,
        "articles": selectors.articles_with_headings(selectors.law_articles(got, q)),
        "toc": [] if q else selectors.table_of_contents(got),
        "versions": versions,
        "current": next((v for v in versions if v.in_force), None),
        "canonical_path": reverse("laws:law", kwargs={"agency": found.slug, "pk": got.pk}),
    })


def _age(law: Law) -> tuple[dt.date, int]:
    return (law.version_date or dt.date.min, law.pk)


@public_view
@require_safe
def compare(request, agency: str, pk: int, other: int):
    found = _agency_or_404(request, agency)
    left, right = _law_or_404(pk), _law_or_404(other)
    if (left.title, left.subtitle) != (right.title, right.subtitle):
        raise Http404("not two versions of one law")
    if pk == other:
        return redirect("laws:law", agency=found.slug, pk=pk)
    # Older on the left, newer on the right, whichever way the address names them.
    if _age(left) > _age(right):
        left, right = right, left
    rows = selectors.law_compare(left, right)
    return render(request, "laws/public/compare.html", {
        "agency": found, "nav_current": "legal", "left": left, "right": right, "rows": rows,
        "changed": sum(1 for row in rows if row.changed),
    })
