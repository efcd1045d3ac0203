"""Drafting, review, publication, correction, withdrawal — and the index number."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import (
    DisclosureAttribute,
    IndexCounter,
    Record,
    RecordStatus,
    Validity,
)
from gongkai.catalogue.services import (
    record_approve,
    record_create,
    record_publish_due,
    record_redact,
    record_return,
    record_submit,
    record_update,
    record_withdraw,
)
from gongkai.catalogue.workflow import TRANSITIONS, InvalidTransition
from gongkai.core.policies import PermissionDeniedError
from tests.factories import record_fields


@pytest.fixture
def draft(editor, agency):
    return record_create(actor=editor, agency=agency, **record_fields())


@pytest.mark.django_db
def test_draft_submit_approve_publishes_with_index_number(editor, reviewer, draft):
    assert draft.status == RecordStatus.DRAFT and not draft.is_public
    record_submit(actor=editor, record=draft)
    record = record_approve(actor=reviewer, record=draft)
    assert record.status == RecordStatus.PUBLISHED and record.is_public
    assert record.index_number == "002420455M/2020-00001"
    assert record.published_on is not None
    assert record.current_version.number == 1
    verbs = list(AuditEvent.objects.filter(object_id=str(record.pk)).values_list("verb",
                                                                               flat=True))
    assert {"record.create", "record.submit", "record.publish"} <= set(verbs)
    assert list(record.events.values_list("verb", flat=True)) == ["create", "submit", "publish"]


@pytest.mark.django_db
def test_serials_are_consecutive_per_agency_and_year(editor, reviewer, agency):
    numbers = []
    for year in (2020, 2020, 2021, 2020):
        r = record_create(actor=editor, agency=agency,
                          **record_fields(formed_on=dt.date(year, 3, 2), document_number=""))
        record_submit(actor=editor, record=r)
        numbers.append(record_approve(actor=reviewer, record=r).index_number)
    assert numbers == ["002420455M/2020-00001", "002420455M/2020-00002",
                       "002420455M/2021-00001", "002420455M/2020-00003"]


@pytest.mark.django_db
def test_return_with_comment_then_resubmit(editor, reviewer, draft):
    record_submit(actor=editor, record=draft)
    with pytest.raises(ValidationError):
        record_return(actor=reviewer, record=draft, comment=" ")
    record = record_return(actor=reviewer, record=draft, comment="请删除个人手机号")
    assert record.status == RecordStatus.RETURNED
    record_update(actor=editor, record=record, body="已修改的正文。")
    assert record_submit(actor=editor, record=record).status == RecordStatus.IN_REVIEW


@pytest.mark.django_db
def test_invalid_transitions_raise_dedicated_error(editor, reviewer, draft):
    with pytest.raises(InvalidTransition):
        record_approve(actor=reviewer, record=draft)
    with pytest.raises(InvalidTransition):
        record_withdraw(actor=reviewer, record=draft, reason="x")
    with pytest.raises(InvalidTransition):
        record_return(actor=reviewer, record=draft, comment="x")


def test_transition_table_is_explicit_and_complete():
    assert set(TRANSITIONS) == set(RecordStatus.values)
    assert TRANSITIONS[RecordStatus.WITHDRAWN] == frozenset()


@pytest.mark.django_db
def test_correction_adds_a_version_and_keeps_the_old(editor, reviewer, draft):
    record_submit(actor=editor, record=draft)
    record_approve(actor=reviewer, record=draft)
    record_update(actor=editor, record=draft, title="关于印发工作要点的通知(更正)")
    record = Record.objects.get(pk=draft.pk)
    assert record.current_version.title != record.title  # public still sees v1
    assert record.is_public
    record_submit(actor=editor, record=record)
    record = record_approve(actor=reviewer, record=record, comment="更正标题")
    assert record.current_version.number == 2
    assert record.current_version.change_note == "更正标题"
    assert record.index_number == "002420455M/2020-00001"  # never changes
    assert [v.title for v in record.versions.order_by("number")] == [
        "关于印发《上海市司法局2020年政务公开工作要点》的通知", "关于印发工作要点的通知(更正)"]


@pytest.mark.django_db
def test_withdraw_needs_reason_and_hides_record(editor, reviewer, draft):
    record_submit(actor=editor, record=draft)
    record_approve(actor=reviewer, record=draft)
    with pytest.raises(ValidationError):
        record_withdraw(actor=reviewer, record=draft, reason="")
    record = record_withdraw(actor=reviewer, record=draft, reason="内容有误,已另行发布")
    assert record.status == RecordStatus.WITHDRAWN and not record.is_public
    assert Record.objects.filter(pk=record.pk).exists()  # never deleted


@pytest.mark.django_db
def test_scheduled_publication(editor, reviewer, draft):
    record_submit(actor=editor, record=draft)
    later = dt.datetime(2030, 1, 2, 9, 0, tzinfo=dt.UTC)
    record = record_approve(actor=reviewer, record=draft, publish_at=later)
    assert record.status == RecordStatus.SCHEDULED and not record.is_public
    assert not record.index_number
    assert record_publish_due() == 0
    with time_machine.travel(later + dt.timedelta(minutes=1)):
        assert record_publish_due() == 1
    record.refresh_from_db()
    assert record.is_public and record.index_number


@pytest.mark.django_db
def test_non_proactive_record_gets_index_but_stays_private(editor, reviewer, agency):
    r = record_create(actor=editor, agency=agency, **record_fields(
        disclosure_attribute=DisclosureAttribute.ON_REQUEST,
        withholding_reason="涉及第三方合法权益(条例第十五条)"))
    record_submit(actor=editor, record=r)
    r = record_approve(actor=reviewer, record=r)
    assert r.index_number and r.status == RecordStatus.PUBLISHED and not r.is_public
    assert r.next_attribute_review_on is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"document_number": "沪司办2020年6号"}, "document_number"),
        ({"formed_on": dt.date(2099, 1, 1)}, "formed_on"),
        ({"disclosure_attribute": DisclosureAttribute.WITHHELD}, "withholding_reason"),
        ({"is_classified": True}, "disclosure_attribute"),
        ({"validity": Validity.REPEALED}, "validity_changed_on"),
        ({"title": ""}, "title"),
        ({"summary": "长" * 101}, "summary"),
    ],
)
def test_bad_fields_are_refused_with_field_messages(editor, agency, overrides, field):
    with pytest.raises(ValidationError) as info:
        record_create(actor=editor, agency=agency, **record_fields(**overrides))
    assert field in info.value.message_dict
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_document_number_is_stored_canonical(editor, agency):
    r = record_create(actor=editor, agency=agency,
                      **record_fields(document_number="沪司办[2020]6号"))
    assert r.document_number == "沪司办〔2020〕6号"


@pytest.mark.django_db
def test_permissions(editor, reviewer, other_editor, other_agency, agency, draft):
    with pytest.raises(PermissionDeniedError):
        record_create(actor=other_editor, agency=agency, **record_fields())
    with pytest.raises(PermissionDeniedError):
        record_update(actor=other_editor, record=draft, title="x")
    record_submit(actor=editor, record=draft)
    with pytest.raises(PermissionDeniedError):
        record_approve(actor=editor, record=draft)  # editors do not review their own


@pytest.mark.django_db
def test_department_editor_only_edits_own_department(agency):
    from gongkai.core.models import Membership, Role
    from tests.factories import DepartmentFactory, UserFactory

    office, other = DepartmentFactory(agency=agency), DepartmentFactory(agency=agency)
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.EDITOR, agency=agency, department=office)
    record_create(actor=user, agency=agency, **record_fields(department=office))
    with pytest.raises(PermissionDeniedError):
        record_create(actor=user, agency=agency, **record_fields(department=other))


@pytest.mark.django_db
def test_redaction_blanks_text_and_rescans(editor, reviewer, agency):
    r = record_create(actor=editor, agency=agency,
                      **record_fields(body="联系人张三,手机13812345678。"))
    record_submit(actor=editor, record=r)
    assert r.findings.filter(kind="mobile").exists()
    assert record_redact(actor=reviewer, record=r, text="13812345678", reason="个人信息") == 1
    r.refresh_from_db()
    assert "13812345678" not in r.body and "■■■■■■■■■■■" in r.body
    assert not r.findings.filter(kind="mobile").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_gets_gap_free_serials(agency, editor, reviewer):
    """Several threads publish at once; serials are 1..n with no gap and no repeat."""
    if connection.vendor == "sqlite":
        # SQLite in-memory test databases are per-connection; exercise sequential
        # publication through separate transactions instead.
        threads_n = 1
    else:
        threads_n = 6
    records = []
    for _ in range(6):
        r = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
        record_submit(actor=editor, record=r)
        records.append(r)
    errors = []

    def publish(chunk):
        try:
            for r in chunk:
                with transaction.atomic():
                    record_approve(actor=reviewer, record=r)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    chunks = [records[i::threads_n] for i in range(threads_n)]
    threads = [threading.Thread(target=publish, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(int(r.index_number[-5:]) for r in Record.objects.all())
    assert serials == [1, 2, 3, 4, 5, 6]
    assert IndexCounter.objects.get().last_serial == 6


@pytest.mark.django_db
def test_every_public_record_has_a_published_version(editor, reviewer, agency, draft):
    """Public reads test only ``is_public``; the services keep it implying a version."""
    record_submit(actor=editor, record=draft)
    record_approve(actor=reviewer, record=draft)
    other = record_create(actor=editor, agency=agency, **record_fields(document_number=""))
    assert not Record.objects.filter(is_public=True, current_version__isnull=True).exists()
    assert Record.objects.filter(is_public=True).count() == 1
    assert not other.is_public
