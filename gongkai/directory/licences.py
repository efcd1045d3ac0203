"""Licence numbers and licence facts of legal-service bodies and people, as data.

Sources (local practice where said so; an administrator adjusts a figure here, never in a
view):

- 《律师执业管理办法》 and the 律师执业证 numbering of the Ministry of Justice: a lawyer's
  practice licence number has 17 digits (category, region, first year, type, gender,
  serial). Law firms now carry their 统一社会信用代码 as licence number; older
  17-digit firm numbers are still in circulation.
- 《公证员执业管理办法》 / 《公证机构执业管理办法》: notaries' and notary offices' numbers
  are numeric (local practice: 9 to 17 digits).
- 《司法鉴定机构登记管理办法》 / 《司法鉴定人登记管理办法》: licence numbers are numeric (local
  practice: 6 to 17 digits).
- Mediation committees, legal-aid centres and grassroots legal-service offices hold no
  practice licence; a registration number, when they have one, is free-form.
- 《行政许可法》 Art. 50: renewal is applied for 30 days before expiry — the reminders
  issue reads ``licence_valid_until`` and ``next_assessment_on`` for that.
- Yearly assessment: lawyers by the bar association (称职/基本称职/不称职), law firms by the
  yearly inspection (合格/不合格).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

CREDIT_CODE_FORM = r"[0-9A-HJ-NPQRTUWXY]{18}"


@dataclass(frozen=True)
class LicenceRule:
    pattern: str  # full match
    hint: str  # what a valid number looks like, shown in errors
    required: bool  # the kind must have a licence number
    credit_code: bool = False  # the kind is an organisation with a credit code

    def matches(self, number: str) -> bool:
        return re.fullmatch(self.pattern, number) is not None


# Keyed by EntityKind values (models.py imports this module, not the other way round).
LICENCE_RULES: dict[str, LicenceRule] = {
    "law_firm": LicenceRule(rf"\d{{17}}|{CREDIT_CODE_FORM}", "17位数字或18位统一社会信用代码",
                            required=True, credit_code=True),
    "lawyer": LicenceRule(r"[1-9]\d{16}", "17位数字，例如 13101201811234567", required=True),
    "notary_office": LicenceRule(rf"\d{{6,17}}|{CREDIT_CODE_FORM}", "6至17位数字或统一社会信用代码",
                                 required=True, credit_code=True),
    "notary": LicenceRule(r"\d{9,17}", "9至17位数字", required=True),
    "appraisal_institution": LicenceRule(rf"\d{{6,17}}|{CREDIT_CODE_FORM}",
                                         "6至17位数字或统一社会信用代码", required=True,
                                         credit_code=True),
    "appraiser": LicenceRule(r"\d{6,17}", "6至17位数字", required=True),
    "mediation_committee": LicenceRule(r"[0-9A-Za-z\-]{4,30}", "4至30位字母、数字或连字符",
                                       required=False, credit_code=True),
    "legal_aid_centre": LicenceRule(r"[0-9A-Za-z\-]{4,30}", "4至30位字母、数字或连字符",
                                    required=False, credit_code=True),
    "grassroots_office": LicenceRule(r"[0-9A-Za-z\-]{4,30}", "4至30位字母、数字或连字符",
                                     required=False, credit_code=True),
    # 《基层法律服务工作者管理办法》: a practice certificate (执业证) numbered locally.
    "grassroots_worker": LicenceRule(r"[0-9A-Za-z\-]{6,30}", "6至30位字母、数字或连字符",
                                     required=True),
}

# A person belongs to an organisation of one kind (律师 → 律师事务所 …).
PARENT_KINDS: dict[str, str] = {
    "lawyer": "law_firm",
    "notary": "notary_office",
    "appraiser": "appraisal_institution",
    "grassroots_worker": "grassroots_office",
}

#: Days before ``licence_valid_until`` that renewal must be applied for (行政许可法 Art. 50).
RENEWAL_NOTICE_DAYS = 30


def normalise_licence_number(value: str) -> str:
    return re.sub(r"[\s\u3000]", "", value or "").upper()


def licence_number_error(kind: str, number: str) -> str | None:
    """None when ``number`` fits ``kind`` (blank fits a kind that needs no licence)."""
    rule = LICENCE_RULES[kind]
    if not number:
        return _("执业（许可）证号为必填项。") if rule.required else None
    if not rule.matches(number):
        return _("执业（许可）证号格式不正确：应为%(hint)s。") % {"hint": rule.hint}
    return None
