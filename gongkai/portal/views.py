"""Public portal pages: agency home, profile, platform list, preferences, robots."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.access import public_view
from gongkai.core.selectors import (
    agency_default,
    agency_get_public,
    agency_list_public,
    department_list,
)
from gongkai.portal.middleware import ELDER_COOKIE


def _agency_or_404(request, slug: str):
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency
    return agency


@public_view
@require_GET
def home(request):
    agency = agency_default()
    if agency is None:
        return render(request, "portal/empty.html", status=200)
    request.agency = agency
    return _render_home(request, agency, canonical=reverse("portal:agency_home",
                                                             kwargs={"agency": agency.slug}))


@public_view
@require_GET
def agency_home(request, agency: str):
    found = _agency_or_404(request, agency)
    return _render_home(request, found, canonical=request.path)


def _render_home(request, agency, *, canonical: str):
    others = [a for a in agency_list_public() if a.pk != agency.pk]
    from gongkai.portal.home import home_blocks, with_sections
    from gongkai.portal.sections import sections

    return render(request, "portal/home.html", {
        "agency": agency,
        "blocks": with_sections(home_blocks(agency), sections(), agency.slug),
        "other_agencies": others,
        "departments": department_list(agency=agency)[:12],
        "canonical_path": canonical,
    })


@public_view
@require_GET
def agency_profile(request, agency: str):
    found = _agency_or_404(request, agency)
    return render(request, "portal/profile.html", {
        "agency": found,
        "departments": department_list(agency=found),
    })


@public_view
@require_GET
def agency_list(request):
    return render(request, "portal/agencies.html", {"agencies": agency_list_public()})


@public_view
@require_GET
def accessibility(request):
    return render(request, "portal/accessibility.html")


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return default
    return target


@public_view
@require_POST
def elder_mode(request):
    """Switch elder mode on or off with a plain form: works without JavaScript."""
    turn_on = request.POST.get("on") == "1"
    response = HttpResponseRedirect(_safe_next(request))
    if turn_on:
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


@public_view
@require_GET
def favicon(request):
    """Browsers and old PCs ask for /favicon.ico whatever the page links to; answering it
    (rather than a 404 on every first visit) also keeps the error log meaningful."""
    from django.contrib.staticfiles import finders

    path = finders.find("portal/favicon.ico")
    with open(path, "rb") as f:  # type: ignore[arg-type]
        data = f.read()
    response = HttpResponse(data, content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@public_view
@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /api/",
        "Disallow: /preferences/",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public_view
def bench_trivial(request):
    """The cheapest Django response, for bench/: only mounted with GONGKAI_BENCH_VIEWS=1."""
    return HttpResponse("ok", content_type="text/plain")
