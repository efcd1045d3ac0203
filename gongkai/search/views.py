"""The search pages: the public one per agency (/<agency>/search/) and the staff one
(/staff/search/) with the index status, the rebuild button and the vocabulary.

Both are plain GET forms that work without JavaScript; the public page searches only
public documents, the staff page also the drafts and non-public records of the agencies
the member works for.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.core.access import any_staff, public_view, staff_view
from gongkai.core.selectors import agency_get_public
from gongkai.search import selectors, services
from gongkai.search.models import Synonym, Vocabulary
from gongkai.search.registry import KINDS, kind_label

PAGE_SIZE = 10
FILTER_NAMES = ("year", "topic", "genre", "department", "category", "agency")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("检索词"), required=False, max_length=1000)
    kind = forms.CharField(required=False, max_length=30)
    sort = forms.ChoiceField(label=_("排序"), required=False,
                             choices=[("relevance", _("按相关度")), ("date", _("按日期"))])
    page = forms.IntegerField(required=False, min_value=1, max_value=selectors.MAX_PAGE)
    year = forms.CharField(required=False, max_length=4)
    topic = forms.CharField(required=False, max_length=200)
    genre = forms.CharField(required=False, max_length=200)
    department = forms.CharField(required=False, max_length=200)
    category = forms.CharField(required=False, max_length=200)
    agency = forms.CharField(required=False, max_length=60)
    # "agency": only the agency's own information, without the platform's law library.
    scope = forms.ChoiceField(required=False, choices=[("", ""), ("all", ""), ("agency", "")])

    def value(self, name: str) -> Any:
        return (getattr(self, "cleaned_data", {}) or {}).get(name) or ""


def _run_search(request, *, agency_id: int | None, user: Any) -> dict[str, Any]:
    form = SearchForm(request.GET)
    form.is_valid()
    q = form.value("q")
    kind = form.value("kind")
    filters = {name: form.value(name) for name in FILTER_NAMES if form.value(name)}
    scope = form.value("scope") if agency_id is not None else ""
    result = selectors.search(q, kinds=[kind] if kind else None, agency_id=agency_id,
                              agency_only=scope == "agency", filters=filters,
                              sort=form.value("sort") or "relevance",
                              page=form.value("page") or 1, page_size=PAGE_SIZE, user=user)
    chosen = {**filters, **({"kind": kind} if kind else {}),
              **({"scope": scope} if scope == "agency" else {})}
    params = {k: v for k, v in {"q": q, "sort": form.value("sort"), **chosen}.items() if v}
    active = [{"name": name, "value": value, "title": FACET_TITLES.get(name, name),
               "label": _facet_label(result.facets, name, value),
               "remove": _href({k: v for k, v in params.items() if k != name})}
              for name, value in chosen.items()]
    facets = [{"name": name, "title": FACET_TITLES.get(name, name), "values": [
        {"label": label, "count": count, "current": chosen.get(name) == value,
         "href": _href({**params, name: value})} for value, label, count in values[:12]]}
        for name, values in result.facets.items() if name in FACET_TITLES]
    return {
        "form": form, "q": q, "result": result, "searched": bool(q.strip()),
        "hidden_filters": sorted(chosen.items()), "active_filters": active, "facets": facets,
        "kind_labels": {h.kind: kind_label(h.kind) for h in result.hits},
        "page_links": [(n, _href({**params, "page": n})) for n in _page_numbers(result.page,
                                                                                   result.pages)],
        "prev_href": _href({**params, "page": result.page - 1}) if result.page > 1 else "",
        "next_href": (_href({**params, "page": result.page + 1})
                      if result.page < min(result.pages, selectors.MAX_PAGE) else ""),
        "first_number": (result.page - 1) * result.page_size + 1,
        "suggestion_links": [(s, _href({"q": s})) for s in result.suggestions],
        "related_links": [(s, _href({"q": s})) for s in result.related],
    }


def _href(params: dict[str, Any]) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


FACET_TITLES = {"scope": _("范围"), "kind": _("类型"), "agency": _("机构"), "year": _("年份"),
                "topic": _("主题分类"),
                "genre": _("体裁分类"), "department": _("处室"), "category": _("类别")}


def _facet_label(facets: dict, name: str, value: str) -> str:
    for candidate, label, _count in facets.get(name, []):
        if candidate == value:
            return str(label)
    if name == "scope":
        return str(_("仅本机构信息"))
    return kind_label(value) if name == "kind" else value


def _page_numbers(page: int, pages: int) -> list[int]:
    pages = min(pages, selectors.MAX_PAGE)
    return [n for n in range(1, pages + 1) if n <= 2 or n > pages - 2 or abs(n - page) <= 2]


@public_view
@require_safe
def index(request, agency: str):
    found = agency_get_public(agency)
    if found is None:
        raise Http404("no such agency")
    request.agency = found
    context = _run_search(request, agency_id=found.pk, user=None)
    context.update({"agency": found, "nav_current": "search"})
    response = render(request, "search/public/index.html", context)
    return response


# Staff -------------------------------------------------------------------------------------


class WordForm(forms.Form):
    word = forms.CharField(label=_("新词"), max_length=40)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class SynonymForm(forms.Form):
    terms = forms.CharField(label=_("同义词组"), max_length=300,
                            help_text=_("用空格或顿号分隔，至少两个词，例如：律师证 律师执业证书"))

    def clean_terms(self) -> str:
        from gongkai.search.text import split_terms

        terms = split_terms(self.cleaned_data["terms"])
        if len(terms) < 2:
            raise forms.ValidationError(_("同义词组至少要有两个词。"))
        return " ".join(terms)


@staff_view(any_staff)
@require_safe
def staff_search(request):
    context = _run_search(request, agency_id=None, user=request.user)
    context.update({"can_manage": services.can_manage(request.user), "staff_nav": "search"})
    return render(request, "search/staff/search.html", context)


@staff_view(services.can_manage)
def staff_index(request):
    return render(request, "search/staff/index.html", {
        "status": selectors.index_status(), "kinds": KINDS, "staff_nav": "index",
        "words": Vocabulary.objects.all(), "synonyms": Synonym.objects.all(),
        "word_form": WordForm(), "synonym_form": SynonymForm(),
    })


@staff_view(services.can_manage)
@require_POST
def staff_rebuild(request):
    if services.rebuild_enqueue(actor=request.user):
        messages.success(request, _("已安排重建索引，后台完成后即生效；期间检索照常可用。"))
    else:
        messages.info(request, _("已有一次重建在排队，无需重复提交。"))
    return redirect("staff:search_index")


@staff_view(services.can_manage)
@require_POST
def staff_word_add(request):
    form = WordForm(request.POST)
    if form.is_valid():
        services.vocabulary_add(actor=request.user, word=form.cleaned_data["word"],
                                note=form.cleaned_data["note"])
        messages.success(request, _("已加入词库。已有文档按新词切分需重建索引。"))
    else:
        messages.error(request, _("新词不能为空，且不超过40个字。"))
    return redirect("staff:search_index")


@staff_view(services.can_manage)
@require_POST
def staff_word_remove(request, pk: int):
    services.vocabulary_remove(actor=request.user, item=get_object_or_404(Vocabulary, pk=pk))
    messages.success(request, _("已从词库删除。"))
    return redirect("staff:search_index")


@staff_view(services.can_manage)
@require_POST
def staff_synonym_add(request):
    form = SynonymForm(request.POST)
    if form.is_valid():
        services.synonym_add(actor=request.user, terms=form.cleaned_data["terms"])
        messages.success(request, _("已添加同义词组，立即用于扩展检索。"))
    else:
        messages.error(request, "；".join(str(e) for e in form.errors.get("terms", [])))
    return redirect("staff:search_index")


@staff_view(services.can_manage)
@require_POST
def staff_synonym_remove(request, pk: int):
    services.synonym_remove(actor=request.user, item=get_object_or_404(Synonym, pk=pk))
    messages.success(request, _("已删除同义词组。"))
    return redirect("staff:search_index")
