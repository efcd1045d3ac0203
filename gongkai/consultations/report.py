"""The adoption report (意见采纳情况反馈): its figures and its text, from the comments.

国办发〔2016〕80号 细则 and local rules: for constructive comments say what was adopted; for
comments not adopted, the reason. Hidden comments are counted (so the totals add up to
what arrived) but not quoted; near-duplicates are quoted once with their count.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from gongkai.consultations.models import Channel, Comment, Consultation, Disposition, Moderation


def figures(consultation: Consultation) -> dict[str, Any]:
    rows = list(Comment.objects.filter(consultation=consultation)
                .order_by("id").values("id", "anchor", "anchor_label", "text", "channel",
                                       "moderation", "disposition", "answer", "group_id"))
    by_channel = Counter(r["channel"] for r in rows)
    shown = [r for r in rows if r["moderation"] == Moderation.PUBLISHED]
    by_disposition = Counter(r["disposition"] for r in shown)
    articles: dict[str, dict[str, Any]] = {}
    seen_groups: dict[int, dict[str, Any]] = {}
    for r in shown:
        key = r["anchor"] or ""
        entry = articles.setdefault(key, {"anchor": key, "label": r["anchor_label"] or "草案整体",
                                          "comments": []})
        if r["group_id"] is not None and r["group_id"] in seen_groups:
            seen_groups[r["group_id"]]["count"] += 1
            continue
        item = {"id": r["id"], "text": r["text"], "disposition": r["disposition"],
                "answer": r["answer"], "count": 1}
        if r["group_id"] is not None:
            seen_groups[r["group_id"]] = item
        entry["comments"].append(item)
    total_shown = len(shown)
    adopted = by_disposition[Disposition.ADOPTED] + by_disposition[Disposition.PARTLY]
    return {
        "totals": {"received": len(rows), "published": total_shown,
                   "hidden": sum(1 for r in rows if r["moderation"] == Moderation.HIDDEN),
                   "adopted": adopted,
                   "adoption_rate": round(100 * adopted / total_shown, 1) if total_shown else 0},
        "by_channel": [{"channel": c.value, "label": str(c.label), "count": by_channel[c.value]}
                       for c in Channel if by_channel[c.value]],
        "by_disposition": [{"disposition": d.value, "label": str(d.label),
                            "count": by_disposition[d.value]} for d in Disposition],
        "articles": sorted(articles.values(), key=lambda a: _order(a["anchor"])),
    }


def _order(key: str) -> tuple[int, int, int]:
    """Whole draft first, then articles in order, each before its paragraphs."""
    if not key:
        return (0, 0, 0)
    head, _p, para = key[1:].partition("p")
    try:
        return (1 if key.startswith("a") else 2, int(head or 0), int(para or 0))
    except ValueError:
        return (3, 0, 0)


def to_text(consultation: Consultation, data: dict[str, Any], summary: str) -> str:
    labels = dict(Disposition.choices)
    t = data["totals"]
    lines = [
        f"关于《{consultation.title}》公开征求意见采纳情况的反馈", "",
        f"{consultation.agency.name}于{consultation.opens_on:%Y年%m月%d日}至"
        f"{consultation.closes_on:%Y年%m月%d日}就《{consultation.title}》公开征求社会公众意见。",
        f"共收到意见{t['received']}条,其中公开{t['published']}条、因含有不宜公开内容未公开"
        f"{t['hidden']}条;采纳和部分采纳{t['adopted']}条,采纳率{t['adoption_rate']}%。",
        "按渠道:" + "、".join(f"{c['label']}{c['count']}条" for c in data["by_channel"]) + "。",
        "按处理结果:" + "、".join(f"{d['label']}{d['count']}条" for d in data["by_disposition"]) + "。",
    ]
    if summary:
        lines += ["", "一、总体情况", summary]
    lines += ["", "二、意见及采纳情况"]
    for article in data["articles"]:
        lines.append(f"【{article['label']}】")
        for n, item in enumerate(article["comments"], 1):
            count = f"(共{item['count']}条相同或相近意见)" if item["count"] > 1 else ""
            lines.append(f"{n}. 意见:{item['text']}{count}")
            lines.append(f"   处理结果:{labels.get(item['disposition'], '')}。{item['answer']}")
    not_adopted = [item for a in data["articles"] for item in a["comments"]
                   if item["disposition"] == Disposition.NOT_ADOPTED]
    if not_adopted:
        lines += ["", "三、未采纳意见及理由"]
        for n, item in enumerate(not_adopted, 1):
            lines.append(f"{n}. {item['text'][:80]} —— 理由:{item['answer']}")
    return "\n".join(lines)
