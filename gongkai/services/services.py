"""Writes: power lists (each change a new version with its reason), service items, guide
versions and their review, material files, and the power-list import.

Every function is keyword-only, asks the policy (``actor=None`` is the system: the demo
loader), changes rows in one ``transaction.atomic()`` and writes an audit event inside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError
from gongkai.services import workflow
from gongkai.services.basis import BasisResolver, basis_normalise, parse_basis_text
from gongkai.services.models import (
    ChangeKind,
    FileKind,
    GuideMaterial,
    GuideStatus,
    MaterialFile,
    Power,
    PowerType,
    PowerVersion,
    Scenario,
    ScenarioChoice,
    ScenarioQuestion,
    ServiceGuide,
    ServiceItem,
)
from gongkai.services.policies import ServicesPolicy

POWER_FIELDS = ("power_type", "name", "department", "basis", "responsibilities",
                "accountability")
FIELD_LABELS = {"power_type": "权力类型", "name": "事项名称", "department": "实施处室",
                "basis": "设定依据", "responsibilities": "责任事项", "accountability": "追责情形"}
GUIDE_TEXT_FIELDS = ("conditions", "steps", "statutory_days", "promised_days",
                     "time_limit_basis", "fees", "fee_basis", "place", "hours", "online_url",
                     "contacts", "faqs", "basis", "change_note")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def _latest(power: Power) -> PowerVersion:
    version = power.versions.order_by("-number").first()
    assert version is not None
    return version


# Powers -------------------------------------------------------------------------------


def _clean_power_fields(agency: Agency, *, power_type: str, name: str,
                        department: Department | None, basis: list[dict],
                        resolver: BasisResolver | None = None) -> tuple[dict, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if power_type not in PowerType.values:
        errors["power_type"] = [f"权力类型“{power_type}”不在规定的十类之中。"]
    if not (name or "").strip():
        errors["name"] = ["请填写事项名称。"]
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = ["处室不属于该机构。"]
    normalised, basis_errors = basis_normalise(basis, resolver)
    if basis_errors:
        errors["basis"] = basis_errors
    return {"power_type": power_type, "name": (name or "").strip(), "department": department,
            "basis": normalised}, errors


def power_create(*, actor: Any, agency: Agency, code: str, power_type: str, name: str,
                 basis: list[dict], effective_on: dt.date, reason: str,
                 department: Department | None = None, responsibilities: str = "",
                 accountability: str = "") -> Power:
    _require(actor is None or ServicesPolicy.can_edit(actor, agency))
    code = (code or "").strip()
    cleaned, errors = _clean_power_fields(agency, power_type=power_type, name=name,
                                          department=department, basis=basis)
    if not code:
        errors["code"] = ["请填写事项编码。"]
    elif Power.objects.filter(agency=agency, code=code).exists():
        errors["code"] = [f"事项编码“{code}”已存在。"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明新增理由。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        power = Power.objects.create(agency=agency, code=code)
        version = PowerVersion.objects.create(
            power=power, number=1, effective_on=effective_on, change_kind=ChangeKind.ADD,
            change_reason=reason.strip(), changed_fields=[], created_by=_user(actor),
            responsibilities=responsibilities, accountability=accountability, **cleaned)
        audit_record(actor=actor, verb="services.power_create", obj=power, agency=agency,
                     details={"code": code, "version": version.number,
                              "effective_on": effective_on.isoformat()})
    return power


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _comparable(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def power_change(*, actor: Any, power: Power, effective_on: dt.date, reason: str,
                 **changes: Any) -> PowerVersion:
    """A 动态调整: a new version from ``effective_on`` with the fields given in ``changes``
    (any of POWER_FIELDS); the others carry over. Refused when nothing changes, without a
    reason, or dated before the version in effect."""
    _require(actor is None or ServicesPolicy.can_edit(actor, power.agency))
    unknown = set(changes) - set(POWER_FIELDS)
    if unknown:
        raise ValueError(f"unknown power fields: {sorted(unknown)}")
    current = _latest(power)
    errors: dict[str, list[str]] = {}
    if current.removed:
        errors["code"] = ["该事项已取消，不能再调整。"]
    merged = {f: changes.get(f, getattr(current, f)) for f in POWER_FIELDS}
    cleaned, field_errors = _clean_power_fields(
        power.agency, power_type=merged["power_type"], name=merged["name"],
        department=merged["department"], basis=merged["basis"])
    errors.update(field_errors)
    cleaned.update(responsibilities=merged["responsibilities"] or "",
                   accountability=merged["accountability"] or "")
    changed = [f for f in POWER_FIELDS
               if _basis_key(f, cleaned[f]) != _basis_key(f, getattr(current, f))]
    if not errors and not changed:
        errors["__all__"] = ["没有任何内容发生变化。"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明调整理由。"]
    if effective_on < current.effective_on:
        errors["effective_on"] = [f"生效日期不能早于现行版本的生效日期（{current.effective_on}）。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        version = PowerVersion.objects.create(
            power=power, number=current.number + 1, effective_on=effective_on,
            change_kind=ChangeKind.MODIFY, change_reason=reason.strip(),
            changed_fields=[FIELD_LABELS[f] for f in changed], created_by=_user(actor),
            **cleaned)
        audit_record(actor=actor, verb="services.power_change", obj=power, agency=power.agency_id,
                     details={"version": version.number, "fields": changed,
                              "effective_on": effective_on.isoformat()})
    return version


def _basis_key(name: str, value: Any) -> Any:
    if name == "basis":
        return [(e.get("law"), e.get("article")) for e in value or []]
    return _comparable(value)


def power_remove(*, actor: Any, power: Power, effective_on: dt.date, reason: str) -> PowerVersion:
    """Cancel a power from ``effective_on`` (取消): a version that removes it from the list
    of every later date; the earlier lists still show it."""
    _require(actor is None or ServicesPolicy.can_edit(actor, power.agency))
    current = _latest(power)
    errors: dict[str, list[str]] = {}
    if current.removed:
        errors["code"] = ["该事项已取消。"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明取消理由。"]
    if effective_on < current.effective_on:
        errors["effective_on"] = [f"生效日期不能早于现行版本的生效日期（{current.effective_on}）。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        version = PowerVersion.objects.create(
            power=power, number=current.number + 1, effective_on=effective_on,
            change_kind=ChangeKind.REMOVE, change_reason=reason.strip(), changed_fields=[],
            created_by=_user(actor), power_type=current.power_type, name=current.name,
            department=current.department, basis=current.basis,
            responsibilities=current.responsibilities, accountability=current.accountability)
        audit_record(actor=actor, verb="services.power_remove", obj=power, agency=power.agency_id,
                     details={"version": version.number, "effective_on": effective_on.isoformat()})
    return version


# Import -------------------------------------------------------------------------------

IMPORT_COLUMNS = ("code", "type", "name", "department", "basis", "responsibilities",
                  "accountability", "reason")
REQUIRED_COLUMNS = ("code", "type", "name", "basis")
TYPE_BY_LABEL = {str(label): value for value, label in PowerType.choices}


@dataclass
class ImportReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _power_type(value: str) -> str:
    value = (value or "").strip()
    return TYPE_BY_LABEL.get(value, value)


def powers_import(*, actor: Any, agency: Agency, rows: list[dict[str, str]],
                  effective_on: dt.date, columns: list[str] | None = None) -> ImportReport:
    """Import a power list (the export's columns): new codes are added, known ones
    changed where they differ (the row's ``reason`` is the change's reason). Every row is
    checked first; one bad row and nothing is written (the report lists every bad row,
    numbered as in the file with the header as row 1)."""
    _require(actor is None or ServicesPolicy.can_import(actor, agency))
    report = ImportReport()
    if columns is not None:
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        unknown = [c for c in columns if c not in IMPORT_COLUMNS and c]
        if missing or unknown:
            parts = []
            if missing:
                parts.append("缺少列：" + "、".join(missing))
            if unknown:
                parts.append("无法识别的列：" + "、".join(unknown))
            report.errors.append((1, "；".join(parts) + "。应有的列：" + "、".join(IMPORT_COLUMNS)))
            return report
    departments = {d.name: d for d in Department.objects.filter(agency=agency)}
    existing = {p.code: p for p in Power.objects.filter(agency=agency)}
    resolver = BasisResolver()
    seen: dict[str, int] = {}
    plan: list[tuple[str, dict]] = []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        problems: list[str] = []
        if not code:
            problems.append("事项编码为空")
        elif code in seen:
            problems.append(f"事项编码“{code}”与第 {seen[code]} 行重复")
        else:
            seen[code] = number
        dept_name = (row.get("department") or "").strip()
        department = departments.get(dept_name) if dept_name else None
        if dept_name and department is None:
            problems.append(f"处室“{dept_name}”不存在")
        cleaned, errors = _clean_power_fields(
            agency, power_type=_power_type(row.get("type", "")), name=row.get("name", ""),
            department=department, basis=parse_basis_text(row.get("basis", "")),
            resolver=resolver)
        for messages in errors.values():
            problems.extend(m.rstrip("。") for m in messages)
        if not cleaned["basis"] and not errors.get("basis"):
            problems.append("设定依据为空")
        cleaned.update(responsibilities=(row.get("responsibilities") or "").strip(),
                       accountability=(row.get("accountability") or "").strip())
        reason = (row.get("reason") or "").strip()
        if problems:
            report.errors.append((number, "；".join(problems) + "。"))
            continue
        power = existing.get(code)
        if power is None:
            plan.append(("create", {"code": code, "reason": reason or "导入新增", **cleaned}))
            continue
        current = _latest(power)
        if current.removed:
            report.errors.append((number, f"事项“{code}”已取消，不能通过导入恢复。"))
            continue
        if all(_basis_key(f, cleaned[f]) == _basis_key(f, getattr(current, f))
               for f in POWER_FIELDS):
            report.unchanged += 1
            continue
        if not reason:
            report.errors.append((number, f"事项“{code}”内容有变化，须在 reason 列说明调整理由。"))
            continue
        plan.append(("change", {"power": power, "reason": reason, **cleaned}))
    if report.errors:
        report.unchanged = 0
        return report
    with transaction.atomic():
        for action, data in plan:
            if action == "create":
                power_create(actor=actor, agency=agency, effective_on=effective_on, **data)
                report.created += 1
            else:
                power_change(actor=actor, effective_on=effective_on, **data)
                report.changed += 1
        audit_record(actor=actor, verb="services.powers_import", obj=agency, agency=agency,
                     details={"created": report.created, "changed": report.changed,
                              "unchanged": report.unchanged})
    return report


# Service items and guides ---------------------------------------------------------------


def item_create(*, actor: Any, agency: Agency, code: str, name: str,
                power: Power | None = None, department: Department | None = None,
                keywords: str = "") -> ServiceItem:
    """A service item with an empty draft guide (version 1) to fill in."""
    _require(actor is None or ServicesPolicy.can_edit(actor, agency))
    errors: dict[str, list[str]] = {}
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        errors["code"] = ["请填写事项编码。"]
    elif ServiceItem.objects.filter(agency=agency, code=code).exists():
        errors["code"] = [f"事项编码“{code}”已存在。"]
    if not name:
        errors["name"] = ["请填写事项名称。"]
    if power is not None and power.agency_id != agency.pk:
        errors["power"] = ["权力事项不属于该机构。"]
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = ["处室不属于该机构。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = ServiceItem.objects.create(agency=agency, code=code, name=name, power=power,
                                          department=department, keywords=keywords)
        ServiceGuide.objects.create(item=item, number=1, created_by=_user(actor))
        audit_record(actor=actor, verb="services.item_create", obj=item, agency=agency,
                     details={"code": code})
    return item


def _clean_faqs(faqs: list[dict]) -> list[dict]:
    return [{"question": str(f.get("question", "")).strip(), "answer": str(f.get("answer", "")).strip()}
            for f in faqs or [] if str(f.get("question", "")).strip()]


def guide_update(*, actor: Any, guide: ServiceGuide, **fields: Any) -> ServiceGuide:
    """Change a draft's fields (any of GUIDE_TEXT_FIELDS). ``basis`` is checked against the
    law library; ``steps`` is a list of strings."""
    item = guide.item
    _require(actor is None or ServicesPolicy.can_edit(actor, item.agency))
    _require_editable(guide)
    unknown = set(fields) - set(GUIDE_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    if "basis" in fields:
        fields["basis"], basis_errors = basis_normalise(fields["basis"])
        if basis_errors:
            errors["basis"] = basis_errors
    if "steps" in fields:
        fields["steps"] = [str(s).strip() for s in fields["steps"] or [] if str(s).strip()]
    if "faqs" in fields:
        fields["faqs"] = _clean_faqs(fields["faqs"])
    statutory = fields.get("statutory_days", guide.statutory_days)
    promised = fields.get("promised_days", guide.promised_days)
    if statutory is not None and promised is not None and promised > statutory:
        errors["promised_days"] = ["承诺办结时限不能长于法定办结时限。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        guide = _locked(guide)
        _require_editable(guide)
        for name, value in fields.items():
            setattr(guide, name, value if value is not None or name.endswith("_days") else "")
        guide.save()
        audit_record(actor=actor, verb="services.guide_update", obj=guide, agency=item.agency_id,
                     details={"item": item.code, "version": guide.number,
                              "fields": sorted(fields)})
    return guide


def material_add(*, actor: Any, guide: ServiceGuide, name: str, copies: str = "",
                 note: str = "", condition_tags: list[str] | None = None) -> GuideMaterial:
    item = guide.item
    _require(actor is None or ServicesPolicy.can_edit(actor, item.agency))
    _require_editable(guide)
    if not (name or "").strip():
        raise ValidationError({"name": ["请填写材料名称。"]})
    with transaction.atomic():
        order = (guide.materials.aggregate(m=Max("order"))["m"] or 0) + 1
        material = GuideMaterial.objects.create(
            guide=guide, order=order, name=name.strip(), copies=copies, note=note,
            condition_tags=[t.strip() for t in condition_tags or [] if t.strip()])
        audit_record(actor=actor, verb="services.material_add", obj=material,
                     agency=item.agency_id, details={"item": item.code, "version": guide.number})
    return material


def material_attach(*, actor: Any, material: GuideMaterial, kind: str, filename: str,
                    data: bytes) -> MaterialFile:
    """A blank form or filled sample, accepted by its bytes (the catalogue's checks:
    ``check_attachment`` raises ``AttachmentRejected`` with the message to show)."""
    from gongkai.catalogue.files import check_attachment

    guide = material.guide
    _require(actor is None or ServicesPolicy.can_edit(actor, guide.item.agency))
    _require_editable(guide)
    if kind not in FileKind.values:
        raise ValidationError({"kind": ["文件类型只能是空白表格或填写样例。"]})
    sniffed = check_attachment(data, filename)
    safe_name = filename.replace("/", "_").replace("\\", "_").strip()[-200:]
    with transaction.atomic():
        stored = MaterialFile(material=material, kind=kind, original_name=safe_name,
                              content_type=sniffed.content_type, size=len(data),
                              sha256=hashlib.sha256(data).hexdigest())
        stored.file.save(f"{stored.sha256[:16]}.{sniffed.extension}", ContentFile(data),
                         save=False)
        stored.save()
        audit_record(actor=actor, verb="services.material_attach", obj=stored,
                     agency=guide.item.agency_id,
                     details={"material": material.pk, "kind": kind, "size": len(data)})
    return stored


def _require_editable(guide: ServiceGuide) -> None:
    """Only a draft changes; the state is read from the database, not the caller's copy."""
    status = ServiceGuide.objects.filter(pk=guide.pk).values_list("status", flat=True).first()
    if status not in workflow.EDITABLE:
        raise workflow.GuideTransitionError(status or guide.status, "edit")


def guide_missing(guide: ServiceGuide) -> list[str]:
    """The labels of required fields the guide lacks (empty: it may be published)."""
    missing = []
    if not guide.conditions.strip():
        missing.append("申请条件")
    if not guide.materials.exists():
        missing.append("申请材料")
    if not guide.steps:
        missing.append("办理流程")
    if guide.statutory_days is None:
        missing.append("法定办结时限")
    if guide.promised_days is None:
        missing.append("承诺办结时限")
    if not guide.fees.strip():
        missing.append("收费标准")
    if not (guide.place.strip() or guide.online_url):
        missing.append("办理地点或网上办理地址")
    if not guide.hours.strip():
        missing.append("办理时间")
    if not guide.contacts.strip():
        missing.append("咨询电话")
    if not guide.basis:
        missing.append("法律依据")
    return missing


def _locked(guide: ServiceGuide) -> ServiceGuide:
    return ServiceGuide.objects.select_for_update().select_related("item").get(pk=guide.pk)


def guide_submit(*, actor: Any, guide: ServiceGuide) -> ServiceGuide:
    _require(actor is None or ServicesPolicy.can_edit(actor, guide.item.agency))
    with transaction.atomic():
        guide = _locked(guide)
        new_state = workflow.next_state(guide.status, workflow.SUBMIT)
        missing = guide_missing(guide)
        if missing:
            raise workflow.GuideIncomplete(missing)
        guide.status, guide.submitted_by = new_state, _user(actor)
        guide.save(update_fields=["status", "submitted_by", "updated_at"])
        audit_record(actor=actor, verb="services.guide_submit", obj=guide,
                     agency=guide.item.agency_id, details={"version": guide.number})
    return guide


def guide_approve(*, actor: Any, guide: ServiceGuide, comment: str = "") -> ServiceGuide:
    """Publish the version under review; the version it replaces is superseded."""
    _require(actor is None or ServicesPolicy.can_review(actor, guide.item.agency))
    with transaction.atomic():
        guide = _locked(guide)
        new_state = workflow.next_state(guide.status, workflow.APPROVE)
        missing = guide_missing(guide)
        if missing:
            raise workflow.GuideIncomplete(missing)
        previous = (ServiceGuide.objects.select_for_update()
                    .filter(item=guide.item, status=GuideStatus.PUBLISHED).first())
        if previous is not None:
            previous.status = workflow.next_state(previous.status, workflow.SUPERSEDE)
            previous.save(update_fields=["status", "updated_at"])
        guide.status, guide.reviewed_by = new_state, _user(actor)
        guide.review_comment, guide.published_at = comment, timezone.now()
        guide.save(update_fields=["status", "reviewed_by", "review_comment", "published_at",
                                  "updated_at"])
        audit_record(actor=actor, verb="services.guide_approve", obj=guide,
                     agency=guide.item.agency_id,
                     details={"version": guide.number,
                              "superseded": previous.number if previous else None})
        _emit_guide(guide, previous is not None)
    return guide


def _emit_guide(guide: ServiceGuide, replaces: bool) -> None:
    """Tell the service item's followers (subscriptions, through core's event registry,
    ADR 0030) that a guide version went public — the first or a new one: conditions,
    materials, fees or time limits may have changed. Inside the approving transaction."""
    from django.urls import reverse

    from gongkai.core.events import PublicEvent, public_events_emit

    item = guide.item
    what = "办事指南已更新" if replaces else "办事指南已公布"
    note = f"：{guide.change_note}" if replaces and guide.change_note else ""
    public_events_emit([PublicEvent(
        source="services", ref=f"service:{item.pk}:guide:{guide.number}",
        subject_key=f"service:{item.pk}", agency_id=item.agency_id,
        title=f"《{item.name}》{what}（第 {guide.number} 版）{note}"[:300],
        url=reverse("services:guide", kwargs={"agency": item.agency.slug, "code": item.code}),
        kind="service", object_id=str(item.pk), occurred_at=guide.published_at)])


def guide_return(*, actor: Any, guide: ServiceGuide, comment: str) -> ServiceGuide:
    _require(actor is None or ServicesPolicy.can_review(actor, guide.item.agency))
    if not (comment or "").strip():
        raise ValidationError({"comment": ["退回时请写明修改意见。"]})
    with transaction.atomic():
        guide = _locked(guide)
        guide.status = workflow.next_state(guide.status, workflow.RETURN)
        guide.review_comment = comment.strip()
        guide.save(update_fields=["status", "review_comment", "updated_at"])
        audit_record(actor=actor, verb="services.guide_return", obj=guide,
                     agency=guide.item.agency_id, details={"version": guide.number})
    return guide


def guide_redraft(*, actor: Any, item: ServiceItem) -> ServiceGuide:
    """A new draft copied from the published version (with its materials and files); the
    published one stays public until the new one is approved."""
    _require(actor is None or ServicesPolicy.can_edit(actor, item.agency))
    with transaction.atomic():
        guides = ServiceGuide.objects.select_for_update().filter(item=item)
        if guides.filter(status__in=[GuideStatus.DRAFT, GuideStatus.IN_REVIEW]).exists():
            open_one = guides.filter(status__in=[GuideStatus.DRAFT, GuideStatus.IN_REVIEW]).first()
            assert open_one is not None
            raise workflow.GuideTransitionError(open_one.status, "redraft")
        published = guides.filter(status=GuideStatus.PUBLISHED).first()
        if published is None:
            raise workflow.GuideTransitionError(GuideStatus.SUPERSEDED, "redraft")
        number = (guides.aggregate(m=Max("number"))["m"] or 0) + 1
        draft = ServiceGuide.objects.create(
            item=item, number=number, created_by=_user(actor),
            **{f: getattr(published, f) for f in GUIDE_TEXT_FIELDS if f != "change_note"})
        for material in published.materials.prefetch_related("files"):
            files = list(material.files.all())
            material.pk = None
            material.guide = draft
            material.save()
            for stored in files:
                stored.pk = None
                stored.material = material
                stored.save()
        audit_record(actor=actor, verb="services.guide_redraft", obj=draft, agency=item.agency_id,
                     details={"item": item.code, "version": number, "from": published.number})
    return draft


# Scenario guides ------------------------------------------------------------------------


def scenario_save(*, actor: Any, agency: Agency, data: dict[str, Any]) -> Scenario:
    """Create or replace a scenario guide from data::

        {"slug", "title", "intro", "item_codes": [...], "sort_order",
         "questions": [{"key", "text", "help_text",
                        "choices": [{"value", "label", "item_codes", "tags", "stop_message"}]}]}

    The questions and rules are data an editor (or an import) supplies, not code."""
    _require(actor is None or ServicesPolicy.can_edit(actor, agency))
    errors: list[str] = []
    slug = str(data.get("slug", "")).strip()
    if not slug or not str(data.get("title", "")).strip():
        errors.append("场景须有网址标识和标题。")
    keys = [q.get("key") for q in data.get("questions", [])]
    if len(set(keys)) != len(keys) or not all(keys):
        errors.append("每个问题须有不重复的参数名。")
    for question in data.get("questions", []):
        values = [c.get("value") for c in question.get("choices", [])]
        if not values or len(set(values)) != len(values):
            errors.append(f"问题“{question.get('text', '')}”的选项须有不重复的取值。")
    if errors:
        raise ValidationError({"__all__": errors})
    with transaction.atomic():
        scenario, _ = Scenario.objects.update_or_create(
            agency=agency, slug=slug,
            defaults={"title": data["title"], "intro": data.get("intro", ""),
                      "item_codes": list(data.get("item_codes", [])),
                      "sort_order": int(data.get("sort_order", 0))})
        scenario.questions.all().delete()
        for order, question in enumerate(data.get("questions", []), start=1):
            saved = ScenarioQuestion.objects.create(
                scenario=scenario, order=order, key=question["key"], text=question["text"],
                help_text=question.get("help_text", ""))
            ScenarioChoice.objects.bulk_create([
                ScenarioChoice(question=saved, order=n, value=c["value"], label=c["label"],
                               item_codes=list(c.get("item_codes", [])),
                               tags=list(c.get("tags", [])),
                               stop_message=c.get("stop_message", ""))
                for n, c in enumerate(question.get("choices", []), start=1)])
        audit_record(actor=actor, verb="services.scenario_save", obj=scenario, agency=agency,
                     details={"slug": slug, "questions": len(data.get("questions", []))})
    return scenario
