from __future__ import annotations

import datetime as dt
from typing import Any

SH = dt.timezone(dt.timedelta(hours=8))


def concern(agency: Any, *, level: str = "general", at: dt.datetime | None = None,
            title: str = "网传某律所违规收费", **kwargs: Any):
    from gongkai.opinion.services import concern_register

    return concern_register(actor=None, agency=agency, title=title, level=level,
                            registered_at=at, now=kwargs.pop("now", None), **kwargs)


def inbound(agency: Any, title: str, at: dt.datetime, text: str = "", ref: str = ""):
    from gongkai.opinion.services import inbound_add

    return inbound_add(actor=None, agency=agency, title=title, text=text, received_at=at,
                       ref=ref or f"{title}:{at.isoformat()}")[0]
