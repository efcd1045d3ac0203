"""Identity numbers of applicants: checks and masking.

- Mainland resident identity number (公民身份号码), GB 11643-1999: 17 digits (6 address,
  8 birth date, 3 sequence) and a check character from ISO 7064 MOD 11-2 over weights
  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mapped through "10X98765432".
- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters over the
  31-character set 0–9 and A–Y without I, O, Z, S, V; the last is a MOD 31 check over
  weights 3^i mod 31.

Regulations Art. 29(1) asks for the applicant's identity document; a typo in the number
would make the letter unusable, so it is caught at the form. Masking keeps personal data
out of lists (the full number only on the case page, for staff of the agency).
"""

from __future__ import annotations

import datetime as dt
import re

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"
_RESIDENT_ID_RE = re.compile(r"^\d{17}[\dX]$")

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class IdentityError(ValueError):
    """A number that cannot be right; the message says why, in Chinese, for the form."""


def normalise(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def validate_resident_id(value: str, *, today: dt.date | None = None) -> str:
    """The normalised number; raises IdentityError (format, birth date, check character)."""
    number = normalise(value)
    if not _RESIDENT_ID_RE.match(number):
        raise IdentityError("居民身份证号码应为18位,前17位为数字,最后一位为数字或X。")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError("居民身份证号码中的出生日期不正确。") from None
    if born.year < 1900 or born > (today or dt.date.today()):
        raise IdentityError("居民身份证号码中的出生日期不正确。")
    if resident_id_check_char(number[:17]) != number[17]:
        raise IdentityError("居民身份证号码校验位不正确,请核对后重新填写。")
    return number


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w
                for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """The normalised code; raises IdentityError (format or check character)."""
    code = normalise(value)
    if len(code) != 18 or not _CREDIT_CODE_RE.match(code):
        raise IdentityError("统一社会信用代码应为18位数字或大写字母(不使用I、O、Z、S、V)。")
    if credit_code_check_char(code[:17]) != code[17]:
        raise IdentityError("统一社会信用代码校验位不正确,请核对后重新填写。")
    return code


def validate_id(id_type: str, value: str) -> str:
    """Resident IDs are checked fully; other documents only for a plausible shape."""
    if id_type == "resident_id":
        return validate_resident_id(value)
    number = normalise(value)
    if not re.match(r"^[0-9A-Z()（）-]{5,30}$", number):
        raise IdentityError("证件号码格式不正确。")
    return number


def mask_id(value: str) -> str:
    """``310104********123X``: region kept for routing, birth date and sequence hidden."""
    number = normalise(value)
    if len(number) <= 4:
        return "*" * len(number)
    keep_head = 6 if len(number) >= 15 else 1
    return number[:keep_head] + "*" * (len(number) - keep_head - 4) + number[-4:]


# Words that end the name of an organisation rather than a person.
ORGANISATION_SUFFIXES = (
    "公司", "集团", "事务所", "中心", "协会", "学会", "商会", "委员会", "研究院", "研究所", "学院",
    "大学", "学校", "医院", "银行", "合作社", "基金会", "办事处", "工作室", "居委会", "村委会",
    "有限合伙", "个体工商户",
)
# Single-character endings (厂、店…) also end some given names: only longer names count.
ORGANISATION_SHORT_SUFFIXES = ("厂", "店", "馆", "局", "院", "所")
# A bracketed addition to a name (“李明(演示)”, “王芳(代理人)”): not part of the name.
_BRACKETED = re.compile(r"\s*[(（\[【].*$")


def is_organisation_name(name: str) -> bool:
    core = _BRACKETED.sub("", (name or "").strip())
    return ((len(core) >= 4 and core.endswith(ORGANISATION_SUFFIXES))
            or (len(core) >= 5 and core.endswith(ORGANISATION_SHORT_SUFFIXES)))


def mask_name(name: str) -> str:
    """``张*``, ``张*明``, ``欧**明`` for people: the first character (the surname, or the
    first of a compound one) and, from three characters on, the last stay; a bracketed
    addition is dropped (it may name someone else), so no stray bracket survives.
    Organisations are public bodies' correspondents and keep their name."""
    name = (name or "").strip()
    if is_organisation_name(name):
        return name
    core = _BRACKETED.sub("", name).strip() or name.strip("()（）[]【】 ")
    if len(core) <= 1:
        return core
    if len(core) == 2:
        return core[0] + "*"
    return core[0] + "*" * (len(core) - 2) + core[-1]


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return mask_name(local)
    return (local[:1] + "***@" + domain) if local else "@" + domain
