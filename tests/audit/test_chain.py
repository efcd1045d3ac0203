"""The audit trail is append-only and any alteration or removal is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gongkai.audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from gongkai.audit.selectors import audit_chain_verify
from gongkai.audit.services import audit_record


def _write(n, actor=None, agency=None):
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=actor, verb="test.write", agency=agency,
                         details={"i": i, "text": "中文详情", "nested": {"b": 1, "a": [1, 2]}})


def _drop_triggers():
    """What someone with direct database access would do before tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


@pytest.mark.django_db
def test_events_chain_and_verify(editor, agency):
    _write(5, actor=editor, agency=agency)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert events[0].actor_label == "editor1" and events[0].agency_id == agency.pk
    result = audit_chain_verify()
    assert result.ok and result.checked == 5


@pytest.mark.django_db
def test_empty_chain_verifies():
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_record_outside_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, verb="x")


@pytest.mark.django_db
def test_model_and_queryset_refuse_changes():
    _write(1)
    event = AuditEvent.objects.get()
    event.verb = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_database_triggers_refuse_raw_update_and_delete():
    from gongkai.audit.migrations import _triggers

    _triggers.install(connection)
    _write(1)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET verb = 'x'")


@pytest.mark.django_db
def test_altered_row_is_detected_at_that_row():
    _write(6)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE seq = 4")
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_seq == 4
    assert result.checked == 3
    assert "altered" in result.problem


@pytest.mark.django_db
def test_altered_details_are_detected():
    _write(3)
    _drop_triggers()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("""UPDATE audit_auditevent SET details = '{"i": 99}'::jsonb WHERE seq = 2""")
        else:
            cursor.execute("""UPDATE audit_auditevent SET details = '{"i": 99}' WHERE seq = 2""")
    assert audit_chain_verify().broken_seq == 2


@pytest.mark.django_db
def test_removed_row_is_detected():
    _write(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")
    result = audit_chain_verify()
    assert not result.ok and result.broken_seq == 3 and "missing" in result.problem


@pytest.mark.django_db
def test_removed_newest_rows_are_detected():
    _write(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")
    result = audit_chain_verify()
    assert not result.ok and result.broken_seq == 4 and "removed" in result.problem


@pytest.mark.django_db
def test_events_appended_during_the_walk_are_not_taken_for_removed_ones(monkeypatch):
    """The nightly job runs beside live traffic: an append that commits while the chain is
    walked moved the head past the events read, and the job failed with "the newest events
    were removed" (seen in the crash-durability run). The walk covers what the head covered
    when it began."""
    from gongkai.audit import selectors

    _write(3)
    real_hash = selectors.event_hash
    appended = []

    def hash_and_append(**fields):
        if not appended:
            appended.append(True)
            _write(1)
        return real_hash(**fields)

    monkeypatch.setattr(selectors, "event_hash", hash_and_append)
    result = audit_chain_verify()
    assert appended and result.ok and result.checked == 3
    monkeypatch.setattr(selectors, "event_hash", real_hash)
    assert audit_chain_verify().checked == 4


@pytest.mark.django_db
def test_event_beyond_the_head_is_detected():
    """A row added behind the service's back (the head not moved) is still found."""
    _write(3)
    last = AuditEvent.objects.order_by("-seq").first()
    _drop_triggers()
    AuditEvent.objects.bulk_create([AuditEvent(
        seq=4, created_at=last.created_at, actor_label="x", verb="forged", object_type="",
        object_id="", object_repr="", details={}, prev_hash=last.hash, hash="f" * 64)])
    result = audit_chain_verify()
    assert not result.ok and "beyond the chain head" in result.problem


@pytest.mark.django_db
def test_rewritten_chain_without_head_is_detected():
    """Recomputing hashes after an edit still leaves the head pointing at the old chain."""
    _write(3)
    head = AuditChainHead.objects.get()
    AuditChainHead.objects.filter(pk=head.pk).update(hash="f" * 64)
    assert audit_chain_verify().ok is False


@pytest.mark.django_db
def test_verify_command_exit_status(capsys):
    _write(2)
    call_command("audit", "verify")
    assert "2 events verified" in capsys.readouterr().out
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET verb = 'forged' WHERE seq = 1")
    with pytest.raises(CommandError, match="#1"):
        call_command("audit", "verify")
