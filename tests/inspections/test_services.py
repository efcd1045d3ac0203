"""Pools with history, the plan's state machine, the commitment before the draw, results
within 20 working days."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import Record
from gongkai.core.workflow import InvalidTransition
from gongkai.inspections import credit_codes, services, verifier
from gongkai.inspections.models import PlanStatus, PlanTransitionError, PoolImport
from tests.inspections.helpers import D, code, drawn, entities_csv, inspectors_csv, plan

pytestmark = pytest.mark.django_db


def test_credit_code_check_character():
    assert credit_codes.is_valid("91310000132149237G")  # a published real-world code
    assert not credit_codes.is_valid("91310000132149237H")
    assert credit_codes.is_valid(code(7))


def test_pool_imports_keep_history_and_refuse_duplicates(agency):
    first = services.pool_import(actor=None, agency=agency, kind="entity", data=entities_csv(5))
    second = services.pool_import(actor=None, agency=agency, kind="entity", data=entities_csv(8))
    assert (first.version, second.version) == (1, 2)
    assert first.entities.count() == 5 and second.entities.count() == 8  # both kept
    with pytest.raises(ValidationError) as caught:
        services.pool_import(actor=None, agency=agency, kind="entity",
                             data=entities_csv(3, duplicate=True))
    assert "重复" in caught.value.messages[0]
    bad = "名称,统一社会信用代码\n某所,91310000132149237H\n".encode()
    with pytest.raises(ValidationError, match="无效"):
        services.pool_import(actor=None, agency=agency, kind="entity", data=bad)
    with pytest.raises(ValidationError, match="缺少列"):
        services.pool_import(actor=None, agency=agency, kind="entity", data=b"name\nx\n")
    assert PoolImport.objects.filter(agency=agency).count() == 2
    assert AuditEvent.objects.filter(verb="inspections.pool_import").count() == 2


def test_inspector_pool_reads_recusals_and_gb18030(agency):
    data = inspectors_csv(3, {1: [4, 5]}).decode("utf-8").encode("gb18030")
    pool = services.pool_import(actor=None, agency=agency, kind="inspector", data=data)
    assert pool.inspectors.get(certificate_number="31000120001").recusals == [code(4), code(5)]


def test_plan_needs_two_inspectors_per_entity_and_pools(agency):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(actor=None, agency=agency, title="", items=[], share_bp=0,
                             period_start=D(2025, 3, 10), period_end=D(2025, 3, 1),
                             public_value_source="", public_value_date=D(2025, 3, 5),
                             inspectors_per_entity=1)
    assert {"title", "items", "share_bp", "inspectors_per_entity", "period_end",
            "public_value_source", "entity_pool", "inspector_pool"} <= set(caught.value.message_dict)


def test_a_plan_needs_enough_inspectors_of_its_field(agency):
    plan(agency)
    from gongkai.inspections.models import InspectionItem

    with pytest.raises(ValidationError, match="符合领域"):
        services.plan_create(actor=None, agency=agency, title="鉴定抽查",
                             items=InspectionItem.objects.filter(agency=agency), share_bp=500,
                             period_start=D(2025, 3, 10), period_end=D(2025, 4, 1),
                             public_value_source="x", public_value_date=D(2025, 3, 5),
                             inspector_field="司法鉴定")


def test_the_draw_is_refused_before_the_commitment_is_published(agency):
    found = plan(agency)
    with pytest.raises(PlanTransitionError) as caught:
        services.plan_draw(actor=None, plan=found, public_value="3341.96", today=D(2025, 3, 5))
    assert isinstance(caught.value, InvalidTransition)
    assert "先公布承诺值" in caught.value.message
    found.refresh_from_db()
    assert found.status == PlanStatus.DRAFT and not found.inspections.exists()


def test_commit_needs_a_public_value_still_in_the_future(agency):
    found = plan(agency, public_value_date=D(2025, 3, 3))
    with pytest.raises(ValidationError, match="须晚于公布承诺之日"):
        services.plan_commit(actor=None, plan=found, today=D(2025, 3, 3))


def test_commit_then_draw_after_the_public_value(agency):
    found = services.plan_commit(actor=None, plan=plan(agency), today=D(2025, 3, 3))
    assert found.status == PlanStatus.COMMITTED and len(found.commitment) == 64
    committed = found.committed_json_document()
    assert verifier.commitment_of(committed) == found.commitment
    assert committed["seed_sha256"] == verifier.seed_digest(found.seed)
    document = services.draw_document(found)
    assert "revealed" not in document and "seed" not in str(document.get("revealed", ""))
    assert found.seed not in str(document)  # the seed stays secret until the draw
    with pytest.raises(ValidationError, match="产生后才能抽取"):
        services.plan_draw(actor=None, plan=found, public_value="1", today=D(2025, 3, 4))
    with pytest.raises(PlanTransitionError):
        services.plan_commit(actor=None, plan=found, today=D(2025, 3, 3))
    done = services.plan_draw(actor=None, plan=found, public_value="3341.96", today=D(2025, 3, 5))
    assert done.status == PlanStatus.DRAWN and done.inspections.count() == 4  # 10% of 40
    assert verifier.verify(services.draw_document(done)) == []


def test_a_pool_imported_after_the_commitment_does_not_change_the_draw(agency):
    found = services.plan_commit(actor=None, plan=plan(agency), today=D(2025, 3, 3))
    services.pool_import(actor=None, agency=agency, kind="entity", data=entities_csv(99))
    done = services.plan_draw(actor=None, plan=found, public_value="3341.96", today=D(2025, 3, 5))
    assert len(done.committed_json_document()["entities"]) == 40
    assert verifier.verify(services.draw_document(done)) == []


def test_results_within_20_working_days_lateness_counted(agency, enforcer):
    done = drawn(agency)
    first, second, *rest = list(done.inspections.order_by("order"))
    with pytest.raises(ValidationError):
        services.result_record(actor=None, inspection=first, inspected_on=D(2025, 3, 10),
                               outcome="excellent", today=D(2025, 3, 10))
    # Mon 10 Mar 2025 + 20 working days: 11–14 Mar (4), 17–21 (9), 24–28 (14), 31 Mar–3 Apr
    # (18), Fri 4 Apr 清明 off, Mon 7 (19), Tue 8 Apr (20).
    first = services.result_record(actor=None, inspection=first, inspected_on=D(2025, 3, 10),
                                   outcome="no_issue", today=D(2025, 3, 10))
    assert first.publish_by == D(2025, 4, 8)
    assert services.results_publish(actor=None, plan=done, today=D(2025, 4, 8)) == 1
    second = services.result_record(actor=None, inspection=second, inspected_on=D(2025, 3, 11),
                                    outcome="rectify", note="已整改", today=D(2025, 3, 11))
    assert services.send_reminders(D(2025, 4, 7))["reminded"] == 1
    assert enforcer.email in mail.outbox[0].to
    assert services.results_publish(actor=None, plan=done, today=D(2025, 4, 10)) == 1
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.published_late and not first.published_late
    done.refresh_from_db()
    assert done.status == PlanStatus.DRAWN  # two results still to come
    record = Record.objects.get(pk=done.record_id)
    assert record.is_public and "已整改" in record.current_version.body
    assert record.current_version.number == 2  # one record, a new version per publication
    for inspection in rest:
        services.result_record(actor=None, inspection=inspection, inspected_on=D(2025, 3, 12),
                               outcome="no_issue", today=D(2025, 3, 12))
    services.results_publish(actor=None, plan=done, today=D(2025, 3, 20))
    done.refresh_from_db()
    assert done.status == PlanStatus.CLOSED
    with pytest.raises(PlanTransitionError):
        services.results_publish(actor=None, plan=done, today=D(2025, 3, 21))


def test_a_published_result_cannot_be_changed(agency):
    done = drawn(agency)
    first = done.inspections.order_by("order").first()
    services.result_record(actor=None, inspection=first, inspected_on=D(2025, 3, 10),
                           outcome="no_issue", today=D(2025, 3, 10))
    services.results_publish(actor=None, plan=done, today=D(2025, 3, 11))
    with pytest.raises(ValidationError, match="已公开"):
        services.result_record(actor=None, inspection=first, inspected_on=D(2025, 3, 10),
                               outcome="rectify", today=D(2025, 3, 12))


def test_other_agencies_staff_cannot_draw(agency, officer_b):
    from gongkai.core.policies import PermissionDeniedError

    found = services.plan_commit(actor=None, plan=plan(agency), today=D(2025, 3, 3))
    with pytest.raises(PermissionDeniedError):
        services.plan_draw(actor=officer_b, plan=found, public_value="1", today=D(2025, 3, 5))


def test_a_calendar_change_moves_unpublished_result_limits(agency, client, platform_admin,
                                                          django_capture_on_commit_callbacks):
    from gongkai.jobs.models import JobRun
    from gongkai.jobs.registry import JOBS

    found = services.plan_commit(actor=None, plan=plan(agency, public_value_date=D(2026, 10, 20)),
                                 today=D(2026, 10, 19))
    found = services.plan_draw(actor=None, plan=found, public_value="1", today=D(2026, 10, 20))
    inspection = found.inspections.order_by("order").first()
    # Fri 30 Oct 2026 + 20 working days = Fri 27 Nov.
    inspection = services.result_record(actor=None, inspection=inspection,
                                        inspected_on=D(2026, 10, 30), outcome="no_issue",
                                        today=D(2026, 10, 30))
    assert inspection.publish_by == D(2026, 11, 27)
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/calendar/2026/day/", {"date": "2026-11-02", "kind": "holiday",
                                                  "name": "演示调休"})
    run = JobRun.objects.get(name="workdays.recalculate_deadlines")
    assert JOBS["workdays.recalculate_deadlines"].call(run_id=run.pk)["moved"]["inspections"] == 1
    inspection.refresh_from_db()
    assert inspection.publish_by == D(2026, 11, 30)


def test_pools_are_committed_in_code_point_order_whatever_the_collation(agency):
    """执法证号 with punctuation and mixed case sort by code point, as the verifier checks."""
    from gongkai.inspections.models import InspectionItem

    plan(agency)
    services.pool_import(actor=None, agency=agency, kind="inspector", data=(
        "姓名,执法证号,执法领域\n甲,31-002,律师\n乙,310-01,律师\n丙,a-1,律师\n丁,B-1,律师\n").encode())
    found = services.plan_create(
        actor=None, agency=agency, title="排序", items=InspectionItem.objects.filter(agency=agency),
        share_bp=1000, period_start=D(2025, 3, 10), period_end=D(2025, 4, 1),
        public_value_source="x", public_value_date=D(2025, 3, 5))
    found = services.plan_commit(actor=None, plan=found, today=D(2025, 3, 3))
    committed = found.committed_json_document()
    assert [row[0] for row in committed["inspectors"]] == ["31-002", "310-01", "B-1", "a-1"]
    found = services.plan_draw(actor=None, plan=found, public_value="1", today=D(2025, 3, 5))
    assert verifier.verify(services.draw_document(found)) == []
