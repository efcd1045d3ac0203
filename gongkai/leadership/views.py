"""The public page /<agency>/leadership/: the group's current members (names and posts,
public by nature) and the decisions of meetings whose decisions were published. Minutes
and the history of changes stay on the staff pages."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.core.access import public_view
from gongkai.core.selectors import agency_get_public
from gongkai.leadership import selectors


@public_view
@require_safe
def index(request, agency: str):
    found = agency_get_public(agency)
    if found is None:
        raise Http404("no such agency")
    today = timezone.localdate()
    groups = [(g, selectors.members_on(g, today), selectors.published_meetings(g))
              for g in selectors.public_groups(found)]
    return render(request, "leadership/index.html", {"agency": found, "groups": groups})
