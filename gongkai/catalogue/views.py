"""Public catalogue pages (政府信息公开目录), per agency under /<agency>/disclosure/.

What the public sees comes only through the public selectors (``public_records`` and the
functions built on it) and only from each record's published version
(``record.current_version``), never from the working copy staff are editing: a correction
under review stays invisible until it is approved.

Pages: the catalogue with filters and facets, a record, an old version of a record, a
redirect from an index number (索取号), attachment downloads and the open data files
(CSV and JSON, streamed). The feeds are in ``feeds.py``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.catalogue import selectors, visibility
from gongkai.catalogue.models import (
    Attachment,
    DisclosureAttribute,
    Record,
    Validity,
)
from gongkai.catalogue.panels import record_panels
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public, agency_list_public

PAGE_SIZE = 20
# Rows per chunk written to a streamed open data response: big enough that the server
# does not write thousands of tiny chunks, small enough to keep memory flat.
STREAM_BATCH = 500
ITERATOR_CHUNK = 2000
OPEN_DATA_FIELDS = (
    "id", "index_number", "document_number", "title", "agency", "department", "formed_on",
    "published_on", "topic", "genre", "disclosure_attribute", "validity", "url",
)


def _agency_or_404(request, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # the portal's context processor shows this agency's header
    return agency


# Filters ------------------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET filters. Only types are checked here: an unknown topic code
    simply finds nothing. Invalid values are reported and left out of the query."""

    q = forms.CharField(label=_("文件编号、索取号或标题"), required=False, max_length=100)
    topic = forms.SlugField(label=_("主题分类"), required=False, max_length=40)
    genre = forms.SlugField(label=_("体裁分类"), required=False, max_length=40)
    year = forms.IntegerField(
        label=_("发布年份"), required=False, min_value=1949, max_value=2100,
        error_messages={"invalid": _("请填写四位数的年份，例如 2020。"),
                        "min_value": _("年份不能早于1949年。"),
                        "max_value": _("年份不能晚于2100年。")})
    department = forms.IntegerField(
        label=_("处室"), required=False, min_value=1,
        error_messages={"invalid": _("请从列表中选择处室。"),
                        "min_value": _("请从列表中选择处室。")})

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``selectors.public_record_list`` from the valid fields."""
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "topic": data.get("topic") or "",
            "genre": data.get("genre") or "",
            "year": data.get("year"),
            "department_id": data.get("department"),
        }

    def params(self) -> dict[str, Any]:
        """The valid filters that are set, by their GET names."""
        f = self.filters()
        pairs = [("q", f["q"]), ("topic", f["topic"]), ("genre", f["genre"]),
                 ("year", f["year"]), ("department", f["department_id"])]
        return {k: v for k, v in pairs if v}

    def query(self) -> str:
        """The valid filters as a query string (without the page), for feed and data links."""
        return urlencode(self.params())


def _without_texts(records: QuerySet[Record]) -> QuerySet[Record]:
    """Lists never show a record's text: leave the long columns in the database."""
    return records.defer("body", "keywords", "withholding_reason", "withdrawn_reason",
                         "current_version__body", "current_version__keywords")


def _filter_form(request) -> CatalogueFilterForm:
    form = CatalogueFilterForm(request.GET)
    form.is_valid()
    return form


# Pages ------------------------------------------------------------------------------


@public_view
@require_safe
def index(request, agency: str):
    found = _agency_or_404(request, agency)
    form = _filter_form(request)
    filters = form.filters()
    records = _without_texts(selectors.public_record_list(agency_id=found.pk, **filters))
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    facets = selectors.public_facets_cached(agency_id=found.pk)
    return render(request, "catalogue/public/index.html", {
        "agency": found,
        "nav_current": "disclosure",
        "form": form,
        "filters": filters,
        "filtered": any(filters.values()),
        "query": form.query(),
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                           on_ends=1),
        "topics": facets["topics"],
        "genres": facets["genres"],
        "years": facets["years"],
        "departments": facets["departments"],
        "canonical_path": request.path if not request.GET else None,
    })


def _withdrawn_reason(agency: Agency, pk: int) -> str | None:
    """The reason a once-public record of ``agency`` was withdrawn; None for any other
    record. Withdrawal is itself public (the record was on the site); a record that was
    never public stays unknown, so it answers 404 like one that does not exist."""
    return (Record.objects.filter(visibility.withdrawn_public_q(), pk=pk, agency_id=agency.pk)
            .values_list("withdrawn_reason", flat=True).first())


def _public_record_or_gone(request, agency: Agency, pk: int) -> Record | HttpResponse:
    record = selectors.public_record_get(pk=pk, agency_id=agency.pk)
    if record is not None:
        return record
    reason = _withdrawn_reason(agency, pk)
    if reason is None:
        raise Http404("no such public record")
    return render(request, "catalogue/public/withdrawn.html", {
        "agency": agency, "nav_current": "disclosure", "reason": reason,
    }, status=410)


def _published_attachments(record: Record) -> QuerySet[Attachment]:
    """Attachments that went out with the published version. One added since belongs to a
    correction still to be reviewed (Regulations Art. 17) and waits for its approval."""
    assert record.current_version is not None  # public records always have one
    return selectors.public_attachments(record).filter(
        uploaded_at__lte=record.current_version.published_at)


def _links(record: Record) -> list[tuple[str, Record, Agency]]:
    """Linked public records with their agency (one query for all, not one per link);
    a record of an agency that is no longer active is left out."""
    pairs = selectors.public_links(record)
    if not pairs:
        return []
    agencies = {a.pk: a for a in agency_list_public().filter(
        pk__in={linked.agency_id for _, linked in pairs})}
    return [(label, linked, agencies[linked.agency_id]) for label, linked in pairs
            if linked.agency_id in agencies]


@public_view
@require_safe
def record(request, agency: str, pk: int):
    found = _agency_or_404(request, agency)
    got = _public_record_or_gone(request, found, pk)
    if isinstance(got, HttpResponse):
        return got
    version = got.current_version
    assert version is not None
    replaced_by = None
    if got.replaced_by_id and version.validity in (Validity.EXPIRED, Validity.REPEALED):
        replaced_by = selectors.public_record_get(pk=got.replaced_by_id)
    return render(request, "catalogue/public/record.html", {
        "agency": found,
        "nav_current": "disclosure",
        "record": got,
        "version": version,
        "replaced_by": replaced_by,
        "attachments": list(_published_attachments(got)),
        "links": _links(got),
        "panels": record_panels(request, got),
        "versions": list(selectors.public_versions(got)),
        "canonical_path": reverse("catalogue:record", kwargs={"agency": found.slug,
                                                              "pk": got.pk}),
    })


@public_view
@require_safe
def version(request, agency: str, pk: int, number: int):
    found = _agency_or_404(request, agency)
    got = _public_record_or_gone(request, found, pk)
    if isinstance(got, HttpResponse):
        return got
    assert got.current_version is not None
    if number == got.current_version.number:
        return redirect("catalogue:record", agency=found.slug, pk=got.pk)
    snapshot = (selectors.public_versions(got).select_related("topic", "genre")
                .filter(number=number).first())
    if snapshot is None:
        raise Http404("no such version")
    return render(request, "catalogue/public/version.html", {
        "agency": found,
        "nav_current": "disclosure",
        "record": got,
        "version": snapshot,
        "current": got.current_version,
    })


@public_view
@require_safe
def by_index(request, agency: str, index_number: str):
    """索取号 → the record page, so an index number printed on paper can be typed in a URL."""
    found = _agency_or_404(request, agency)
    got = selectors.public_record_by_index(index_number.strip())
    if got is None or got.agency_id != found.pk:
        raise Http404("no such public record")
    return redirect("catalogue:record", agency=found.slug, pk=got.pk)


def content_disposition(filename: str, *, fallback: str) -> str:
    """``attachment`` with the name twice: ``filename*`` in UTF-8 (RFC 5987/6266) for the
    Chinese name, and a plain ASCII ``filename`` for clients that do not read the former."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _ascii_fallback(attachment: Attachment) -> str:
    name = attachment.original_name
    if name.isascii() and name.isprintable() and '"' not in name and "\\" not in name:
        return name
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    suffix = f".{extension}" if extension.isascii() and extension.isalnum() else ""
    return f"attachment-{attachment.pk}{suffix}"


@public_view
@require_safe
def attachment(request, agency: str, pk: int, filename: str):
    found = _agency_or_404(request, agency)
    found_attachment = selectors.public_attachment_get(pk=pk)
    if found_attachment is None or found_attachment.record.agency_id != found.pk:
        raise Http404("no such public attachment")
    owner = found_attachment.record
    if (owner.current_version is None
            or found_attachment.uploaded_at > owner.current_version.published_at):
        raise Http404("attachment not published yet")
    if filename != found_attachment.original_name:
        return redirect("catalogue:attachment", agency=found.slug, pk=pk,
                        filename=found_attachment.original_name)
    try:
        handle = found_attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("attachment file missing") from exc
    response = FileResponse(handle, content_type=found_attachment.content_type)
    response["Content-Disposition"] = content_disposition(
        found_attachment.original_name, fallback=_ascii_fallback(found_attachment))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Open data ----------------------------------------------------------------------------


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """Attribute and validity labels in Chinese whatever the visitor's language, so that
    the files mean the same thing to everyone who downloads them."""
    with translation.override("zh-hans"):
        attributes = {value: str(label) for value, label in DisclosureAttribute.choices}
        validities = {value: str(label) for value, label in Validity.choices if value}
    return attributes, validities


def _open_data_rows(request, agency: Agency, records: QuerySet[Record]) -> Iterator[dict]:
    attributes, validities = _labels()
    # One reverse() for the pattern, not one per row: a million rows stay cheap.
    base = request.build_absolute_uri(reverse("catalogue:index", kwargs={"agency": agency.slug}))
    for item in records.iterator(chunk_size=ITERATOR_CHUNK):
        version = item.current_version
        if version is None:  # public_records never yields one without a published version
            continue
        yield {
            "id": item.pk,
            "index_number": item.index_number or "",
            "document_number": version.document_number,
            "title": version.title,
            "agency": agency.name,
            "department": item.department.name if item.department else "",
            "formed_on": version.formed_on.isoformat(),
            "published_on": item.published_on.isoformat() if item.published_on else "",
            "topic": version.topic.name,
            "genre": version.genre.name,
            "disclosure_attribute": attributes.get(version.disclosure_attribute, ""),
            "validity": validities.get(version.validity, ""),
            "url": f"{base}records/{item.pk}/",
        }


def _bad_filters(form: CatalogueFilterForm) -> HttpResponse:
    lines = [f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
             for name, errors in form.errors.items()]
    return HttpResponse("查询条件有误:\n" + "\n".join(lines) + "\n", status=400,
                        content_type="text/plain; charset=utf-8")


class _Echo:
    def write(self, value: str) -> str:
        return value


# A cell Excel would run as a formula (OWASP "CSV injection") gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    yield "\ufeff"  # the BOM that makes Excel read the file as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPEN_DATA_FIELDS)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_cell(row[name]) for name in OPEN_DATA_FIELDS])
        if n % STREAM_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_chunks(head: dict, rows: Iterable[dict]) -> Iterator[str]:
    opening = json.dumps(head, ensure_ascii=False)[:-1]  # the object, still open
    parts = [opening + ', "records": [']
    for n, row in enumerate(rows):
        parts.append(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
        if len(parts) >= STREAM_BATCH:
            yield "".join(parts)
            parts = []
    parts.append("\n]}\n")
    yield "".join(parts)


def _open_data(request, agency: str) -> tuple[Agency, CatalogueFilterForm, QuerySet[Record]]:
    found = _agency_or_404(request, agency)
    form = _filter_form(request)
    records = _without_texts(selectors.public_record_list(agency_id=found.pk, **form.filters()))
    return found, form, records


@public_view
@require_safe
def data_csv(request, agency: str):
    """Metadata of the public records (with the catalogue's filters), streamed."""
    found, form, records = _open_data(request, agency)
    if form.errors:
        return _bad_filters(form)
    response = StreamingHttpResponse(
        _csv_chunks(_open_data_rows(request, found, records)),
        content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-disclosure-{stamp}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
@require_safe
def data_json(request, agency: str):
    found, form, records = _open_data(request, agency)
    if form.errors:
        return _bad_filters(form)
    head = {
        "agency": found.name,
        "agency_slug": found.slug,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "filters": form.params(),
        "fields": list(OPEN_DATA_FIELDS),
    }
    response = StreamingHttpResponse(_json_chunks(head, _open_data_rows(request, found, records)),
                                     content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
@require_safe
def on_request(request, agency: str):
    """依申请公开信息目录: entries disclosed on request, metadata only, each with a link
    that starts an application naming it (``catalogue.on_request``)."""
    from gongkai.catalogue.on_request import on_request_entries

    found = _agency_or_404(request, agency)
    entries = on_request_entries(found)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalogue/public/on_request.html", {
        "agency": found, "nav_current": "disclosure", "offered": found.lists_on_request_entries,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                           on_ends=1),
        "apply_url": reverse("applications:apply", kwargs={"agency": found.slug}),
    })
