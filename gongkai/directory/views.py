"""Public pages of the legal-services directory, per agency under /<agency>/directory/:
the searchable list (a plain list that works on phones, no map), an entry's page, and the
status look-up through the connectors (nothing of the person is stored)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.access import public_view
from gongkai.core.intake import rate_limit
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.directory import connectors, selectors
from gongkai.directory.forms import DirectoryFilterForm, LookupForm
from gongkai.directory.models import EntityKind

PAGE_SIZE = 20


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


@public_view
@require_safe
def index(request, agency: str):
    found = _agency_or_404(request, agency)
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    entities = selectors.public_entity_list(agency_id=found.pk, **filters)
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/public/index.html", {
        "agency": found, "form": form, "filters": filters, "page_obj": page,
        "kinds": EntityKind.choices, "districts": selectors.public_districts(agency_id=found.pk),
        "filtered": bool(filters), "query": query.urlencode(), "nav_current": "directory",
    })


@public_view
@require_safe
def entity(request, agency: str, pk: int):
    found = _agency_or_404(request, agency)
    item = selectors.public_entity_get(pk=pk, agency_id=found.pk)
    if item is None:
        raise Http404("no such entry")
    return render(request, "directory/public/entity.html", {
        "agency": found, "entity": item, "members": selectors.public_members(item)[:200],
        "nav_current": "directory",
    })


@public_view
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("directory.lookup")
def lookup(request, agency: str):
    """The number is sent on to the other system and shown back once; never stored."""
    found = _agency_or_404(request, agency)
    result = None
    form = LookupForm(request.POST or None, initial={"system": request.GET.get("system")})
    if request.method == "POST" and form.is_valid():
        config = selectors.connector_get(agency_id=found.pk, system=form.cleaned_data["system"])
        result = connectors.status_lookup(config=config, number=form.cleaned_data["number"])
    return render(request, "directory/public/lookup.html", {
        "agency": found, "form": form, "result": result, "nav_current": "directory",
    })
