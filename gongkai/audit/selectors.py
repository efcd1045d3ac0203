"""Reading the audit trail: filtered listing for staff, and verification of the chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.audit.hashing import GENESIS_HASH, event_hash
from gongkai.audit.models import AuditChainHead, AuditEvent


def audit_event_list(
    *,
    agency_ids: list[int] | None,
    verb: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events visible to a viewer; ``agency_ids=None`` means every agency (platform admin)."""
    qs = AuditEvent.objects.all()
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-seq")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_chain_verify() -> VerifyResult:
    """Walk the chain in order and report the first link that does not hold.

    The head is read first and only the events it covers are walked: an append commits its
    event and the head together, so every event up to the head's ``seq`` is there, and
    events appended while the walk runs (the nightly job runs beside live traffic) are left
    for the next check instead of looking like removed ones."""
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    rows = AuditEvent.objects.filter(seq__lte=head_seq).order_by("seq").values_list(
        "seq", "created_at", "actor_id", "actor_label", "agency_id", "verb", "object_type",
        "object_id", "object_repr", "details", "ip_address", "prev_hash", "hash",
    )
    for row in rows.iterator(chunk_size=2000):
        (seq, created_at, actor_id, actor_label, agency_id, verb, object_type, object_id,
         object_repr, details, ip_address, prev_hash, digest) = row
        if seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq,
                f"event #{expected_seq} is missing (next stored event is #{seq})",
            )
        if prev_hash != expected_prev:
            return VerifyResult(
                False, checked, seq, f"event #{seq} does not link to the event before it"
            )
        recomputed = event_hash(
            seq=seq, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
            agency_id=agency_id, verb=verb, object_type=object_type, object_id=object_id,
            object_repr=object_repr, details=details, ip_address=ip_address,
            prev_hash=prev_hash,
        )
        if recomputed != digest:
            return VerifyResult(False, checked, seq, f"event #{seq} was altered after it was written")
        checked += 1
        expected_prev = digest
        expected_seq += 1
    # An event beyond the head that no append accounts for (the head is read again after
    # the newest event, so a legitimate append is always covered) was forged.
    newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if newest > head_seq:
        again = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
        if newest > again:
            return VerifyResult(
                False, checked, again + 1,
                f"event #{newest} lies beyond the chain head (#{again}): it was not appended "
                "through the audit service",
            )
    if head_seq != checked or head_hash != expected_prev:
        return VerifyResult(
            False, checked, checked + 1,
            f"the chain ends at #{checked} but {head_seq} events were written: "
            "the newest events were removed",
        )
    return VerifyResult(True, checked)
