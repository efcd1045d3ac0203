"""What applications listen to: the working-day calendar (due dates move with it).

Connected in ``ApplicationsConfig.ready``. Applications are a deadline owner
(``gongkai.workdays.deadlines``): after a calendar change commits, the
``workdays.recalculate_deadlines`` job calls ``services.recalculate_after_calendar_change``,
which recalculates the open cases in their own transactions and records in each case's
history why its date moved. Nothing runs in the administrator's request.
"""

from __future__ import annotations

from typing import Any


def _recalculate(change: Any, clock: Any) -> int:
    from gongkai.applications.services import recalculate_after_calendar_change

    return recalculate_after_calendar_change(change, clock)


def connect() -> None:
    from gongkai.workdays.deadlines import register_deadline_owner

    register_deadline_owner("applications", _recalculate)
