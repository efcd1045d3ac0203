"""What a log entry says about a published version, in one canonical form.

The leaf carries digests and identifiers, not the text: the log is public forever, while a
record may be withdrawn for good reason (a personal datum published by mistake). Anyone
holding a copy of the version can recompute ``content_sha256`` and find it in the log. The
catalogue computes that digest (``catalogue.publication.content_sha256``): the log hashes
the leaf it is given and knows no record field.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
