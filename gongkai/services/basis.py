"""Legal bases (设定依据 / 法律依据) as references to the law library.

A basis is stored as ``{"law": title, "article": "第六条", "law_version": "YYYY-MM-DD"}``: the
title and article number as the library writes them, and the version date of the law in
force when the basis was recorded. Reading resolves each reference to the version in
force *now* and flags, for staff:

- ``unknown_law`` — no law of that title in the library (a typo, or not imported);
- ``repealed`` — the law is there but no version of it is in force;
- ``article_missing`` — the version in force has no article of that number (renumbered or
  deleted by an amendment);
- ``amended`` — the version in force is newer than the one recorded: the article may say
  something else now.

Writes call ``basis_normalise``, which refuses unknown laws and missing articles.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from gongkai.laws.models import Law, LawArticle

PREFIX = "中华人民共和国"
FLAG_TEXT = {
    "unknown_law": "法律法规库中没有该法律法规",
    "repealed": "该法律法规已失效",
    "article_missing": "现行版本中没有该条（可能已被修改或重新编号）",
    "amended": "该法律法规在记录依据后已修订，请核对条文",
}
_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """12 → 十二, 105 → 一百零五 (article numbers as Chinese laws write them)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10
                                    else ("一" + _cn_number(rest) if rest < 20 else _cn_number(rest)))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def article_number(value: str) -> str:
    """"6", "第6条", "第六条" → "第六条"."""
    value = value.strip().replace(" ", "")
    match = re.fullmatch(r"第?(\d+)条?", value)
    if match:
        return f"第{_cn_number(int(match.group(1)))}条"
    if value and not value.startswith("第"):
        value = "第" + value
    if value and not value.endswith("条"):
        value += "条"
    return value


def _titles(name: str) -> list[str]:
    name = name.strip().strip("《》")
    return [name, name.removeprefix(PREFIX)] if name.startswith(PREFIX) else [name, PREFIX + name]


@dataclass
class Resolved:
    law: str
    article: str
    law_id: int | None = None
    law_title: str = ""
    ordinal: int | None = None
    text: str = ""
    in_force: bool = False
    flag: str = ""

    @property
    def flag_text(self) -> str:
        return FLAG_TEXT.get(self.flag, "")

    def url(self, agency_slug: str) -> str:
        if self.law_id is None:
            return ""
        url = reverse("laws:law", kwargs={"agency": agency_slug, "pk": self.law_id})
        return f"{url}#a{self.ordinal}" if self.ordinal else url

    def as_dict(self, agency_slug: str) -> dict[str, Any]:
        return {"law": self.law_title or self.law, "article": self.article,
                "url": self.url(agency_slug), "in_force": self.in_force,
                "flag": self.flag}


class BasisResolver:
    """Resolves references with one query per law title (a page of powers cites the same
    few laws again and again)."""

    def __init__(self) -> None:
        self._laws: dict[str, tuple[Law | None, bool]] = {}
        self._articles: dict[tuple[int, str], LawArticle | None] = {}

    def law(self, name: str) -> tuple[Law | None, bool]:
        """(the version in force or None, whether any version exists)."""
        if name not in self._laws:
            versions = list(Law.objects.filter(title__in=_titles(name), subtitle="")
                            .order_by("-in_force", "-version_date", "-pk")
                            .only("id", "title", "version_date", "in_force")[:1])
            found = versions[0] if versions else None
            self._laws[name] = ((found if found and found.in_force else None), found is not None)
        return self._laws[name]

    def article(self, law: Law, number: str) -> LawArticle | None:
        key = (law.pk, number)
        if key not in self._articles:
            self._articles[key] = (LawArticle.objects.filter(law=law, number=number)
                                   .only("id", "ordinal", "text", "number").first())
        return self._articles[key]

    def resolve(self, entry: dict[str, Any]) -> Resolved:
        name, number = str(entry.get("law", "")), article_number(str(entry.get("article", "")))
        out = Resolved(law=name, article=number)
        law, exists = self.law(name)
        if law is None:
            out.flag = "repealed" if exists else "unknown_law"
            return out
        out.law_id, out.law_title, out.in_force = law.pk, law.title, True
        article = self.article(law, number)
        if article is None:
            out.flag = "article_missing"
            return out
        out.ordinal, out.text = article.ordinal, article.text
        recorded = entry.get("law_version") or ""
        if law.version_date and recorded and law.version_date.isoformat() > recorded:
            out.flag = "amended"
        return out

    def resolve_all(self, entries: list[dict[str, Any]]) -> list[Resolved]:
        return [self.resolve(e) for e in entries or []]


def basis_normalise(entries: list[dict[str, Any]],
                    resolver: BasisResolver | None = None) -> tuple[list[dict], list[str]]:
    """The entries as stored (title as in the library, article number in Chinese, the
    version in force recorded) and the errors, one per bad reference."""
    resolver = resolver or BasisResolver()
    out: list[dict] = []
    errors: list[str] = []
    for entry in entries:
        name = str(entry.get("law", "")).strip().strip("《》")
        number = article_number(str(entry.get("article", "")))
        if not name or not number:
            errors.append("法律依据须写明法律法规名称和条号。")
            continue
        law, exists = resolver.law(name)
        if law is None:
            errors.append(f"《{name}》" + ("已失效，不能作为依据。" if exists
                                          else "不在法律法规库中。"))
            continue
        if resolver.article(law, number) is None:
            errors.append(f"《{law.title}》现行版本中没有{number}。")
            continue
        version = law.version_date.isoformat() if law.version_date else ""
        out.append({"law": law.title, "article": number, "law_version": version})
    return out, errors


def parse_basis_text(text: str) -> list[dict[str, str]]:
    """"中华人民共和国律师法 第六条; 法律援助法 第三十一条" → entries. Separators: ；; or newlines;
    the law and article are split at the last space or at 第."""
    entries = []
    for part in re.split(r"[；;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"《?(.+?)》?\s*(第?[\d一二三四五六七八九十百零]+条)", part)
        if match:
            entries.append({"law": match.group(1).strip(), "article": match.group(2)})
        else:
            entries.append({"law": part, "article": ""})
    return entries


def basis_text(entries: list[dict[str, Any]]) -> str:
    return "；".join(f"{e.get('law', '')} {e.get('article', '')}" for e in entries or [])


def newer_than(entries: list[dict[str, Any]], when: dt.date) -> bool:
    """Whether any law cited was amended after ``when`` (the warning on a guide)."""
    resolver = BasisResolver()
    for entry in entries or []:
        law, _ = resolver.law(str(entry.get("law", "")))
        if law is not None and law.version_date and law.version_date > when:
            return True
    return False
