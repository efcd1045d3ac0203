"""Hotline work orders (12345 市民热线, 12348 法律服务热线) in and replies out, in the
Open311 GeoReport v2 shape the rules file names (service_request_id, status, status_notes,
service_code, service_name, description, agency_responsible, requested_datetime,
updated_datetime, expected_datetime, address, media_url).

An order row:

- ``service_request_id`` (required): the hotline's order number; idempotent — an order
  already here is answered with the existing message, never a second one;
- ``description`` (required), ``service_name``, ``service_code``, ``address``;
- ``requested_datetime`` (required, ISO 8601; without a zone it is Beijing time);
- ``expected_datetime`` (optional): the hotline's own deadline; without it the agency's
  hotline limit (``limits``) counts from the request;
- ``agency`` (or ``agency_responsible``): organisation code or slug of the agency;
- ``hotline``: ``12345`` (default) or ``12348``; ``type``: consult/complaint/suggestion/help
  (default help);
- contact, kept for staff only: ``name`` (or first_name + last_name), ``phone``, ``email``.

Good rows are taken and bad rows reported one by one (row number, order number, messages
by field); one bad row never loses the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gongkai.audit.services import audit_record
from gongkai.core.selectors import agency_resolve
from gongkai.interaction import limits, services
from gongkai.interaction.models import HOTLINE_CHANNELS, Channel, Message, MessageType
from gongkai.interaction.policies import InteractionPolicy
from gongkai.workdays.calendar import WorkingCalendar
from gongkai.workdays.clock import Clock

HOTLINES = {"12345": Channel.HOTLINE_12345, "12348": Channel.HOTLINE_12348}
MAX_ROWS = 5000  # per request or file; larger files are split by the hotline
CHUNK = 200  # orders per transaction
SUBJECT_MAX = 25


class HotlineFileError(ValueError):
    """A file that cannot be read at all (not CSV, Excel or JSON; no header)."""


@dataclass
class ImportResult:
    created: list[Message] = field(default_factory=list)
    existing: list[Message] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"created": len(self.created), "existing": len(self.existing),
                "errors": len(self.errors)}


# Reading files --------------------------------------------------------------------------------


def read_file(name: str, data: bytes) -> list[dict[str, Any]]:
    """Rows of a CSV (UTF-8, with or without BOM; GB18030 accepted), Excel (.xlsx, first
    sheet, first row the header) or JSON (a list, or {"orders"|"service_requests": [...]})."""
    lower = (name or "").lower()
    if lower.endswith(".json") or data[:1] in (b"[", b"{"):
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HotlineFileError(f"JSON 文件无法解析：{exc}") from exc
        if isinstance(parsed, dict):
            parsed = parsed.get("orders") or parsed.get("service_requests") or [parsed]
        if not isinstance(parsed, list):
            raise HotlineFileError("JSON 文件应为工单列表。")
        return [row if isinstance(row, dict) else {"_invalid": row} for row in parsed]
    if lower.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt") or not lower:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise HotlineFileError("CSV 文件编码无法识别，请使用 UTF-8。")
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "service_request_id" not in reader.fieldnames:
            raise HotlineFileError("CSV 文件第一行应为列名，且包含 service_request_id。")
        return [dict(row) for row in reader]
    raise HotlineFileError("只接受 CSV、Excel（.xlsx）或 JSON 文件。")


def _read_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or disguised file
        raise HotlineFileError("Excel 文件无法读取，请确认是 .xlsx 格式。") from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    if "service_request_id" not in header:
        raise HotlineFileError("Excel 第一行应为列名，且包含 service_request_id。")
    out = []
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        out.append({h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h})
    book.close()
    return out


# Importing ---------------------------------------------------------------------------------


def _text(row: dict[str, Any], *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _moment(value: Any, name: str, errors: dict[str, str], *, required: bool) -> dt.datetime | None:
    moment: dt.datetime | None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if not text:
            if required:
                errors[name] = "缺少时间（ISO 8601，例如 2026-03-02T09:30:00+08:00）。"
            return None
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            errors[name] = f"时间“{text[:40]}”格式不正确，应为 ISO 8601。"
            return None
    assert moment is not None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _clean_row(row: dict[str, Any], default_agency: Any,
               agencies: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    if "_invalid" in row:
        return {}, {"row": "每条工单应为一个对象。"}
    order_id = _text(row, "service_request_id")
    if not order_id:
        errors["service_request_id"] = "缺少工单编号 service_request_id。"
    elif len(order_id) > 64:
        errors["service_request_id"] = "工单编号不能超过64个字符。"
    description = _text(row, "description")
    if not description:
        errors["description"] = "缺少诉求内容 description。"
    elif len(description) > 5000:
        errors["description"] = "诉求内容不能超过5000个字。"
    code = _text(row, "agency", "agency_responsible")
    agencies = agencies if agencies is not None else {}
    if code and code not in agencies:
        agencies[code] = agency_resolve(code)
    agency = agencies[code] if code else default_agency
    if agency is None:
        errors["agency"] = f"没有组织机构代码或网址标识为“{code[:40]}”的机构。" if code else \
            "缺少承办机构 agency（组织机构代码或网址标识）。"
    hotline = _text(row, "hotline") or "12345"
    if hotline not in HOTLINES:
        errors["hotline"] = "hotline 只能是 12345 或 12348。"
    kind = _text(row, "type") or MessageType.HELP
    if kind not in MessageType.values:
        errors["type"] = "type 只能是 consult、complaint、suggestion 或 help。"
    requested = _moment(row.get("requested_datetime"), "requested_datetime", errors, required=True)
    expected = _moment(row.get("expected_datetime"), "expected_datetime", errors, required=False)
    if requested and requested > timezone.now() + dt.timedelta(hours=1):
        errors["requested_datetime"] = "受理时间不能晚于现在。"
    if requested and expected and expected < requested:
        errors["expected_datetime"] = "办理期限不能早于受理时间。"
    name = _text(row, "name") or (_text(row, "last_name") + _text(row, "first_name"))
    service_name = _text(row, "service_name")[:100]
    subject = (service_name or description)[:SUBJECT_MAX]
    data = {"order_id": order_id, "agency": agency, "channel": HOTLINES.get(hotline),
            "requested": requested, "expected": expected,
            "fields": {"type": kind, "subject": subject, "text": description, "name": name[:50],
                       "phone": _text(row, "phone")[:30], "email": _text(row, "email")[:254],
                       "service_name": service_name, "address": _text(row, "address")[:300],
                       "external_id": order_id}}
    return data, errors


def import_orders(*, actor: Any, rows: list[dict[str, Any]], default_agency: Any = None,
                  source: str = "api") -> ImportResult:
    """Take the good rows, report the bad ones. Each order is its own transaction (a bad
    or racing row loses nothing else); the caller's permission is checked per agency."""
    result = ImportResult()
    if len(rows) > MAX_ROWS:
        result.errors.append({"row": 0, "service_request_id": "",
                              "errors": {"rows": f"一次最多导入{MAX_ROWS}条工单。"}})
        return result
    clock = Clock(WorkingCalendar())
    own_rows: dict[int, Any] = {}
    allowed: dict[int, bool] = {}
    agency_cache: dict[str, Any] = {}
    # One query for the orders already here (the common case of a hotline that resends).
    numbers = [str(r.get("service_request_id", "")).strip() for r in rows if isinstance(r, dict)]
    known = {(m.channel, m.external_id): m for m in
             Message.objects.filter(external_id__in=[n for n in numbers if n])}

    def take(index: int, row: Any) -> None:
        data, errors = _clean_row(row if isinstance(row, dict) else {"_invalid": row},
                                  default_agency, agency_cache)
        if not errors and actor is not None:
            agency_id = data["agency"].pk
            if agency_id not in allowed:
                allowed[agency_id] = InteractionPolicy.can_import_hotline(actor, data["agency"])
            if not allowed[agency_id]:
                errors["agency"] = "您的账号无权为该机构导入热线工单。"
        if errors:
            result.errors.append({"row": index, "service_request_id": data.get("order_id", ""),
                                  "errors": errors})
            return
        found = known.get((data["channel"], data["order_id"]))
        if found is not None:
            result.existing.append(found)
            return
        agency = data["agency"]
        if agency.pk not in own_rows:
            own_rows[agency.pk] = limits.agency_limits(agency.pk) or False
        try:
            with transaction.atomic():
                message = services._new_message(
                    agency=agency, channel=data["channel"], received_at=data["requested"],
                    data=data["fields"], clock=clock, own=own_rows[agency.pk] or None)
                if data["expected"] is not None:
                    message.due_on = timezone.localtime(data["expected"]).date()
                    message.limit_days, message.due_on_provisional = 0, False
                message.set_access_code(order_access_code(message))
                message.save()
                services._event(message, "hotline_import", actor=actor, source=source)
                audit_record(actor=actor, verb="interaction.hotline_import", obj=message,
                             agency=agency.pk, details={"case_number": message.case_number,
                                                        "order": data["order_id"],
                                                        "source": source})
        except IntegrityError:
            found = Message.objects.filter(channel=data["channel"],
                                           external_id=data["order_id"]).first()
            if found is None:
                raise
            result.existing.append(found)
            return
        known[(message.channel, message.external_id)] = message
        result.created.append(message)

    # Orders commit in chunks: each order is a savepoint (a bad or racing row loses nothing
    # else), and a chunk is one transaction, so the disk is synced per chunk, not per order.
    for offset in range(0, len(rows), CHUNK):
        with transaction.atomic():
            for index, row in enumerate(rows[offset:offset + CHUNK], start=offset + 1):
                take(index, row)
    return result


def order_access_code(message: Message) -> str:
    """The access code of a hotline order: an HMAC of its order number under the site's
    secret (the kit's keyed codes), so the hotline can give it to the caller with the
    tracking code on every answer about the order, and nothing plain is stored. The caller
    then follows the order on the status page like a mailbox writer (53号: progress the
    caller can look up)."""
    from gongkai.core import intake

    return intake.access_code_for_key(f"hotline-{message.channel}", message.agency_id,
                                      message.external_id)


# Replies out ---------------------------------------------------------------------------------


def replies(*, agency_ids: list[int] | None, since: dt.datetime | None = None):
    """Answered or closed hotline orders, oldest answer first (a client pulls with the
    last ``updated_datetime`` it saw as ``since``)."""
    queryset = Message.objects.filter(channel__in=HOTLINE_CHANNELS, answered_at__isnull=False)
    if agency_ids is not None:
        queryset = queryset.filter(agency_id__in=agency_ids)
    if since is not None:
        queryset = queryset.filter(answered_at__gt=since)
    return queryset.select_related("agency").order_by("answered_at", "id")


def reply_row(message: Message) -> dict[str, Any]:
    """One reply in the Open311 shape."""
    return {
        "service_request_id": message.external_id,
        "status": "closed" if message.status in ("answered", "closed") else "open",
        "status_notes": message.reply,
        "service_name": message.service_name,
        "agency_responsible": message.agency.organisation_code,
        "requested_datetime": message.received_at.isoformat(),
        "updated_datetime": message.answered_at.isoformat() if message.answered_at else None,
        "expected_datetime": message.due_on.isoformat(),
        "hotline": "12348" if message.channel == Channel.HOTLINE_12348 else "12345",
        "case_number": message.case_number,
    }


REPLY_COLUMNS = ("service_request_id", "status", "status_notes", "service_name",
                 "agency_responsible", "requested_datetime", "updated_datetime",
                 "expected_datetime", "hotline", "case_number")


# A cell a spreadsheet would run as a formula (OWASP "CSV injection") gets an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def replies_csv(messages: Any) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPLY_COLUMNS)
    writer.writeheader()
    for message in messages:
        writer.writerow({k: _cell(v) for k, v in reply_row(message).items()})
    return "\ufeff" + out.getvalue()


def validation_fields(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def push_replies(url: str, *, token: str = "", agency_ids: list[int] | None = None,
                 timeout: float = 10.0) -> int:
    """POST the answers not yet sent to the hotline's endpoint (JSON list in the Open311
    shape); those the endpoint accepts (2xx) are marked sent, so a failure loses nothing
    and a retry sends them again. Returns how many were sent."""
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise HotlineFileError("the hotline reply URL must be http(s)")
    pending = list(replies(agency_ids=agency_ids).filter(reply_exported_at__isnull=True)[:MAX_ROWS])
    if not pending:
        return 0
    body = json.dumps([reply_row(m) for m in pending], ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 (http(s) checked above)
        url, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise HotlineFileError(f"hotline answered {response.status}")
    Message.objects.filter(pk__in=[m.pk for m in pending]).update(reply_exported_at=timezone.now())
    return len(pending)
