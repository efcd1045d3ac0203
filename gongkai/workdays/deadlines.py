"""Who stores due dates that move with the calendar: the registry of deadline owners.

An app that stores a due date counted in working days (applications today; comment
periods, enforcement publicity, proposals next) registers one function in its
``AppConfig.ready``::

    register_deadline_owner("applications", recalculate_after_calendar_change)

A calendar change (a day set or cleared, a year declared or imported) enqueues one
``workdays.recalculate_deadlines`` job in the administrator's transaction; the job calls
every owner with the ``CalendarChange`` and one shared calendar snapshot, so the request
returns at once and the job does the work. Each owner recalculates its open items whose
period runs over the changed dates and writes, in each item's own history, why the date
moved — ``change.describe()`` says which change and by whom.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.workdays.calendar import WorkingCalendar
from gongkai.workdays.clock import Clock


@dataclass(frozen=True)
class CalendarChange:
    """One administrator's change, as the job receives it (JSON-safe through ``as_kwargs``)."""

    verb: str  # calendar.day_set, calendar.day_clear, calendar.year_declare, calendar.import
    summary: str  # what changed, in Chinese: "2027-01-01 设为休息日(元旦)"
    dates: tuple[dt.date, ...] = ()  # the days whose status changed; () = any
    actor_id: int | None = None
    actor_label: str = ""  # the administrator's user name, kept even if the account goes
    audit_seq: int | None = None  # the audit event recording the change
    changed_at: str = ""
    reason: str = ""  # the short technical form, e.g. "calendar.day_set 2027-01-01"

    def describe(self) -> str:
        """For a case history: which change, by whom, when."""
        who = self.actor_label or "系统"
        when = f"于{self.changed_at[:16].replace('T', ' ')}" if self.changed_at else ""
        return f"日历调整:{self.summary},由{who}{when}操作({self.reason or self.verb})"

    def as_kwargs(self) -> dict[str, Any]:
        return {"verb": self.verb, "summary": self.summary,
                "dates": [d.isoformat() for d in self.dates], "actor_id": self.actor_id,
                "actor_label": self.actor_label, "audit_seq": self.audit_seq,
                "changed_at": self.changed_at, "reason": self.reason}

    @classmethod
    def from_kwargs(cls, data: dict[str, Any]) -> CalendarChange:
        return cls(verb=data.get("verb", ""), summary=data.get("summary", ""),
                   dates=tuple(dt.date.fromisoformat(d) for d in data.get("dates") or ()),
                   actor_id=data.get("actor_id"), actor_label=data.get("actor_label", ""),
                   audit_seq=data.get("audit_seq"), changed_at=data.get("changed_at", ""),
                   reason=data.get("reason", ""))


log = logging.getLogger("gongkai.workdays")

DeadlineOwner = Callable[[CalendarChange, Clock], int]  # returns how many items moved


@dataclass
class _Registry:
    owners: dict[str, DeadlineOwner] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_deadline_owner(name: str, recalculate: DeadlineOwner) -> None:
    """Idempotent per name (``ready`` may run twice in tests)."""
    _REGISTRY.owners[name] = recalculate


def unregister_deadline_owner(name: str) -> None:
    _REGISTRY.owners.pop(name, None)


def deadline_owners() -> dict[str, DeadlineOwner]:
    return dict(_REGISTRY.owners)


def recalculate_deadlines(change: CalendarChange) -> dict[str, int]:
    """Every owner, one snapshot loaded after the change committed: {owner: items moved}."""
    clock = Clock(WorkingCalendar())
    moved: dict[str, int] = {}
    failed: list[str] = []
    for name, owner in sorted(_REGISTRY.owners.items()):
        try:
            moved[name] = owner(change, clock)
        except Exception:  # the other owners still run; the job fails and is retried
            log.exception("deadline owner %s failed after %s", name, change.reason or change.verb)
            failed.append(name)
    if failed:
        # A retry runs every owner again: recalculation is idempotent (nothing moves twice).
        raise RuntimeError(f"deadline owners failed: {', '.join(failed)} (moved: {moved})")
    return moved
