"""Factories of enforcement publicity (through the services where a state matters)."""

from __future__ import annotations

import datetime as dt
import itertools

from gongkai.enforcement import services

_serial = itertools.count(1)


def decision(agency, *, category="penalty", decided_on=dt.date(2025, 9, 26),
             party_type="legal_person", party_name="上海明理律师事务所", facts="收取规定外费用。",
             basis="《中华人民共和国律师法》第五十条", decision_text="给予警告。", today=None, **extra):
    return services.decision_record(
        actor=None, agency=agency, category=category, decided_on=decided_on,
        document_number=f"沪司罚决〔{decided_on.year}〕{next(_serial)}号", party_type=party_type,
        party_name=party_name, facts=facts, basis=basis, decision=decision_text,
        today=today or dt.date(2026, 12, 1), **extra)
