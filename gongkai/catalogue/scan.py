"""Pre-scan of text before the confidentiality review (保密审查).

Regulations Art. 17 makes the agency review every piece of information before it is
published; Art. 14 withholds state secrets and Art. 15 withholds trade secrets, personal
privacy and other third-party rights whose disclosure would harm them. A reviewer still
decides: this module only points at what a person should look at twice, with enough context
to judge it. It therefore errs towards reporting (every 秘密, every 内部) and leaves the
judgement to the reviewer, while keeping out the numbers that fill every government
document (dates, years, document numbers such as 沪司办〔2020〕6号, index numbers such as
002420455M/2020-00035, the hotlines 12345 and 12348).

What is found, and how strictly:

- ``id_card``: resident identity card numbers (GB 11643-1999, 公民身份号码): 6-digit region
  code, birth date YYYYMMDD that exists, lies between 1900 and today, 3-digit sequence, and the
  ISO 7064 MOD 11-2 check character (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainder
  mapped through "10X98765432"). A number whose check character or date is wrong is not
  reported: it is then most likely not an identity number at all. The old 15-digit form
  (before 1999) is not looked for.
- ``mobile``: mainland mobile numbers 1[3-9]x xxxx xxxx with an optional +86 / 0086 / 86
  prefix and single spaces or hyphens between groups (138-1234-5678).
- ``landline``: fixed-line numbers *with* an area code (010, 02x, 0xxx), bracketed or not,
  with an optional extension (转 / - / ext). Numbers without an area code are too easily
  confused with other figures and are not looked for.
- ``bank_card``: 16 to 19 digits, whole or in groups of four, passing the Luhn check.
- ``email``: e-mail addresses.
- ``trade_secret``: the words 商业秘密.
- ``classification``: the marks 绝密 / 机密 / 秘密 (with the optional ★ and period, as in
  秘密★1年) and the internal-use marks 内部, 内部资料, 内部文件, 不得外传, 注意保存. Every
  occurrence is reported, 保守秘密 and 机密性 included: the reviewer sees the context.

Numbers are looked for only as whole runs: a candidate preceded or followed by another
ASCII letter or digit is part of some longer code and is skipped. Full-width digits,
letters and punctuation (１３８…, ＠, （０２１）) are read as their ASCII forms; the
offsets and matches reported are those of the original text.

Where two findings overlap only one is kept, by the order of ``_DETECTORS``: an identity
number is never also reported as a bank card or mobile number, a phone number inside an
e-mail address is reported as the address, and 秘密 inside 商业秘密 as the trade secret.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

CONTEXT_CHARS = 20

LABELS: dict[str, str] = {
    "id_card": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "trade_secret": "商业秘密",
    "classification": "密级或内部标识",
}

# GB 11643-1999 §5.2 (ISO 7064:1983 MOD 11-2).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space, one character for one, so that
# offsets in the translated text are offsets in the original.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20

_NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])"
_NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])"

_ID_RE = re.compile(_NOT_AFTER_ALNUM + r"[1-9][0-9]{16}[0-9Xx]" + _NOT_BEFORE_ALNUM)

_MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(?:\(?(?:\+|00)?86\)?[ -]?)?"
    r"1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    + _NOT_BEFORE_ALNUM
)

# Mainland area codes: 010, 020-029 (three digits) and 0[3-9]xx (four digits).
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE_RE = re.compile(
    _NOT_AFTER_ALNUM
    + rf"(?:\({_AREA}\)|{_AREA})[ -]?"
    + r"[1-9][0-9]{2,3}[ -]?[0-9]{4}"
    + r"(?:(?: ?(?:转|分机|ext\.?|x) ?|-)[0-9]{1,6})?"
    + _NOT_BEFORE_ALNUM
)

_BANK_RE = re.compile(
    _NOT_AFTER_ALNUM
    + r"(?:[0-9]{16,19}|[0-9]{4}(?P<sep>[ -])[0-9]{4}(?:(?P=sep)[0-9]{4}){2}(?:(?P=sep)[0-9]{1,3})?)"
    + _NOT_BEFORE_ALNUM
)

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])"
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9-])"
)

_TRADE_SECRET_RE = re.compile(r"商业秘密")

_CLASSIFICATION_RE = re.compile(
    r"(?:绝密|机密|秘密)(?:\s*[★☆]\s*(?:[0-9一二三四五六七八九十]+\s*(?:年|个月)|长期)?)?"
    r"|内部资料|内部文件|内部|不得外传|注意保存"
)


@dataclass(frozen=True, slots=True)
class ScanHit:
    """One thing a reviewer should look at. ``match`` and ``context`` are unmasked: show them
    to the reviewer, but log only ``mask(match, kind)``."""

    kind: str
    label: str
    start: int
    end: int
    match: str
    context: str
    source: str


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def is_valid_id_number(number: str, *, today: dt.date | None = None) -> bool:
    """True for an 18-character number with an existing, past birth date and the right check."""
    if len(number) != 18 or not number[:17].isdigit() or not number[:17].isascii():
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or dt.date.today()):
        return False
    return id_check_char(number[:17]) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812-1) check that every payment card number passes."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _bank_ok(text: str) -> bool:
    digits = _digits(text)
    return 16 <= len(digits) <= 19 and luhn_ok(digits)


def _always(text: str) -> bool:
    return True


# In priority order: where two candidates overlap, the earlier detector's is kept.
_DETECTORS: tuple[tuple[str, re.Pattern[str], Callable[[str], bool]], ...] = (
    ("email", _EMAIL_RE, _always),
    ("id_card", _ID_RE, is_valid_id_number),
    ("bank_card", _BANK_RE, _bank_ok),
    ("mobile", _MOBILE_RE, _always),
    ("landline", _LANDLINE_RE, _always),
    ("trade_secret", _TRADE_SECRET_RE, _always),
    ("classification", _CLASSIFICATION_RE, _always),
)


def _candidates(normal: str) -> Iterator[tuple[str, int, int]]:
    for kind, pattern, valid in _DETECTORS:
        for found in pattern.finditer(normal):
            if valid(found.group()):
                yield kind, found.start(), found.end()


def _context(text: str, start: int, end: int) -> str:
    snippet = text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS]
    return " ".join(snippet.split())


def _fixed_spans(normal: str, fixed_wording: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in fixed_wording:
        phrase = phrase.translate(_HALF_WIDTH)
        if not phrase:
            continue
        at = normal.find(phrase)
        while at >= 0:
            spans.append((at, at + len(phrase)))
            at = normal.find(phrase, at + 1)
    return spans


def scan_text(text: str, *, source: str = "body",
              fixed_wording: Iterable[str] = ()) -> list[ScanHit]:
    """Everything in ``text`` a confidentiality reviewer should look at, in reading order.

    ``source`` says where the text came from (body, title, an attachment's name) and is
    copied into each hit so findings from several texts can be listed together.
    ``fixed_wording`` are phrases the publisher prints word for word by law, such as the
    annual report's row labels (1.属于国家秘密, 5.属于三类内部事务信息, GB/T 40656 report
    format): a hit lying wholly inside one of them is the law's wording, not a secret.
    """
    if not text:
        return []
    normal = text.translate(_HALF_WIDTH)
    fixed = _fixed_spans(normal, fixed_wording)
    taken: list[tuple[int, int]] = []  # kept spans, sorted and never overlapping each other
    hits: list[ScanHit] = []
    for kind, start, end in _candidates(normal):  # already in priority order
        if any(a <= start and end <= b for a, b in fixed):
            continue
        at = bisect.bisect_left(taken, (start, end))
        if (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end):
            continue
        taken.insert(at, (start, end))
        hits.append(ScanHit(kind=kind, label=LABELS[kind], start=start, end=end,
                            match=text[start:end], context=_context(text, start, end),
                            source=source))
    hits.sort(key=lambda hit: (hit.start, hit.end))
    return hits


def _mask_chars(text: str, keep_head: int, keep_tail: int) -> str:
    """Star every ASCII letter or digit but the first ``keep_head`` and last ``keep_tail`` of
    them, keeping separators, so 138-1234-5678 becomes 138-****-5678."""
    positions = [i for i, c in enumerate(text) if c.isascii() and c.isalnum()]
    if len(positions) <= keep_head + keep_tail:
        keep_head, keep_tail = min(keep_head, len(positions) // 3), min(keep_tail, len(positions) // 3)
    hidden = set(positions[keep_head:len(positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


_PHONE_PREFIX_RE = re.compile(r"^\(?(?:\+|00)?86\)?[ -]?(?=1)")
_LANDLINE_PARTS_RE = re.compile(
    rf"^(?P<area>(?:\({_AREA}\)|{_AREA})[ -]?)(?P<local>[0-9]{{3,4}}[ -]?[0-9]{{4}})"
)


def mask(match: str, kind: str) -> str:
    """A form of ``match`` safe to write to logs and audit details.

    Identity numbers keep the first three digits and the last four (310***********1234),
    mobile numbers their prefix, first three and last four digits, landlines the area code,
    the last four digits and any extension (an office, not a person), bank cards the first
    and last four digits, e-mail addresses the first character and the domain.
    Classification marks and 商业秘密 are words, not personal data, and are returned as they are.
    """
    if kind in ("classification", "trade_secret"):
        return match
    text = match.translate(_HALF_WIDTH)
    if kind == "id_card":
        return _mask_chars(text, 3, 4)
    if kind == "mobile":
        prefix = _PHONE_PREFIX_RE.match(text)
        head = prefix.group() if prefix else ""
        return head + _mask_chars(text[len(head):], 3, 4)
    if kind == "landline":
        parts = _LANDLINE_PARTS_RE.match(text)
        if parts:
            return parts["area"] + _mask_chars(parts["local"], 0, 4) + text[parts.end():]
        return _mask_chars(text, 3, 4)
    if kind == "bank_card":
        return _mask_chars(text, 4, 4)
    if kind == "email" and "@" in text:
        local, domain = text.rsplit("@", 1)
        return f"{local[:1]}***@{domain}"
    return _mask_chars(text, 1, 1)
