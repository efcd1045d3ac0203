"""How a party is shown to the public: the one place the masking rules live.

The rules (``../shared/reference/participation-and-enforcement-rules.md``, redaction; 国办发
〔2018〕118号 and the bureau's practice for 处罚决定公开): a legal person or other organisation
is named in full; a natural person appears as surname + 某 (张某, 欧阳某), and the full name
is replaced by that form wherever it occurs in the published facts and decision. Identity
numbers, addresses and contact details are not published at all; what escapes into free
text is caught by the catalogue's confidentiality scan before anything goes out.
Decisions about minors are never published (``services.decision_publish`` refuses).
"""

from __future__ import annotations

# Compound surnames (复姓) that are kept whole; any other name keeps its first character.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "呼延", "澹台", "单于",
})
MASK = "某"


def mask_natural_person(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return surname + MASK


def public_party(party_type: str, name: str) -> str:
    if party_type == "natural_person":
        return mask_natural_person(name)
    return name.strip()


def public_text(text: str, party_type: str, name: str) -> str:
    """``text`` with a natural person's full name replaced by its masked form."""
    name = name.strip()
    if party_type != "natural_person" or not name:
        return text
    return text.replace(name, mask_natural_person(name))
