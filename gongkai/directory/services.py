"""Writes to the directory: create and update entries (each change kept in
``EntityChange``), bulk import with a report of every refused row (all or nothing),
export, and the connectors' configuration. Each write checks the policy, runs in one
transaction and appends an audit event there."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.directory import tabular
from gongkai.directory.credit_code import credit_code_error, normalise
from gongkai.directory.licences import (
    LICENCE_RULES,
    PARENT_KINDS,
    licence_number_error,
    normalise_licence_number,
)
from gongkai.directory.models import (
    AssessmentResult,
    ConnectorConfig,
    ConnectorSystem,
    Entity,
    EntityChange,
    EntityKind,
    LicenceStatus,
)
from gongkai.directory.policies import DirectoryPolicy


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: str = "text"  # text, date, choice, bool
    max_length: int = 0


# The import/export columns, in order. The header may use the code or the Chinese label.
COLUMNS: tuple[Column, ...] = (
    Column("kind", "类别", "choice"),
    Column("name", "名称或姓名", max_length=200),
    Column("district", "所在区", max_length=40),
    Column("address", "地址", max_length=300),
    Column("services", "服务范围"),
    Column("licence_number", "执业（许可）证号", max_length=40),
    Column("licence_status", "执业状态", "choice"),
    Column("licence_issued_on", "发证日期", "date"),
    Column("licence_valid_until", "有效期至", "date"),
    Column("last_assessment_on", "最近年度考核日期", "date"),
    Column("assessment_result", "年度考核结果", "choice"),
    Column("next_assessment_on", "下次年度考核日期", "date"),
    Column("credit_code", "统一社会信用代码", max_length=18),
    Column("phone", "联系电话", max_length=60),
    Column("email", "电子邮箱", max_length=254),
    Column("website", "网址", max_length=200),
    Column("opening_hours", "办公时间", max_length=200),
    Column("parent_licence_number", "执业机构证号", max_length=40),
    Column("is_listed", "对外公布", "bool"),
)
REQUIRED_COLUMNS = ("kind", "name")
CHOICES = {"kind": EntityKind, "licence_status": LicenceStatus,
           "assessment_result": AssessmentResult}
EDITABLE_FIELDS = tuple(c.code for c in COLUMNS if c.code != "parent_licence_number") + ("parent",)


class EntityInvalid(ValueError):
    """The data for an entry does not pass; ``errors`` maps a field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _choice(enum: Any, value: Any) -> str:
    text = str(value or "").strip()
    if text in enum.values:
        return text
    for member in enum:
        if text == str(member.label):
            return member.value
    raise ValueError(text)


def _bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("", "是", "y", "yes", "true", "1"):
        return True
    if text in ("否", "n", "no", "false", "0"):
        return False
    raise ValueError(text)


def clean_entity_data(*, agency: Agency, raw: dict[str, Any],
                      parents: dict[tuple[str, str], Entity | str] | None = None,
                      instance: Entity | None = None) -> dict[str, Any]:
    """Validate one entry's fields (from a form, an import row or the API) and return the
    clean values; raise ``EntityInvalid`` with every problem at once.

    ``parents`` lets an import name a parent created in the same file: (kind, licence
    number) → entity or a placeholder string.
    """
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for column in COLUMNS:
        if column.code not in raw:
            continue
        value = raw[column.code]
        try:
            if column.kind == "choice":
                if column.code == "assessment_result" and value in ("", None):
                    out[column.code] = ""
                elif column.code == "licence_status" and value in ("", None):
                    out[column.code] = LicenceStatus.VALID
                else:
                    out[column.code] = _choice(CHOICES[column.code], value)
            elif column.kind == "date":
                out[column.code] = tabular.parse_date(value)
            elif column.kind == "bool":
                out[column.code] = value if isinstance(value, bool) else _bool(value)
            else:
                text = "" if value is None else str(value).strip()
                if column.max_length and len(text) > column.max_length:
                    fail(column.code, f"不能超过{column.max_length}个字符。")
                out[column.code] = text
        except ValueError:
            message = {"choice": "取值不在允许的范围内。", "date": "日期格式应为 YYYY-MM-DD。",
                       "bool": "应填“是”或“否”。"}[column.kind]
            fail(column.code, message)
    kind = out.get("kind", instance.kind if instance else "")
    if not out.get("name", instance.name if instance else ""):
        fail("name", "名称或姓名为必填项。")
    if not kind:
        if "kind" not in errors:
            fail("kind", "类别为必填项。")
        raise EntityInvalid(errors)
    if "licence_number" in out or instance is None:
        out["licence_number"] = normalise_licence_number(out.get("licence_number", ""))
        problem = licence_number_error(kind, out["licence_number"])
        if problem:
            fail("licence_number", problem)
        elif len(out["licence_number"]) == 18 and not out["licence_number"].isdigit():
            problem = credit_code_error(out["licence_number"])
            if problem:
                fail("licence_number", problem)
    if out.get("credit_code"):
        out["credit_code"] = normalise(out["credit_code"])
        if not LICENCE_RULES[kind].credit_code:
            fail("credit_code", "个人不填写统一社会信用代码。")
        else:
            problem = credit_code_error(out["credit_code"])
            if problem:
                fail("credit_code", problem)
    if out.get("email"):
        try:
            EmailValidator()(out["email"])
        except ValidationError:
            fail("email", "电子邮箱格式不正确。")
    if out.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(out["website"])
        except ValidationError:
            fail("website", "网址格式不正确，应以 http:// 或 https:// 开头。")
    issued, until = out.get("licence_issued_on"), out.get("licence_valid_until")
    if issued and until and until < issued:
        fail("licence_valid_until", "有效期至不能早于发证日期。")
    if "parent_licence_number" in raw:
        number = normalise_licence_number(str(raw.get("parent_licence_number") or ""))
        out.pop("parent_licence_number", None)
        out["parent"] = None
        if number:
            parent_kind = PARENT_KINDS.get(kind)
            if parent_kind is None:
                fail("parent_licence_number", "该类别没有执业机构。")
            else:
                found: Entity | str | None = (parents or {}).get((parent_kind, number))
                if found is None:
                    found = Entity.objects.filter(agency=agency, kind=parent_kind,
                                                  licence_number=number).first()
                if found is None:
                    fail("parent_licence_number",
                         f"找不到证号为 {number} 的{EntityKind(parent_kind).label}。")
                else:
                    out["parent"] = found
    elif "parent" in raw:
        parent = raw["parent"]
        if parent is not None and (parent.agency_id != agency.pk
                                   or PARENT_KINDS.get(kind) != parent.kind):
            fail("parent", "执业机构的类别或所属机构不正确。")
        out["parent"] = parent
    if errors:
        raise EntityInvalid(errors)
    return out


def _duplicate_errors(agency: Agency, values: dict[str, Any], kind: str,
                      exclude_pk: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    others = Entity.objects.filter(agency=agency)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if values.get("licence_number") and others.filter(
            kind=kind, licence_number=values["licence_number"]).exists():
        errors["licence_number"] = ["该执业（许可）证号已登记。"]
    if values.get("credit_code") and others.filter(credit_code=values["credit_code"]).exists():
        errors["credit_code"] = ["该统一社会信用代码已登记。"]
    return errors


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Entity):
        return value.pk
    return value


def _apply(entity: Entity, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            continue
        old = getattr(entity, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(entity, name, value)
    return changes


def entity_create(*, actor: Any, agency: Agency, data: dict[str, Any], is_demo: bool = False,
                  batch: str = "", via: str = "form") -> Entity:
    if actor is not None and not DirectoryPolicy.can_edit(actor, agency):
        raise PermissionDeniedError("directory.create")
    values = clean_entity_data(agency=agency, raw=data)
    duplicates = _duplicate_errors(agency, values, values["kind"], None)
    if duplicates:
        raise EntityInvalid(duplicates)
    with transaction.atomic():
        entity = Entity(agency=agency, is_demo=is_demo)
        changes = _apply(entity, values)
        entity.save()
        EntityChange.objects.create(entity=entity, verb="created", actor=_actor(actor),
                                    batch=batch, changes=changes)
        audit_record(actor=actor, verb="directory.create", obj=entity, agency=agency,
                     details={"via": via, "kind": entity.kind})
    return entity


def entity_update(*, actor: Any, entity: Entity, data: dict[str, Any], batch: str = "",
                  via: str = "form") -> Entity:
    if actor is not None and not DirectoryPolicy.can_edit(actor, entity.agency):
        raise PermissionDeniedError("directory.update")
    values = clean_entity_data(agency=entity.agency, raw=data, instance=entity)
    if values.get("kind", entity.kind) != entity.kind:
        raise EntityInvalid({"kind": ["已登记的条目不能更改类别。"]})
    duplicates = _duplicate_errors(entity.agency, values, entity.kind, entity.pk)
    if duplicates:
        raise EntityInvalid(duplicates)
    with transaction.atomic():
        changes = _apply(entity, values)
        if changes:
            entity.save()
            EntityChange.objects.create(entity=entity, verb="updated", actor=_actor(actor),
                                        batch=batch, changes=changes)
            audit_record(actor=actor, verb="directory.update", obj=entity,
                         agency=entity.agency_id,
                         details={"via": via, "fields": sorted(changes)})
    return entity


def _actor(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# Import --------------------------------------------------------------------------------


RowError = tabular.RowError
ImportReport = tabular.ImportReport


def _header_map(header: list[str], report: ImportReport) -> dict[int, str]:
    return tabular.header_map(header, COLUMNS, REQUIRED_COLUMNS, report)


def directory_import(*, actor: Any, agency: Agency, filename: str, data: bytes,
                     dry_run: bool = False, is_demo: bool = False) -> ImportReport:
    """Import entries from CSV/Excel. A row whose licence number (or, for kinds without a
    licence, credit code) is already registered updates that entry, with its history; any
    refused row means nothing at all is written, and the report names every one.
    ``is_demo`` marks the entries it creates as demo data (the demo loader's import)."""
    if actor is not None and not DirectoryPolicy.can_import(actor, agency):
        raise PermissionDeniedError("directory.import")
    report = ImportReport(filename=filename)
    try:
        header, rows = tabular.read_table(filename, data)
    except tabular.TableError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    mapping = _header_map(header, report)
    if report.errors:
        return report
    report.rows = len(rows)
    raws = [(line, {mapping[i]: v for i, v in enumerate(cells) if i in mapping})
            for line, cells in rows]
    # Organisations first, so that a person's parent named in the same file is known.
    order = sorted(raws, key=lambda item: (str(item[1].get("kind", "")) in PARENT_KINDS
                                           or _label_kind(item[1].get("kind")) in PARENT_KINDS,
                                           item[0]))
    existing = {(e.kind, e.licence_number): e for e in Entity.objects.filter(agency=agency)
                .exclude(licence_number="")}
    by_credit = {e.credit_code: e for e in Entity.objects.filter(agency=agency)
                 .exclude(credit_code="")}
    seen_licence: dict[tuple[str, str], int] = {}
    seen_credit: dict[str, int] = {}
    seen_names: dict[tuple[str, str, str], int] = {}
    parents: dict[tuple[str, str], Entity | str] = {}
    planned: list[tuple[int, Entity | None, dict[str, Any]]] = []
    for line, raw in order:
        try:
            values = clean_entity_data(agency=agency, raw=raw, parents=parents)
        except EntityInvalid as exc:
            for column, messages in exc.errors.items():
                for message in messages:
                    report.errors.append(RowError(line, _label(column), message))
            continue
        kind, number, credit = values["kind"], values["licence_number"], values.get("credit_code")
        target = existing.get((kind, number)) if number else None
        if target is None and credit:
            target = by_credit.get(credit)
        row_errors = []
        if number and (kind, number) in seen_licence:
            row_errors.append(RowError(line, _label("licence_number"),
                                       f"与第{seen_licence[(kind, number)]}行的证号重复。"))
        if credit and credit in seen_credit:
            row_errors.append(RowError(line, _label("credit_code"),
                                       f"与第{seen_credit[credit]}行的统一社会信用代码重复。"))
        if credit and target is not None and by_credit.get(credit) not in (None, target):
            row_errors.append(RowError(line, _label("credit_code"),
                                       "该统一社会信用代码已登记在另一条目。"))
        if not number and target is None:
            # No licence and no credit code: the entry is known by kind, name and district.
            key = (kind, values["name"], values.get("district", ""))
            same = list(Entity.objects.filter(agency=agency, kind=kind, name=key[1],
                                              district=key[2])[:2])
            if len(same) > 1:
                row_errors.append(RowError(line, _label("name"),
                                           "同一区已有多个同名条目，请补充证号或统一社会信用代码。"))
            elif same:
                target = same[0]
            if key in seen_names:
                row_errors.append(RowError(line, _label("name"),
                                           f"与第{seen_names[key]}行重复（同类别、同名、同区）。"))
            seen_names[key] = line
        if row_errors:
            report.errors.extend(row_errors)
            continue
        if number:
            seen_licence[(kind, number)] = line
            if kind in PARENT_KINDS.values():
                parents[(kind, number)] = target or f"line:{line}"
        if credit:
            seen_credit[credit] = line
        planned.append((line, target, values))
    report.errors.sort(key=lambda e: (e.line, e.column))
    if report.errors or dry_run:
        report.created = sum(1 for _, target, _ in planned if target is None)
        report.updated = sum(1 for _, target, _ in planned if target is not None)
        return report
    report.batch = f"import-{secrets.token_hex(6)}"
    made: dict[str, Entity] = {}
    with transaction.atomic():
        for line, target, values in planned:
            if isinstance(values.get("parent"), str):
                values["parent"] = made[values["parent"]]
            if target is None:
                entity = Entity(agency=agency, is_demo=is_demo)
                changes = _apply(entity, values)
                entity.save()
                made[f"line:{line}"] = entity
                EntityChange.objects.create(entity=entity, verb="imported", actor=_actor(actor),
                                            batch=report.batch, changes=changes)
                report.created += 1
            else:
                changes = _apply(target, values)
                if changes:
                    target.save()
                    EntityChange.objects.create(entity=target, verb="imported",
                                                actor=_actor(actor), batch=report.batch,
                                                changes=changes)
                    report.updated += 1
                else:
                    report.unchanged += 1
        if report.created or report.updated:  # an import that changes nothing is no event
            audit_record(actor=actor, verb="directory.import", agency=agency,
                         details={"filename": filename[:200], "rows": report.rows,
                                  "created": report.created, "updated": report.updated,
                                  "batch": report.batch})
    report.written = True
    return report


def _label_kind(value: Any) -> str:
    try:
        return _choice(EntityKind, value)
    except ValueError:
        return ""


def _label(code: str) -> str:
    for column in COLUMNS:
        if column.code == code:
            return column.label
    return {"parent": "执业机构证号"}.get(code, code)


# Export --------------------------------------------------------------------------------

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _export_row(entity: Entity) -> list[Any]:
    row: list[Any] = []
    for column in COLUMNS:
        if column.code == "parent_licence_number":
            row.append(entity.parent.licence_number if entity.parent else "")
        elif column.kind == "choice":
            row.append(getattr(entity, f"get_{column.code}_display")() if getattr(
                entity, column.code) else "")
        elif column.kind == "bool":
            row.append("是" if getattr(entity, column.code) else "否")
        elif column.kind == "date":
            value = getattr(entity, column.code)
            row.append(value.isoformat() if value else "")
        else:
            row.append(getattr(entity, column.code))
    return row


def directory_export(*, actor: Any, agency: Agency, fmt: str) -> tuple[bytes, str, str]:
    """Every entry of the agency, in the import's columns (an export imports back as is)."""
    if not DirectoryPolicy.can_import(actor, agency):
        raise PermissionDeniedError("directory.export")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    entities = Entity.objects.filter(agency=agency).select_related("parent").order_by(
        "kind", "name", "id")
    header = [c.label for c in COLUMNS]
    rows = (_export_row(e) for e in entities.iterator(chunk_size=2000))
    body = (tabular.write_csv(header, rows) if fmt == "csv"
            else tabular.write_xlsx(header, rows, title="法律服务名录"))
    with transaction.atomic():
        audit_record(actor=actor, verb="directory.export", agency=agency,
                     details={"format": fmt, "rows": entities.count()})
    return body, EXPORT_FORMATS[fmt], f"directory-{agency.slug}.{fmt}"


# Connectors ----------------------------------------------------------------------------


def connector_configure(*, actor: Any, agency: Agency, system: str, base_url: str,
                        timeout_seconds: Any, retries: int, enabled: bool) -> ConnectorConfig:
    if not DirectoryPolicy.can_configure(actor, agency):
        raise PermissionDeniedError("directory.connector")
    errors: dict[str, list[str]] = {}
    if system not in ConnectorSystem.values:
        errors["system"] = ["未知的系统。"]
    if base_url:
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            errors["base_url"] = ["接口地址应以 http:// 或 https:// 开头。"]
    elif enabled:
        errors["base_url"] = ["启用前请填写接口地址。"]
    try:
        timeout = Decimal(str(timeout_seconds))
        if not Decimal("0.5") <= timeout <= Decimal("30"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["timeout_seconds"] = ["超时应在0.5至30秒之间。"]
        timeout = Decimal(5)
    if not 0 <= int(retries) <= 3:
        errors["retries"] = ["重试次数应在0至3次之间。"]
    if errors:
        raise EntityInvalid(errors)
    with transaction.atomic():
        config, _ = ConnectorConfig.objects.get_or_create(agency=agency, system=system)
        before = {"base_url": config.base_url, "timeout_seconds": str(config.timeout_seconds),
                  "retries": config.retries, "enabled": config.enabled}
        config.base_url, config.timeout_seconds = base_url, timeout
        config.retries, config.enabled = int(retries), bool(enabled)
        config.save()
        audit_record(actor=actor, verb="directory.connector_configure", obj=config,
                     agency=agency, details={"system": system, "before": before,
                                             "enabled": config.enabled})
    return config


# Licence-expiry reminders: the holder's consent ------------------------------------------


def reminder_consent_set(*, actor: Any, entity: Entity, email: str, consent: bool,
                         now: Any = None) -> Entity:
    """Record (or withdraw) the holder's consent to e-mail reminders of their licence's
    expiry and assessment, with the address they gave; withdrawing clears the address
    (nothing is kept that is not used). The history keeps that it changed, not the
    address."""
    from django.utils import timezone

    if actor is not None and not DirectoryPolicy.can_edit(actor, entity.agency):
        raise PermissionDeniedError("directory.reminder_consent")
    email = (email or "").strip()
    if consent:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise EntityInvalid({"reminder_email": ["请填写有效的电子邮箱。"]}) from exc
    with transaction.atomic():
        entity.reminder_email = email if consent else ""
        entity.reminder_consent_at = (now or timezone.now()) if consent else None
        entity.save(update_fields=["reminder_email", "reminder_consent_at", "updated_at"])
        verb = "reminder_consent" if consent else "reminder_consent_withdrawn"
        EntityChange.objects.create(entity=entity, verb=verb, actor=_actor(actor),
                                    changes={"reminder_consent": [not consent, consent]})
        audit_record(actor=actor, verb=f"directory.{verb}", obj=entity, agency=entity.agency_id)
    return entity
