"""Writes to the standard catalogue: items, their links, import (all or nothing, with a
report of every refused row) and export. Each write checks the policy, runs in one
transaction and appends an audit event there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.directory import tabular
from gongkai.standards.links import link_kind, link_kinds
from gongkai.standards.models import (
    CHANNELS,
    LEVELS,
    Audience,
    Manner,
    StandardItem,
    StandardLink,
)
from gongkai.standards.policies import StandardPolicy

SEPARATORS = re.compile(r"[、,,;;\n]+")


class ItemInvalid(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    code: str
    label: str


COLUMNS: tuple[Column, ...] = (
    Column("serial", "序号"), Column("level1", "一级事项"), Column("level2", "二级事项"),
    Column("content", "公开内容（要素）"), Column("basis", "公开依据"),
    Column("time_limit", "公开时限"), Column("limit_days", "时限（工作日）"),
    Column("subject", "公开主体"), Column("channels", "公开渠道和载体"),
    Column("audience", "公开对象"), Column("manner", "公开方式"), Column("levels", "公开层级"),
    Column("links", "关联"),
)
REQUIRED = ("serial", "level1", "content", "subject")
LENGTHS = {"level1": 100, "level2": 200, "time_limit": 200, "subject": 200}


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in SEPARATORS.split(str(value or "")) if part.strip()]


def _choice(enum: Any, value: Any, default: str) -> str:
    text = str(value or "").strip()
    if not text:
        return default
    if text in enum.values:
        return text
    for member in enum:
        if text in (str(member.label), f"{member.label}公开"):
            return member.value
    raise ValueError(text)


def clean_item_data(raw: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in REQUIRED:
        if str(raw.get(name, "") or "").strip() == "":
            fail(name, "必填。")
    try:
        out["serial"] = int(str(raw.get("serial", "")).strip())
        if out["serial"] < 1:
            raise ValueError
    except ValueError:
        if "serial" not in errors:
            fail("serial", "序号应为正整数。")
    for name in ("level1", "level2", "content", "basis", "time_limit", "subject"):
        text = str(raw.get(name, "") or "").strip()
        if name in LENGTHS and len(text) > LENGTHS[name]:
            fail(name, f"不能超过{LENGTHS[name]}个字符。")
        out[name] = text
    days = str(raw.get("limit_days", "") or "").strip()
    if days:
        try:
            out["limit_days"] = int(days)
            if not 1 <= out["limit_days"] <= 365:
                raise ValueError
        except ValueError:
            fail("limit_days", "时限应为1至365之间的工作日数。")
    else:
        out["limit_days"] = None
    out["channels"] = _split(raw.get("channels", ""))
    unknown = [c for c in out["channels"] if c not in CHANNELS]
    if unknown:
        fail("channels", f"未知的公开渠道：{'、'.join(unknown)}。可选：{'、'.join(CHANNELS)}。")
    out["levels"] = _split(raw.get("levels", ""))
    unknown = [v for v in out["levels"] if v not in LEVELS]
    if unknown:
        fail("levels", f"未知的公开层级：{'、'.join(unknown)}。可选：{'、'.join(LEVELS)}。")
    try:
        out["audience"] = _choice(Audience, raw.get("audience"), Audience.PUBLIC)
    except ValueError:
        fail("audience", "公开对象应为“全社会”或“特定群体”。")
    try:
        out["manner"] = _choice(Manner, raw.get("manner"), Manner.PROACTIVE)
    except ValueError:
        fail("manner", "公开方式应为“主动”或“依申请”。")
    if errors:
        raise ItemInvalid(errors)
    return out


def parse_links(agency: Agency, value: Any) -> list[tuple[str, str]]:
    """``kind:target`` per line (or separated by ; / ;): what an import's 关联 column holds."""
    links: list[tuple[str, str]] = []
    problems: list[str] = []
    for part in re.split(r"[;;\n]+", str(value or "")):
        part = part.strip()
        if not part:
            continue
        kind_key, sep, target = part.partition(":")
        kind = link_kind(kind_key.strip())
        if not sep or kind is None:
            problems.append(f"“{part}”应写作 类型:目标,类型为 {'、'.join(link_kinds())}。")
            continue
        problem = kind.validate(agency, target.strip())
        if problem:
            problems.append(f"“{part}”：{problem}")
            continue
        links.append((kind.key, target.strip()))
    if problems:
        raise ItemInvalid({"links": problems})
    return links


def _check_edit(actor: Any, agency: Agency) -> None:
    if actor is not None and not StandardPolicy.can_edit(actor, agency):
        raise PermissionDeniedError("standards.edit")


def item_save(*, actor: Any, agency: Agency, data: dict[str, Any],
              item: StandardItem | None = None, is_demo: bool = False) -> StandardItem:
    _check_edit(actor, agency if item is None else item.agency)
    values = clean_item_data(data)
    clash = StandardItem.objects.filter(agency=agency, serial=values["serial"])
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ItemInvalid({"serial": ["该序号已被使用。"]})
    with transaction.atomic():
        created = item is None
        if item is None:
            item = StandardItem(agency=agency, is_demo=is_demo)
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
        audit_record(actor=actor, verb="standards.create" if created else "standards.update",
                     obj=item, agency=agency, details={"serial": item.serial})
    return item


def item_delete(*, actor: Any, item: StandardItem) -> None:
    _check_edit(actor, item.agency)
    with transaction.atomic():
        audit_record(actor=actor, verb="standards.delete", obj=item, agency=item.agency_id,
                     details={"serial": item.serial, "level1": item.level1})
        item.delete()


def link_add(*, actor: Any, item: StandardItem, kind: str, target: str,
             label: str = "") -> StandardLink:
    _check_edit(actor, item.agency)
    found = link_kind(kind)
    if found is None:
        raise ItemInvalid({"kind": ["未知的关联类型。"]})
    target = target.strip()
    problem = found.validate(item.agency, target)
    if problem:
        raise ItemInvalid({"target": [problem]})
    if item.links.filter(kind=kind, target=target).exists():
        raise ItemInvalid({"target": ["该关联已存在。"]})
    with transaction.atomic():
        link = StandardLink.objects.create(item=item, kind=kind, target=target,
                                           label=label.strip()[:200],
                                           sort_order=item.links.count())
        audit_record(actor=actor, verb="standards.link_add", obj=item, agency=item.agency_id,
                     details={"kind": kind, "target": target[:200]})
    return link


def link_remove(*, actor: Any, link: StandardLink) -> None:
    _check_edit(actor, link.item.agency)
    with transaction.atomic():
        audit_record(actor=actor, verb="standards.link_remove", obj=link.item,
                     agency=link.item.agency_id,
                     details={"kind": link.kind, "target": link.target[:200]})
        link.delete()


# Import / export ---------------------------------------------------------------------


RowError = tabular.RowError
ImportReport = tabular.ImportReport


def _label(code: str) -> str:
    return next((c.label for c in COLUMNS if c.code == code), code)


def standards_import(*, actor: Any, agency: Agency, filename: str, data: bytes,
                     dry_run: bool = False) -> ImportReport:
    """Rows are matched to items by 序号: an existing one is updated (its links replaced
    when the 关联 column is present), a new one created. Any refused row: nothing written."""
    if actor is not None and not StandardPolicy.can_import(actor, agency):
        raise PermissionDeniedError("standards.import")
    report = ImportReport(filename=filename)
    try:
        header, rows = tabular.read_table(filename, data)
    except tabular.TableError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    mapping = tabular.header_map(header, COLUMNS, REQUIRED, report)
    if report.errors:
        return report
    report.rows = len(rows)
    existing = {i.serial: i for i in StandardItem.objects.filter(agency=agency)}
    seen: dict[int, int] = {}
    planned: list[tuple[StandardItem | None, dict[str, Any], list[tuple[str, str]] | None]] = []
    has_links = "links" in mapping.values()
    for line, cells in rows:
        raw = {mapping[i]: v for i, v in enumerate(cells) if i in mapping}
        row_errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        links = None
        try:
            values = clean_item_data(raw)
        except ItemInvalid as exc:
            row_errors.update(exc.errors)
        if has_links:
            try:
                links = parse_links(agency, raw.get("links", ""))
            except ItemInvalid as exc:
                row_errors.update(exc.errors)
        serial = values.get("serial")
        if serial is not None and serial in seen:
            row_errors.setdefault("serial", []).append(f"与第{seen[serial]}行的序号重复。")
        if row_errors:
            for code, messages in row_errors.items():
                report.errors.extend(RowError(line, _label(code), m) for m in messages)
            continue
        assert serial is not None  # clean_item_data passed
        seen[serial] = line
        planned.append((existing.get(serial), values, links))
    if report.errors or dry_run:
        report.created = sum(1 for target, _, _ in planned if target is None)
        report.updated = len(planned) - report.created
        return report
    with transaction.atomic():
        for target, values, links in planned:
            item = target or StandardItem(agency=agency)
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
            if links is not None:
                item.links.all().delete()
                StandardLink.objects.bulk_create(
                    StandardLink(item=item, kind=k, target=t, sort_order=n)
                    for n, (k, t) in enumerate(links))
            report.created += int(target is None)
            report.updated += int(target is not None)
        audit_record(actor=actor, verb="standards.import", agency=agency,
                     details={"filename": filename[:200], "rows": report.rows,
                              "created": report.created, "updated": report.updated})
    report.written = True
    return report


EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_rows(items: Any) -> list[list[Any]]:
    rows = []
    for item in items:
        rows.append([item.serial, item.level1, item.level2, item.content, item.basis,
                     item.time_limit, item.limit_days or "", item.subject, item.channels_text,
                     item.get_audience_display(), item.get_manner_display(), item.levels_text,
                     ";".join(f"{link.kind}:{link.target}" for link in item.links.all())])
    return rows


def standards_export(*, actor: Any, agency: Agency, fmt: str, audited: bool = True) -> tuple[bytes, str, str]:
    """The catalogue in the import's columns (an export imports back as is). The public
    open-data download passes ``audited=False`` and no actor."""
    if audited and not StandardPolicy.can_edit(actor, agency):
        raise PermissionDeniedError("standards.export")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    items = StandardItem.objects.filter(agency=agency).prefetch_related("links").order_by(
        "serial", "id")
    header = [c.label for c in COLUMNS]
    rows = export_rows(items)
    body = (tabular.write_csv(header, rows) if fmt == "csv"
            else tabular.write_xlsx(header, rows, title="公开标准目录"))
    if audited:
        with transaction.atomic():
            audit_record(actor=actor, verb="standards.export", agency=agency,
                         details={"format": fmt, "rows": len(rows)})
    return body, EXPORT_FORMATS[fmt], f"standards-{agency.slug}.{fmt}"
