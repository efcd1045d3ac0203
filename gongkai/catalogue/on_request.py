"""The catalogue of information disclosed on request (依申请公开信息目录): reads only.

Shanghai's disclosure catalogues list the entries whose 公开属性 is 依申请公开 with their
metadata (title, 索取号, document number, department, dates) but never their content, so
that people know what exists and what to ask for (Regulations Art. 27: anyone may apply
for government information). An agency opts in (``Agency.lists_on_request_entries``).

Only what passed the confidentiality review is listed: the record's published version
(submitted, scanned and approved like any publication; not withdrawn) whose 公开属性 is 依申请
公开 — the working copy of a record being corrected is never read. The metadata shown is
scanned again here with the catalogue's own scanner, and an entry with a finding in it (an
ID number in a title) is left out rather than shown: the listing makes public what was
reviewed for the catalogue's staff side only before this page existed. Bodies, summaries
and attachments are never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.catalogue.models import DisclosureAttribute, Record, RecordStatus
from gongkai.catalogue.scan import scan_text
from gongkai.core.models import Agency


@dataclass(frozen=True)
class OnRequestEntry:
    index_number: str
    title: str
    document_number: str
    department: str
    formed_on: dt.date
    catalogued_on: dt.date | None  # when the entry entered the catalogue (its 发布日期)


def _entries(agency: Agency, *, index_number: str | None = None) -> list[OnRequestEntry]:
    rows = (Record.objects.filter(
        agency=agency, status=RecordStatus.PUBLISHED, is_public=False, is_classified=False,
        current_version__disclosure_attribute=DisclosureAttribute.ON_REQUEST)
        .exclude(index_number__isnull=True))
    if index_number is not None:
        rows = rows.filter(index_number=index_number)
    values = rows.order_by("-published_on", "-pk").values_list(
        "index_number", "current_version__title", "current_version__document_number",
        "department__name", "current_version__formed_on", "published_on")
    entries = []
    for number, title, document_number, department, formed_on, published_on in values:
        metadata = f"{title}\n{document_number or ''}"
        if scan_text(metadata, source="title"):
            continue
        entries.append(OnRequestEntry(
            index_number=number or "", title=title, document_number=document_number or "",
            department=department or "", formed_on=formed_on, catalogued_on=published_on))
    return entries


def on_request_entries(agency: Agency) -> list[OnRequestEntry]:
    """The agency's listable entries, newest first; empty when the agency does not list
    them."""
    if not agency.lists_on_request_entries:
        return []
    return _entries(agency)


def on_request_entry(agency: Agency, index_number: str) -> OnRequestEntry | None:
    """One listable entry by its 索取号 (the application form's pre-fill), else None."""
    if not agency.lists_on_request_entries or not index_number or len(index_number) > 40:
        return None
    found = _entries(agency, index_number=index_number)
    return found[0] if found else None


def application_prefill(agency: Agency, index_number: str) -> dict[str, str]:
    """The application form's initial values for an entry of the listing: what to ask
    for, named so the office finds it at once. Empty for anything not listed."""
    entry = on_request_entry(agency, index_number)
    if entry is None:
        return {}
    reference = f"索取号：{entry.index_number}"
    if entry.document_number:
        reference += f"，文件编号：{entry.document_number}"
    return {"description": f"申请公开“{entry.title}”（{reference}）。",
            "document_number": entry.document_number}
