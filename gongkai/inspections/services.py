"""Writes of random inspections: imports, plans, the commitment, the draw, the results.

The draw is verifiable (ADR 0023): ``plan_commit`` freezes the plan, both pool versions and
the digest of a secret seed into one canonical JSON document and publishes its SHA-256
before the public value named in the plan exists; ``plan_draw`` is refused until then and
derives every choice from the seed, revealed now, and that public value, with the
algorithm of ``verifier.py`` — the same file anyone runs to recompute it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, Membership
from gongkai.core.policies import PermissionDeniedError
from gongkai.inspections import credit_codes, limits, verifier
from gongkai.inspections.models import (
    Inspection,
    InspectionItem,
    Outcome,
    Plan,
    PlanEvent,
    PlanStatus,
    PoolEntity,
    PoolImport,
    PoolInspector,
    PoolKind,
    check_transition,
)
from gongkai.inspections.policies import EDIT_ROLES, InspectionPolicy

log = logging.getLogger("gongkai.inspections")

MAX_IMPORT_BYTES = 200 * 1024 * 1024
SOURCE = "inspections.results"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _event(plan: Plan, verb: str, actor: Any, before: str, comment: str = "",
           details: dict[str, Any] | None = None) -> None:
    PlanEvent.objects.create(plan=plan, verb=verb, actor=_actor(actor), from_status=before,
                             to_status=plan.status, comment=comment, details=details or {})
    audit_record(actor=actor, verb=f"inspections.{verb}", obj=plan, agency=plan.agency_id,
                 details={"status": plan.status, **(details or {})})


# CSV imports ----------------------------------------------------------------------------------

ITEM_COLUMNS = {"序号": "number", "检查项目": "item", "检查子项": "sub_item", "检查主体": "subject",
                "检查依据": "basis", "检查方式": "method", "检查内容": "content", "备注": "note"}
ENTITY_COLUMNS = {"名称": "name", "统一社会信用代码": "credit_code",
                  "法定代表人": "legal_representative", "地址": "address"}
INSPECTOR_COLUMNS = {"姓名": "name", "执法证号": "certificate_number", "执法领域": "field",
                     "回避单位": "recusals"}


def _rows(data: bytes, columns: dict[str, str], required: Iterable[str]) -> list[dict[str, Any]]:
    """The CSV's rows keyed by field name; header in Chinese (or the field names)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": ["文件过大。"]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": [
                "文件编码无法识别，请使用 UTF-8 或 GB18030 编码的 CSV。"]}) from exc
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise ValidationError({"file": ["文件为空。"]}) from exc
    names = [columns.get(h, h if h in columns.values() else "") for h in header]
    missing = [label for label, name in columns.items() if name in required and name not in names]
    if missing:
        raise ValidationError({"file": [f"缺少列：{'、'.join(missing)}。"]})
    rows = []
    for line in reader:
        if not any(cell.strip() for cell in line):
            continue
        rows.append({name: (line[i].strip() if i < len(line) else "")
                     for i, name in enumerate(names) if name})
    if not rows:
        raise ValidationError({"file": ["文件中没有数据行。"]})
    return rows


def items_import(*, actor: Any, agency: Agency, data: bytes) -> int:
    """The 随机抽查事项清单, by 序号: a new number adds a row, a known one updates it."""
    _require(actor is None or InspectionPolicy.can_edit(actor, agency))
    rows = _rows(data, ITEM_COLUMNS, ("number", "item", "subject", "basis", "method", "content"))
    errors = []
    for i, row in enumerate(rows, start=2):
        if not row.get("number", "").isdigit():
            errors.append(f"第{i}行：序号应为数字。")
        for name in ("item", "subject", "basis", "method", "content"):
            if not row.get(name):
                errors.append(f"第{i}行：缺少{[k for k, v in ITEM_COLUMNS.items() if v == name][0]}。")
    if errors:
        raise ValidationError({"file": errors[:20]})
    with transaction.atomic():
        for row in rows:
            fields = {k: row.get(k, "") for k in ("item", "sub_item", "subject", "basis", "method",
                                                  "content", "note")}
            InspectionItem.objects.update_or_create(agency=agency, number=int(row["number"]),
                                                    defaults=fields)
        audit_record(actor=actor, verb="inspections.items_import", agency=agency,
                     details={"rows": len(rows)})
    return len(rows)


def pool_import(*, actor: Any, agency: Agency, kind: str, data: bytes,
                filename: str = "") -> PoolImport:
    """A new version of a pool; earlier versions stay (a committed draw names its version).
    Duplicate credit codes (or 执法证号) and invalid credit codes are refused with their
    lines; nothing is imported then."""
    _require(actor is None or InspectionPolicy.can_edit(actor, agency))
    if kind == PoolKind.ENTITY:
        rows = _rows(data, ENTITY_COLUMNS, ("name", "credit_code"))
        key = "credit_code"
    elif kind == PoolKind.INSPECTOR:
        rows = _rows(data, INSPECTOR_COLUMNS, ("name", "certificate_number", "field"))
        key = "certificate_number"
    else:
        raise ValidationError({"kind": ["名录库类别无效。"]})
    errors: list[str] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=2):
        if kind == PoolKind.ENTITY:
            row["credit_code"] = credit_codes.normalise(row.get("credit_code", ""))
            if not credit_codes.is_valid(row["credit_code"]):
                errors.append(f"第{i}行：统一社会信用代码“{row['credit_code']}”无效。")
        else:
            row["recusals"] = [credit_codes.normalise(c) for c in
                               row.get("recusals", "").replace("；", ";").split(";") if c.strip()]
            if not row.get("field"):
                errors.append(f"第{i}行：缺少执法领域。")
        if not row.get("name"):
            errors.append(f"第{i}行：缺少名称或姓名。")
        value = row.get(key, "")
        if not value:
            continue
        if value in seen:
            label = "统一社会信用代码" if kind == PoolKind.ENTITY else "执法证号"
            errors.append(f"第{i}行：{label}“{value}”与第{seen[value]}行重复。")
        seen.setdefault(value, i)
    if errors:
        more = f"（另有{len(errors) - 20}处）" if len(errors) > 20 else ""
        raise ValidationError({"file": [*errors[:20], *([more] if more else [])]})
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one import at a time
        latest = (PoolImport.objects.filter(agency=agency, kind=kind)
                  .aggregate(v=Max("version"))["v"] or 0)
        pool = PoolImport.objects.create(agency=agency, kind=kind, version=latest + 1,
                                         filename=filename[:200], row_count=len(rows),
                                         sha256=hashlib.sha256(data).hexdigest(),
                                         imported_by=_actor(actor))
        if kind == PoolKind.ENTITY:
            PoolEntity.objects.bulk_create(
                [PoolEntity(pool=pool, credit_code=r["credit_code"], name=r["name"],
                            legal_representative=r.get("legal_representative", ""),
                            address=r.get("address", "")) for r in rows], batch_size=5000)
        else:
            PoolInspector.objects.bulk_create(
                [PoolInspector(pool=pool, certificate_number=r["certificate_number"],
                               name=r["name"], field=r["field"], recusals=r["recusals"])
                 for r in rows], batch_size=5000)
        audit_record(actor=actor, verb="inspections.pool_import", obj=pool, agency=agency,
                     details={"kind": kind, "version": pool.version, "rows": len(rows),
                              "sha256": pool.sha256})
    return pool


def latest_pool(agency: Agency | int, kind: str) -> PoolImport | None:
    return PoolImport.objects.filter(agency=agency, kind=kind).order_by("-version").first()


# Plans, commitment, draw ----------------------------------------------------------------------


def plan_create(*, actor: Any, agency: Agency, title: str, items: Iterable[InspectionItem],
                share_bp: int, period_start: dt.date, period_end: dt.date,
                public_value_source: str, public_value_date: dt.date,
                inspectors_per_entity: int = 2, inspector_field: str = "",
                entity_pool: PoolImport | None = None,
                inspector_pool: PoolImport | None = None) -> Plan:
    _require(actor is None or InspectionPolicy.can_edit(actor, agency))
    items = list(items)
    entity_pool = entity_pool or latest_pool(agency, PoolKind.ENTITY)
    inspector_pool = inspector_pool or latest_pool(agency, PoolKind.INSPECTOR)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["请填写计划名称。"]
    if not items or any(i.agency_id != agency.pk for i in items):
        errors["items"] = ["请从本机构的抽查事项清单中选择检查事项。"]
    if not 1 <= share_bp <= 10000:
        errors["share_bp"] = ["抽查比例应在0.01%至100%之间。"]
    if inspectors_per_entity < 2:
        errors["inspectors_per_entity"] = ["每户至少须有两名执法人员。"]
    if period_end < period_start:
        errors["period_end"] = ["结束日期不能早于开始日期。"]
    if not public_value_source.strip():
        errors["public_value_source"] = ["请写明事先指定的公开随机值来源。"]
    if entity_pool is None or entity_pool.agency_id != agency.pk or entity_pool.kind != PoolKind.ENTITY:
        errors["entity_pool"] = ["请先导入检查对象名录库。"]
    if (inspector_pool is None or inspector_pool.agency_id != agency.pk
            or inspector_pool.kind != PoolKind.INSPECTOR):
        errors["inspector_pool"] = ["请先导入执法检查人员名录库。"]
    elif inspector_pool.inspectors.filter(
            field__contains=inspector_field.strip()).count() < inspectors_per_entity:
        errors["inspector_pool"] = ["符合领域的执法检查人员少于每户所需人数。"]
    if errors or entity_pool is None or inspector_pool is None:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = Plan.objects.create(
            agency=agency, title=title.strip(), share_bp=share_bp,
            inspectors_per_entity=inspectors_per_entity,
            inspector_field=inspector_field.strip(), period_start=period_start,
            period_end=period_end, entity_pool=entity_pool, inspector_pool=inspector_pool,
            public_value_source=public_value_source.strip(), public_value_date=public_value_date,
            created_by=_actor(actor))
        plan.items.set(items)
        _event(plan, "plan_create", actor, "")
    return plan


def committed_document(plan: Plan, seed_sha256: str, committed_at: dt.datetime) -> dict[str, Any]:
    """What the commitment covers: the plan, both pool versions in full (the fields the
    draw reads), the recusal ties, the seed digest and the public value named in advance."""
    # Sorted here, by code point, as the verifier checks: a database collation may order
    # 执法证号 with punctuation differently.
    entities = sorted(PoolEntity.objects.filter(pool=plan.entity_pool).order_by()
                      .values_list("credit_code", "name"))
    inspectors = sorted(PoolInspector.objects.filter(pool=plan.inspector_pool).order_by()
                        .values_list("certificate_number", "name", "field", "recusals"),
                        key=lambda row: row[0])
    recusals = sorted({(cert, code) for cert, _n, _f, codes in inspectors for code in codes})
    return {
        "algorithm": verifier.ALGORITHM,
        "agency": plan.agency.slug,
        "plan": {"id": plan.pk, "title": plan.title, "share_bp": plan.share_bp,
                 "inspectors_per_entity": plan.inspectors_per_entity,
                 "inspector_field": plan.inspector_field,
                 "period_start": plan.period_start.isoformat(),
                 "period_end": plan.period_end.isoformat(),
                 "items": [[i.number, i.item, i.sub_item] for i in plan.items.order_by("number")]},
        "entity_pool": {"version": plan.entity_pool.version, "sha256": plan.entity_pool.sha256},
        "inspector_pool": {"version": plan.inspector_pool.version,
                           "sha256": plan.inspector_pool.sha256},
        "entities": [[code, name] for code, name in entities],
        "inspectors": [[cert, name, field] for cert, name, field, _r in inspectors],
        "recusals": [[cert, code] for cert, code in recusals],
        "seed_sha256": seed_sha256,
        "public_value_source": plan.public_value_source,
        "public_value_date": plan.public_value_date.isoformat(),
        "committed_at": committed_at.isoformat(timespec="seconds"),
    }


def _moment(today: dt.date) -> dt.datetime:
    """Now, or (for a day given in the past: the demo, tests) that day at 10:00."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))


def plan_commit(*, actor: Any, plan: Plan, today: dt.date | None = None) -> Plan:
    """Publish the commitment. Refused once the public value's day has come: a value that
    may already be known could be chosen to suit."""
    _require(actor is None or InspectionPolicy.can_edit(actor, plan.agency))
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related(
            "agency", "entity_pool", "inspector_pool").get(pk=plan.pk)
        before = plan.status
        check_transition(before, PlanStatus.COMMITTED)
        if plan.public_value_date <= today:
            raise ValidationError({"public_value_date": [
                "公开随机值的产生日期须晚于公布承诺之日，请修改计划。"]})
        seed = secrets.token_hex(32)
        now = _moment(today)
        document = committed_document(plan, verifier.seed_digest(seed), now)
        plan.committed_json = verifier.canonical(document).decode("utf-8")
        plan.commitment = verifier.commitment_of(document)
        plan.committed_at = now
        plan.seed = seed
        plan.status = PlanStatus.COMMITTED
        plan.save()
        _event(plan, "commit", actor, before, details={"commitment": plan.commitment,
                                                       "entities": len(document["entities"]),
                                                       "inspectors": len(document["inspectors"])})
    return plan


def plan_draw(*, actor: Any, plan: Plan, public_value: str, today: dt.date | None = None) -> Plan:
    """Reveal the seed, enter the public value and draw. Refused before the commitment is
    public and before the public value's day."""
    _require(actor is None or InspectionPolicy.can_edit(actor, plan.agency))
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
        before = plan.status
        check_transition(before, PlanStatus.DRAWN)
        if not public_value.strip():
            raise ValidationError({"public_value": ["请填写公开随机值。"]})
        if today < plan.public_value_date:
            raise ValidationError({"public_value": [
                f"公开随机值须在{plan.public_value_date:%Y年%m月%d日}产生后才能抽取。"]})
        committed = plan.committed_json_document()
        try:
            result = verifier.draw(committed, plan.commitment, plan.seed, public_value.strip())
        except verifier.DrawError as exc:
            raise ValidationError({"__all__": [f"无法抽取：{exc}"]}) from exc
        plan.public_value = public_value.strip()
        plan.status = PlanStatus.DRAWN
        plan.drawn_at = _moment(today)
        plan.save()
        Inspection.objects.bulk_create(
            [Inspection(plan=plan, order=r["order"], credit_code=r["credit_code"],
                        entity_name=r["name"], inspectors=r["inspectors"]) for r in result],
            batch_size=5000)
        _event(plan, "draw", actor, before, details={"drawn": len(result),
                                                     "public_value": plan.public_value})
    return plan


def draw_document(plan: Plan) -> dict[str, Any]:
    """DRAW.json: everything needed to recompute the draw (seed only once drawn)."""
    document: dict[str, Any] = {"format": verifier.FORMAT, "commitment": plan.commitment,
                                "committed": plan.committed_json_document(),
                                "status": plan.status}
    if plan.status in (PlanStatus.DRAWN, PlanStatus.CLOSED):
        document["revealed"] = {"seed": plan.seed, "public_value": plan.public_value}
        document["result"] = [{"order": i.order, "credit_code": i.credit_code,
                               "name": i.entity_name, "inspectors": i.inspectors}
                              for i in plan.inspections.order_by("order")]
    return document


# Results ----------------------------------------------------------------------------------------


def result_record(*, actor: Any, inspection: Inspection, inspected_on: dt.date, outcome: str,
                  note: str = "", today: dt.date | None = None) -> Inspection:
    """The inspection's result; its publication limit (20 working days) starts here."""
    plan = inspection.plan
    _require(actor is None or InspectionPolicy.can_edit(actor, plan.agency))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ["请选择检查结果。"]
    if inspected_on > today:
        errors["inspected_on"] = ["检查日期不能晚于今天。"]
    if plan.drawn_at and inspected_on < timezone.localtime(plan.drawn_at).date():
        errors["inspected_on"] = ["检查日期不能早于抽取日期。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().select_related("plan").get(
            pk=inspection.pk)
        if inspection.plan.status != PlanStatus.DRAWN:
            check_transition(inspection.plan.status, PlanStatus.CLOSED)
        if inspection.published_on is not None:
            raise ValidationError({"__all__": ["该检查结果已公开，不能修改。"]})
        inspection.inspected_on = inspected_on
        inspection.outcome = outcome
        inspection.outcome_note = note.strip()
        inspection.publish_by = limits.results_publish_by(inspected_on)
        inspection.save()
        _event(inspection.plan, "result_record", actor, inspection.plan.status,
               details={"order": inspection.order, "outcome": outcome,
                        "publish_by": inspection.publish_by.isoformat()})
    return inspection


def _results_body(plan: Plan) -> str:
    lines = [f"抽查计划：{plan.title}", f"承诺值（SHA-256）：{plan.commitment}",
             f"公开随机值：{plan.public_value}（{plan.public_value_source}）", "抽查结果："]
    for i in plan.inspections.filter(published_on__isnull=False).order_by("order"):
        lines.append(f"{i.order}. {i.entity_name}（{i.credit_code}）：{i.get_outcome_display()}"
                     f"{'，' + i.outcome_note if i.outcome_note else ''}（检查日期{i.inspected_on}）")
    return "\n".join(lines)


def results_publish(*, actor: Any, plan: Plan, today: dt.date | None = None) -> int:
    """Publish every recorded result not yet public (a catalogue record per plan, a new
    version each time); the plan closes when every drawn entity's result is public."""
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    _require(actor is None or InspectionPolicy.can_edit(actor, plan.agency))
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = (Plan.objects.select_for_update(of=("self",)).select_related("agency", "record")
                .get(pk=plan.pk))
        before = plan.status
        if before != PlanStatus.DRAWN:
            check_transition(before, PlanStatus.CLOSED)
        pending = list(plan.inspections.filter(published_on__isnull=True,
                                               inspected_on__isnull=False))
        if not pending:
            raise ValidationError({"__all__": ["没有待公开的检查结果。"]})
        for inspection in pending:
            inspection.published_on = today
            inspection.published_late = inspection.publish_by is not None and today > inspection.publish_by
        Inspection.objects.bulk_update(pending, ["published_on", "published_late"])
        fields = {"title": f"{plan.title}抽查结果"[:300],
                  "summary": f"“双随机、一公开”抽查结果：{plan.title}"[:100],
                  "body": _results_body(plan), "keywords": "双随机一公开,随机抽查,抽查结果",
                  "topic": topic_get_or_create(code="enforcement", name="行政执法"),
                  "genre": genre_get_or_create(code="inspection-results", name="抽查结果"),
                  "disclosure_attribute": "proactive", "is_official_document": False}
        if plan.record is None:
            fields["formed_on"] = today
        record = catalogue.publish_external(actor=actor, agency=plan.agency, source=SOURCE,
                                            fields=fields, record=plan.record)
        plan.record = record
        if not plan.inspections.filter(published_on__isnull=True).exists():
            plan.status = PlanStatus.CLOSED
        plan.save()
        _event(plan, "results_publish", actor, before, details={
            "published": len(pending), "late": sum(i.published_late for i in pending),
            "record": record.pk})
    return len(pending)


# Reminders and the calendar ---------------------------------------------------------------------


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    from gongkai.workdays.clock import Clock

    today = today or timezone.localdate()
    horizon = Clock().add(today, limits.REMIND_WITHIN_WORKING_DAYS, limits.WD).date
    due = (Inspection.objects.filter(published_on__isnull=True, publish_by__lte=horizon)
           .exclude(reminded_on=today).select_related("plan__agency"))
    by_plan: dict[int, list[Inspection]] = {}
    for inspection in due:
        by_plan.setdefault(inspection.plan_id, []).append(inspection)
    for items in by_plan.values():
        Inspection.objects.filter(pk__in=[i.pk for i in items]).update(reminded_on=today)
        plan = items[0].plan
        recipients = sorted(set(Membership.objects.filter(agency=plan.agency, role__in=EDIT_ROLES)
                                .exclude(user__email="").values_list("user__email", flat=True)))
        if not recipients:
            continue
        first = min(i.publish_by for i in items if i.publish_by)
        try:
            send_mail(f"“{plan.title}”有{len(items)}项抽查结果应于{first:%Y年%m月%d日}前公开",
                      f"{plan.agency.name}：依据国办发〔2015〕58号，抽查结果应在20个工作日内公开。"
                      "请登录工作台“双随机、一公开”公开结果。", settings.DEFAULT_FROM_EMAIL,
                      recipients)
        except Exception:
            log.exception("inspection reminder for plan %s failed", plan.pk)
    return {"reminded": sum(len(v) for v in by_plan.values()), "plans": len(by_plan)}


def recalculate_after_calendar_change(change: Any, clock: Any) -> int:
    moved = 0
    for inspection in Inspection.objects.filter(published_on__isnull=True,
                                                inspected_on__isnull=False).select_related("plan"):
        if inspection.inspected_on is None:
            continue
        new = limits.results_publish_by(inspection.inspected_on, clock=clock)
        if new == inspection.publish_by:
            continue
        with transaction.atomic():
            old = inspection.publish_by
            Inspection.objects.filter(pk=inspection.pk).update(publish_by=new)
            _event(inspection.plan, "recalculate", None, inspection.plan.status,
                   comment=change.describe(), details={"order": inspection.order,
                                                       "publish_by": f"{old} → {new}"})
        moved += 1
    return moved
