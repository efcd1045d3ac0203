"""Reading the catalogue. Every public read goes through ``public_records``: the one place
that decides what the public may see (published, proactive, not withdrawn)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.catalogue import document_numbers, visibility
from gongkai.catalogue import timeliness as timeliness_rules
from gongkai.catalogue.models import (
    Attachment,
    AttributeReview,
    Campaign,
    Genre,
    Record,
    RecordStatus,
    RecordVersion,
    ReviewDecision,
    Topic,
)
from gongkai.core.models import Department

PUBLICATION_LIMIT_WORKING_DAYS = timeliness_rules.PUBLICATION_LIMIT_WORKING_DAYS


def public_records(*, agency_id: int | None = None) -> QuerySet[Record]:
    # is_public implies a current version (visibility.compute_public); testing only the
    # flag keeps counts on the (agency, is_public, published_on) index at a million rows.
    qs = Record.objects.filter(visibility.public_q())
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs


def public_record_list(
    *, agency_id: int | None = None, topic: str = "", genre: str = "", year: int | None = None,
    department_id: int | None = None, document_number: str = "", q: str = "",
) -> QuerySet[Record]:
    """Newest first. ``q`` matches a document number typed any common way, else the title."""
    qs = public_records(agency_id=agency_id)
    if topic:
        qs = qs.filter(current_version__topic__code=topic)
    if genre:
        qs = qs.filter(current_version__genre__code=genre)
    if year:
        qs = qs.filter(published_on__year=year)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if document_number:
        qs = qs.filter(document_number_key=document_numbers.lookup_key(document_number))
    if q:
        if document_numbers.looks_like_document_number(q):
            qs = qs.filter(document_number_key=document_numbers.lookup_key(q))
        else:
            qs = qs.filter(Q(current_version__title__icontains=q) | Q(index_number=q))
    return qs.select_related(
        "agency", "department", "current_version", "current_version__topic",
        "current_version__genre",
    ).order_by("-published_on", "-id")


def public_record_get(*, pk: int, agency_id: int | None = None) -> Record | None:
    return (public_records(agency_id=agency_id)
            .select_related("agency", "department", "current_version",
                            "current_version__topic", "current_version__genre", "replaced_by")
            .filter(pk=pk).first())


def public_record_by_index(index_number: str) -> Record | None:
    return public_records().select_related("agency").filter(index_number=index_number).first()


def public_attachments(record: Record) -> QuerySet[Attachment]:
    return record.attachments.all() if visibility.is_public(record) else Attachment.objects.none()


def public_attachment_get(*, pk: int) -> Attachment | None:
    return Attachment.objects.select_related("record").filter(
        visibility.public_q("record__"), pk=pk).first()


def public_versions(record: Record) -> QuerySet[RecordVersion]:
    if not visibility.is_public(record):
        return RecordVersion.objects.none()
    return record.versions.order_by("-number")


def public_links(record: Record) -> list[tuple[str, Record]]:
    """Linked records the public may see, in both directions, with the link's label."""
    out: list[tuple[str, Record]] = []
    for link in record.links_out.select_related("target__current_version").filter(
            visibility.public_q("target__")):
        out.append((link.get_kind_display(), link.target))
    for link in record.links_in.select_related("source__current_version").filter(
            visibility.public_q("source__")):
        out.append((link.get_kind_display(), link.source))
    return out


FACETS_TTL_SECONDS = 300


def facets_version_key(agency_id: int) -> str:
    return f"catalogue:facets-version:{agency_id}"


def public_facets_cached(*, agency_id: int) -> dict[str, Any]:
    """Facet counts cost a scan of the agency's public records; with a million records that
    is too slow per request. They are cached for five minutes and dropped at once when a record
    is published or withdrawn (services bump the version after commit; with a per-process
    cache other processes catch up within five minutes unless the cache is shared, e.g. Redis)."""
    from django.core.cache import cache

    version = cache.get(facets_version_key(agency_id), 0)
    key = f"catalogue:facets:{agency_id}:{version}"
    facets = cache.get(key)
    if facets is None:
        facets = public_facets(agency_id=agency_id)
        cache.set(key, facets, FACETS_TTL_SECONDS)
    return facets


def public_facets(*, agency_id: int) -> dict[str, Any]:
    base = public_records(agency_id=agency_id)
    topics = dict(base.values_list("current_version__topic_id").annotate(n=Count("id"))
                  .order_by())
    genres = dict(base.values_list("current_version__genre_id").annotate(n=Count("id"))
                  .order_by())
    years = (base.annotate(year=ExtractYear("published_on")).values("year")
             .annotate(n=Count("id")).order_by("-year"))
    departments = dict(base.filter(department__isnull=False).values_list("department_id")
                       .annotate(n=Count("id")).order_by())
    return {
        "topics": [(t, topics[t.pk]) for t in Topic.objects.all() if t.pk in topics],
        "genres": [(g, genres[g.pk]) for g in Genre.objects.all() if g.pk in genres],
        "years": [(row["year"], row["n"]) for row in years if row["year"]],
        "departments": [(d, departments[d.pk]) for d in
                        Department.objects.filter(agency_id=agency_id, is_active=True)
                        .order_by("sort_order", "id") if d.pk in departments],
    }


# Staff ------------------------------------------------------------------------------


def staff_record_list(*, agency_ids: list[int] | None, status: str = "",
                      q: str = "") -> QuerySet[Record]:
    qs = Record.objects.select_related("agency", "department", "topic", "genre")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number=q)
                       | Q(document_number_key=document_numbers.lookup_key(q)))
    return qs.order_by("-updated_at", "-id")


def review_queue(*, agency_ids: list[int] | None) -> QuerySet[Record]:
    qs = Record.objects.filter(status=RecordStatus.IN_REVIEW).select_related(
        "agency", "department").annotate(findings_count=Count("findings"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("updated_at", "id")


def publishing_schedule(*, agency_ids: list[int] | None) -> QuerySet[Record]:
    qs = Record.objects.filter(status=RecordStatus.SCHEDULED).select_related("agency")
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs.order_by("publish_at")


Timeliness = timeliness_rules.Row


def timeliness(*, agency_ids: list[int] | None, year: int,
               department_id: int | None = None) -> list[Timeliness]:
    """The Art. 26 measure for one year (``timeliness.measure``, the dashboard's too)."""
    start, end = timeliness_rules.year_bounds(year)
    return timeliness_rules.measure(agency_ids=agency_ids, start=start, end=end,
                                    department_id=department_id)


def attribute_review_queue(*, agency_ids: list[int] | None,
                           campaign_id: int | None = None) -> QuerySet[AttributeReview]:
    qs = AttributeReview.objects.filter(decision=ReviewDecision.PENDING).select_related(
        "record", "record__agency", "record__department", "campaign")
    if agency_ids is not None:
        qs = qs.filter(record__agency_id__in=agency_ids)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return qs.order_by("record__formed_on", "id")


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    reviews = campaign.reviews.all()
    totals = reviews.aggregate(
        total=Count("id"),
        reviewed=Count("id", filter=~Q(decision="")),
        converted=Count("id", filter=Q(decision=ReviewDecision.CONVERT)),
        kept=Count("id", filter=Q(decision=ReviewDecision.KEEP)),
    )
    by_department = (
        reviews.values("record__department__name")
        .annotate(total=Count("id"), reviewed=Count("id", filter=~Q(decision="")),
                  converted=Count("id", filter=Q(decision=ReviewDecision.CONVERT)),
                  kept=Count("id", filter=Q(decision=ReviewDecision.KEEP)))
        .order_by("record__department__name")
    )
    return {**totals, "pending": totals["total"] - totals["reviewed"],
            "by_department": list(by_department)}
