"""Document numbers (文件编号 / 发文字号), e.g. 沪司办〔2020〕6号.

GB/T 9704-2012 §7.2.4: the issuing number is the issuer's abbreviation, the year in
hexagonal brackets 〔〕 (U+3014/U+3015) and the serial followed by 号. People type [],
【】, (), （） or ［］ instead; all are accepted, the canonical form is stored, and a lookup
key (no brackets, no spaces, no 号) finds the record however it was typed.
"""

from __future__ import annotations

import re

OPEN = "[【（(［〔{｛"
CLOSE = "]】）)］〕}｝"

_PATTERN = re.compile(
    rf"^\s*(?P<issuer>[^\s{re.escape(OPEN)}{re.escape(CLOSE)}0-9]{{1,20}}?)\s*"
    rf"[{re.escape(OPEN)}]\s*(?P<year>(19|20)\d{{2}})\s*[{re.escape(CLOSE)}]\s*"
    r"第?\s*(?P<serial>\d{1,6})\s*号?\s*$"
)
_DECREE = re.compile(r"^\s*(?P<issuer>[^\s0-9]{1,20}?)\s*第\s*(?P<serial>\d{1,6})\s*号\s*$")


class DocumentNumberError(ValueError):
    """Not a document number in any accepted form."""


def normalise(raw: str) -> str:
    """The canonical form; raises DocumentNumberError with a message a person can act on."""
    text = (raw or "").strip()
    if not text:
        return ""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    match = _PATTERN.match(text)
    if match:
        serial = int(match["serial"])
        return f"{match['issuer']}〔{match['year']}〕{serial}号"
    decree = _DECREE.match(text)
    if decree:
        return f"{decree['issuer']}第{int(decree['serial'])}号"
    raise DocumentNumberError(
        f"文件编号“{raw}”格式不正确:应为“发文机关代字〔年份〕序号号”,例如 沪司办〔2020〕6号。"
    )


def lookup_key(raw: str) -> str:
    """A form for matching: canonical without brackets and 号, e.g. 沪司办20206."""
    try:
        canonical = normalise(raw)
    except DocumentNumberError:
        canonical = (raw or "").strip()
    return re.sub(rf"[\s{re.escape(OPEN)}{re.escape(CLOSE)}号第]", "", canonical)


def looks_like_document_number(text: str) -> bool:
    try:
        return bool(normalise(text))
    except DocumentNumberError:
        return False
