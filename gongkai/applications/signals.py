"""What applications listen to: the working-day calendar (due dates move with it).

Connected in ``ApplicationsConfig.ready``. ``calendar_changed`` is sent after the
calendar change commits, so recalculation runs in its own transactions and the case
history records why each date moved.
"""

from __future__ import annotations

from typing import Any


def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    from gongkai.applications.services import on_calendar_changed

    on_calendar_changed(sender, **kwargs)


def connect() -> None:
    from gongkai.workdays.services import calendar_changed

    calendar_changed.connect(_calendar_changed, dispatch_uid="applications.calendar_changed")
