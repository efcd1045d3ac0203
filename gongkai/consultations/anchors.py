"""Article and paragraph anchors of a draft, and what changed between two versions.

A draft written the usual way (第一条 …, further paragraphs of the article on their own
lines, 第X章 headings) gets one anchor per article (``a3`` 第三条) and one per further
paragraph (``a3p2`` 第三条第二款); a draft without articles gets one per paragraph (``p4``
第4段). Comments point at a key; the label is kept with the comment so that a report still
names the article after a new version renumbers it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

ARTICLE = re.compile(r"^\s*(第[一二三四五六七八九十百零〇两\d]+条)")
HEADING = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+[章节编]")
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (as article numbers are written)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return DIGITS[n // 100] + "百" + tail


def parse(text: str) -> list[dict[str, Any]]:
    """The anchors of a draft text, in order: {key, label, text, article}."""
    anchors: list[dict[str, Any]] = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    has_articles = any(ARTICLE.match(line) for line in lines)
    article = 0
    paragraph = 0
    loose = 0
    for line in lines:
        if HEADING.match(line) and not ARTICLE.match(line):
            continue
        match = ARTICLE.match(line)
        if match:
            article += 1
            paragraph = 1
            key = f"a{article}"
            anchors.append({"key": key, "label": match.group(1), "text": line, "article": key})
        elif has_articles and article:
            paragraph += 1
            art = anchors[-1]["article"]
            art_label = next(a["label"] for a in anchors if a["key"] == art)
            anchors.append({"key": f"{art}p{paragraph}",
                            "label": f"{art_label}第{chinese_number(paragraph)}款",
                            "text": line, "article": art})
        else:
            loose += 1
            key = f"p{loose}"
            anchors.append({"key": key, "label": f"第{loose}段", "text": line, "article": key})
    return anchors


def find(anchors: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    return next((a for a in anchors if a["key"] == key), None)


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """Line by line: ('same'|'added'|'removed', line)."""
    result: list[tuple[str, str]] = []
    old_lines = [line.strip() for line in old.splitlines() if line.strip()]
    new_lines = [line.strip() for line in new.splitlines() if line.strip()]
    for op in difflib.ndiff(old_lines, new_lines):
        tag, line = op[:2], op[2:]
        if tag == "  ":
            result.append(("same", line))
        elif tag == "+ ":
            result.append(("added", line))
        elif tag == "- ":
            result.append(("removed", line))
    return result
