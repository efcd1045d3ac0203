"""API: the interpretations of a public record (a policy's, or the one an interpretation
is). Interpretation records carry ``interprets`` (the policy's record id) and ``form``."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema

from gongkai.catalogue import selectors as catalogue_selectors
from gongkai.core.access import public_view
from gongkai.interpretations import selectors
from gongkai.interpretations.models import Interpretation

router = Router(tags=["interpretations"])


class InterpretationOut(Schema):
    id: int  # the interpretation's own catalogue record
    index_number: str
    title: str
    interprets: int
    form: str
    form_label: str
    department: str | None
    published_at: dt.datetime
    url: str


def _out(item: Interpretation, agency_slug: str) -> dict:
    assert item.record is not None and item.published_at is not None
    return {"id": item.record_id, "index_number": item.record.index_number or "",
            "title": item.title, "interprets": item.policy_id, "form": item.form,
            "form_label": item.get_form_display(),
            "department": item.department.name if item.department else None,
            "published_at": item.published_at,
            "url": reverse("catalogue:record", kwargs={"agency": agency_slug,
                                                       "pk": item.record_id})}


@router.get("/records/{int:record_id}/interpretations", response=list[InterpretationOut],
            auth=None, summary="政府信息的政策解读（三同步）")
@public_view
def record_interpretations(request, record_id: int):
    """A policy's published interpretations; for an interpretation record, itself."""
    record = catalogue_selectors.public_record_get(pk=record_id)
    if record is None:
        raise Http404
    slug = record.agency.slug
    own = selectors.public_for_record(record)
    if own is not None:
        return [_out(own, slug)]
    return [_out(item, slug) for item in selectors.public_for_policy(record)]
