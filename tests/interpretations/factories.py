"""Helpers for interpretation tests: policies through the catalogue's services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Record
from tests.factories import record_fields

SECTIONS_FILLED = {
    "background": "依据《上海市行政规范性文件管理规定》。", "purpose": "规范公证执业。",
    "main_measures": "明确办理流程和监督措施。", "scope": "本市公证机构。",
    "standards": "按国家标准执行。", "time_limits": "自2027年1月1日起施行。",
    "terms": "公证：指公证机构依法证明。", "differences": "取消两项证明材料。",
}


def measures_genre():
    return catalogue.genre_get_or_create(code="measures", name="办法", is_normative=True)


def policy(agency: Any, **overrides: Any) -> Record:
    fields = record_fields(title="上海市公证执业管理办法", genre=measures_genre(),
                           document_number="沪司规〔2026〕1号",
                           formed_on=dt.date(2026, 11, 2))
    fields.update(overrides)
    return catalogue.record_create(actor=None, agency=agency, **fields)


def submit(record: Record) -> Record:
    return catalogue.record_submit(actor=None, record=record)


def approve(record: Record) -> Record:
    return catalogue.record_approve(actor=None, record=record)


def require_sync(agency: Any, since: dt.date = dt.date(2026, 1, 1)):
    from gongkai.interpretations.services import sync_rule_set

    return sync_rule_set(actor=None, agency=agency, genre=measures_genre(), applies_from=since)


def interpretation(policy_record: Record, *, form: str = "text", prepared: bool = False,
                   **overrides: Any):
    from gongkai.interpretations import services

    fields: dict[str, Any] = dict(SECTIONS_FILLED)
    if form in ("video", "audio", "animation", "press"):
        fields["captions"] = "（字幕）各位市民，今天为大家解读……"
    if form in ("chart", "flow"):
        fields["text_alternative"] = "图解共三部分：办理条件、办理流程、监督方式。"
    if form not in ("text", "press"):
        fields["media_url"] = "https://example.org/media/1"
    title = overrides.pop("title", f"《{policy_record.title}》{form}解读")
    fields.update(overrides)
    item = services.interpretation_create(actor=None, policy=policy_record, title=title,
                                          form=form, **fields)
    if prepared:
        item = services.interpretation_prepare(actor=None, interpretation=item)
    return item
