"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capitals without I, O, Z, S,
V): 1 registration authority, 1 organisation type, 6 region (GB/T 2260), 9 organisation
code (GB 11714), 1 check character. The check character is computed over the first 17
with weights 3^i mod 31 (GB 32100-2015 §5.3): ``C18 = 31 - (Σ Ci·Wi mod 31)``, where 31
maps to 0. A wrong check character is a typing error we refuse at the edge.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in ALPHABET)."""
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    remainder = 31 - total % 31
    return ALPHABET[0 if remainder == 31 else remainder]


def normalise(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def credit_code_error(value: str) -> str | None:
    """None for a valid code, else the reason in Chinese."""
    code = normalise(value)
    if len(code) != 18:
        return _("统一社会信用代码应为18位。")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。") % {
            "chars": "".join(bad)}
    if check_character(code[:17]) != code[17]:
        return _("统一社会信用代码校验位不正确，请核对。")
    return None


def validate_credit_code(value: str) -> None:
    """Django validator form of ``credit_code_error`` (blank values are not checked)."""
    if not value:
        return
    error = credit_code_error(value)
    if error:
        raise ValidationError(error, code="credit_code")
