"""What a log entry says about a published version, in one canonical form.

The leaf carries digests and identifiers, not the text: the log is public forever, while a
record may be withdrawn for good reason (a personal datum published by mistake). Anyone
holding a copy of the version can recompute ``content_sha256`` and find it in the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def version_content(version: Any, index_number: str | None) -> dict[str, Any]:
    return {
        "record": version.record_id, "version": version.number,
        "index_number": index_number or "", "title": version.title,
        "summary": version.summary, "body": version.body, "keywords": version.keywords,
        "document_number": version.document_number,
        "formed_on": version.formed_on.isoformat(),
        "disclosure_attribute": version.disclosure_attribute, "validity": version.validity,
    }


def version_content_sha256(version: Any, index_number: str | None) -> str:
    return hashlib.sha256(canonical(version_content(version, index_number))).hexdigest()


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
