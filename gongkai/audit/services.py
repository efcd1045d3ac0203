"""Writing audit events. Every service that changes data calls ``audit_record``."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from gongkai.audit.context import current_context
from gongkai.audit.hashing import event_hash, normalise_details
from gongkai.audit.models import AuditChainHead, AuditEvent


def _object_fields(obj: Any) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:300]
    return type(obj).__name__.lower(), "", str(obj)[:300]


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: Any = None,
    agency: Any = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Must run inside ``transaction.atomic`` so that the event and the change it records
    commit or roll back together; the chain head row is locked to keep ``seq`` gap-free.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic()")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = "" if actor is None else (getattr(actor, "username", "") or str(actor))
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor_id, actor_label = None, ""
    agency_id = getattr(agency, "pk", agency)
    object_type, object_id, object_repr = _object_fields(obj)
    clean_details = normalise_details(details)
    ip = ip_address if ip_address is not None else current_context().ip_address
    created_at = timezone.now()
    seq = head.seq + 1
    digest = event_hash(
        seq=seq,
        created_at=created_at,
        actor_id=actor_id,
        actor_label=actor_label,
        agency_id=agency_id,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        details=clean_details,
        ip_address=ip,
        prev_hash=head.hash,
    )
    event = AuditEvent(
        seq=seq,
        created_at=created_at,
        actor_id=actor_id,
        actor_label=actor_label,
        agency_id=agency_id,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        details=clean_details,
        ip_address=ip,
        prev_hash=head.hash,
        hash=digest,
    )
    event.save()
    head.seq = seq
    head.hash = digest
    head.save(update_fields=["seq", "hash", "updated_at"])
    return event
