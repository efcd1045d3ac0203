"""Public pages of the transparency log: the current signed tree head and recent entries."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.transparency import selectors


@public_view
@require_safe
def index(request):
    head = selectors.head_latest()
    page = None
    if head is not None:
        page = Paginator(selectors.entries_newest_first(), 50).get_page(request.GET.get("page"))
    return render(request, "transparency/index.html", {
        "head": head, "page": page, "public_key": selectors.public_key_hex() if head else "",
    })


@public_view
@require_safe
def entry(request, index: int):
    found = selectors.entries_range(index, index + 1).select_related("agency").first()
    if found is None:
        raise Http404("no such entry")
    return render(request, "transparency/entry.html", {
        "entry": found, "leaf": json.loads(found.leaf), "head": selectors.head_latest(),
    })
