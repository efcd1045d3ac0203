"""The complete case file of an application as one ZIP (Regulations Art. 45: registration,
review, handling, reply and archiving, with the whole process recorded).

Contents: ``application.json`` (the application as received, with the applicant's data:
the ZIP is for the agency's own archive), ``notices/`` (every letter as its signed PDF, or
its HTML when the PDF is missing), ``reply.json`` (reply_type, legal basis, withheld parts),
``provided/`` (the files provided and ``records.json`` for linked published records),
``events.json`` and ``events.csv`` (the case history), ``notes.json``, ``reviews.json``
and ``manifest.json`` with the SHA-256 of every other file. Building it is audited.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application, DisclosureItemKind
from gongkai.applications.policies import ApplicationPolicy
from gongkai.audit.services import audit_record
from gongkai.core.policies import PermissionDeniedError

APPLICATION_FIELDS = (
    "case_number", "applicant_type", "organisation_category", "applicant_name", "id_type",
    "id_number", "credit_code", "contact_name", "phone", "email", "address", "postcode",
    "description", "document_number", "purpose", "delivery_form", "receipt_method",
    "fee_waiver_requested", "channel", "submitted_at", "received_on", "clock_start_on",
    "due_on", "due_on_provisional", "clock_steps", "paused_working_days",
    "extension_working_days", "status", "reply_type", "reply_type_reason", "legal_basis",
    "reply_text", "replied_on", "closed_on", "is_repeated", "archived_at", "anonymised_at",
)
EVENT_COLUMNS = ("id", "created_at", "verb", "actor", "from_status", "to_status",
                 "old_due_on", "new_due_on", "comment", "details")


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _safe_name(name: str) -> str:
    """A file name safe inside a ZIP: no directories, no control characters."""
    cleaned = "".join(c for c in name.replace("/", "_").replace("\\", "_") if c.isprintable())
    return cleaned.strip(". ") or "file"


def application_data(application: Application) -> dict[str, Any]:
    data = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    data["agency"] = application.agency.name
    data["department"] = application.department.name if application.department else ""
    data["assignee"] = application.assignee.username if application.assignee else ""
    return data


def _events(application: Application) -> list[dict[str, Any]]:
    return [{"id": e.pk, "created_at": e.created_at.isoformat(), "verb": e.verb,
             "actor": e.actor.username if e.actor else "", "from_status": e.from_status,
             "to_status": e.to_status,
             "old_due_on": e.old_due_on.isoformat() if e.old_due_on else "",
             "new_due_on": e.new_due_on.isoformat() if e.new_due_on else "",
             "comment": e.comment, "details": e.details}
            for e in application.events.select_related("actor").order_by("id")]


def _events_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVENT_COLUMNS)
    for row in rows:
        cells = [json.dumps(row[c], ensure_ascii=False) if c == "details" else row[c]
                 for c in EVENT_COLUMNS]
        # A cell Excel would run as a formula gets a leading apostrophe (CSV injection).
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in cells])
    return ("\ufeff" + buffer.getvalue()).encode()


def _read(field: Any) -> bytes | None:
    try:
        with field.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        return None


def case_files(application: Application) -> dict[str, bytes]:
    """Every file of the ZIP by its path (manifest excluded)."""
    files: dict[str, bytes] = {"application.json": _json(application_data(application))}
    for n, notice in enumerate(application.notices.order_by("created_at", "id"), start=1):
        stem = f"notices/{n:02d}-{notice.kind}"
        data = _read(notice.pdf) if notice.pdf else None
        if data is not None:
            files[f"{stem}.pdf"] = data
        else:
            from gongkai.applications import letters

            html = notice.html or letters.render_notice_html(notice)
            files[f"{stem}.html"] = html.encode()
    items = list(application.disclosure_items.select_related("record"))
    files["reply.json"] = _json({
        "reply_type": application.reply_type, "reply_type_reason": application.reply_type_reason,
        "legal_basis": application.legal_basis, "reply_text": application.reply_text,
        "replied_on": application.replied_on,
        "withheld": [{"description": i.description, "reason": i.withholding_reason,
                      "legal_basis": i.legal_basis}
                     for i in items if i.kind == DisclosureItemKind.WITHHELD],
    })
    records = [{"record": i.record_id, "title": i.description,
                "index_number": i.record.index_number if i.record else ""}
               for i in items if i.kind == DisclosureItemKind.RECORD]
    if records:
        files["provided/records.json"] = _json(records)
    for item in items:
        if item.kind == DisclosureItemKind.FILE and item.file:
            data = _read(item.file)
            if data is not None:
                files[f"provided/{item.pk}-{_safe_name(item.original_name)}"] = data
    events = _events(application)
    files["events.json"] = _json(events)
    files["events.csv"] = _events_csv(events)
    files["notes.json"] = _json([{"created_at": n.created_at.isoformat(),
                                  "author": n.author.username if n.author else "",
                                  "text": n.text}
                                 for n in application.notes.select_related("author")])
    files["reviews.json"] = _json([{"kind": r.kind, "filed_on": r.filed_on, "body": r.body,
                                    "outcome": r.outcome, "decided_on": r.decided_on,
                                    "note": r.note} for r in application.reviews.all()])
    return files


def build_zip(application: Application) -> bytes:
    files = case_files(application)
    manifest = {
        "case_number": application.case_number,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in files.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path_, data in files.items():
            archive.writestr(f"{application.case_number}/{path_}", data)
        archive.writestr(f"{application.case_number}/manifest.json", _json(manifest))
    return buffer.getvalue()


def case_zip(*, actor: Any, application: Application) -> bytes:
    """The ZIP for a person allowed to see the case; the export is audited because the
    file carries the applicant's personal data."""
    if not ApplicationPolicy.can_view(actor, application):
        raise PermissionDeniedError
    data = build_zip(application)
    with transaction.atomic():
        audit_record(actor=actor, verb="application.export_zip", obj=application,
                     agency=application.agency_id,
                     details={"bytes": len(data),
                              "sha256": hashlib.sha256(data).hexdigest()})
    return data
