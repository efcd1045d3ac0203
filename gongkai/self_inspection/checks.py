"""The inspection itself: columns, signals, probe tries and crawl findings in, a scored
result out. Pure reading; nothing is stored here (``services.snapshot_week`` stores).

The result is plain JSON (the API, the CLI's ``--output x.json``, the weekly snapshot and
the report all use the same dict)::

    {"agency", "score", "passed", "bonus", "checked_at",
     "vetoes": [{"key", "name", "source", "items": [{"title", "url", "detail"}]}],
     "deductions": [{"key", "name", "source", "points", "items": [...]}],
     "bonuses": [{"key", "name", "points"}], "columns": [...]}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.self_inspection import rules
from gongkai.self_inspection.columns import columns_for, signals_for

MAX_ITEMS = 200  # items listed per finding; the count says how many there were


def _item(title: str, url: str, detail: str = "") -> dict[str, str]:
    return {"title": str(title), "url": url, "detail": detail}


def _finding(kind: str, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    if kind == "veto":
        name, source = rules.VETOES[key]
        return {"key": key, "name": name, "source": source, "count": len(items),
                "items": items[:MAX_ITEMS]}
    rule = rules.DEDUCTIONS[key]
    points = rule.points if rule.once else min(rule.cap, rule.points * len(items))
    return {"key": key, "name": rule.name, "source": rule.source, "points": points,
            "count": len(items), "items": items[:MAX_ITEMS]}


def availability_items(agency: Any, now: dt.datetime) -> tuple[list[dict[str, Any]], dict]:
    from gongkai.self_inspection.models import ProbeTry

    tries = ProbeTry.objects.filter(agency=agency, at__gte=now - rules.AVAILABILITY_WINDOW)
    total = tries.count()
    failed = tries.filter(ok=False)
    nfailed = failed.count()
    figures = {"tries": total, "failed": nfailed}
    if total < rules.AVAILABILITY_MIN_TRIES or nfailed / total < rules.AVAILABILITY_FAIL_SHARE:
        return [], figures
    items = [_item(f"{timezone.localtime(t.at):%Y-%m-%d %H:%M}", t.url,
                   f"{t.seconds:.1f}秒，状态{t.status or '无响应'}")
             for t in failed.order_by("-at")[:20]]
    share = f"{nfailed}/{total}"
    return [_item(f"一周内{share}次访问未能在15秒内打开", "", ""), *items], figures


def _age(column: dict[str, Any], today: dt.date) -> str:
    updated = column.get("updated_on")
    return f"最后更新 {updated:%Y-%m-%d}" if updated else "从未更新"


def column_findings(columns: list[dict[str, Any]], today: dt.date) -> dict[str, list]:
    stale, long_stale, empty, policy_stale = [], [], [], []
    for column in columns:
        updated, count = column.get("updated_on"), column.get("count", 0)
        item = _item(column["name"], column["url"], _age(column, today))
        if not count:
            empty.append(item)
            continue
        limit = rules.COLUMN_LIMITS.get(column["kind"])
        if limit is not None and (updated is None or updated < today - limit):
            stale.append(item)
            if column["kind"] == "policy":
                policy_stale.append(item)
        if updated is None or updated < today - rules.LONG_STALE:
            long_stale.append(item)
    return {"stale": stale, "long_stale": long_stale, "empty": empty,
            "policy_stale": policy_stale}


def footer_items(agency: Any) -> list[dict[str, str]]:
    """The footer identity comes from the agency's own fields (portal base.html shows them);
    a missing one is missing on every page. The organiser (主办单位) is never missing: the
    footer falls back to the agency's name."""
    url = reverse("admin:core_agency_change", args=[agency.pk])
    labels = {"site_code": "网站标识码", "icp_number": "ICP备案号",
              "police_number": "公安机关备案号"}
    return [_item(f"未填写{label}", url) for field, label in labels.items()
            if not (getattr(agency, field, "") or "").strip()]


def reach_items() -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    """The latest IPv6/HTTPS check of the public address, by key; and what the dashboard
    says of it (when, which address, or that no public address is configured)."""
    from gongkai.self_inspection.models import ReachCheck

    row = ReachCheck.objects.filter(pk=1).first()
    if row is None:
        return {}, {"checked": False}
    found: dict[str, list[dict[str, str]]] = {}
    for f in row.findings:
        found.setdefault(f["key"], []).append(_item(f["title"], row.url, f.get("detail", "")))
    return found, {"checked": True, "url": row.url, "checked_at": row.checked_at.isoformat(),
                   "findings": len(row.findings)}


def crawl_items(agency: Any) -> dict[str, list[dict[str, str]]]:
    from gongkai.self_inspection.models import CrawlFinding

    found: dict[str, list[dict[str, str]]] = {}
    for f in CrawlFinding.objects.filter(agency=agency).order_by("kind", "page_url", "pk"):
        found.setdefault(f.kind, []).append(
            _item(f.page_url, f.page_url, f"{f.target} {f.detail}".strip()))
    return found


def inspect(agency: Any, *, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    columns = columns_for(agency)
    signals = signals_for(agency, rules.signal_context(today))
    crawl = crawl_items(agency)
    vetoes: list[dict[str, Any]] = []
    deductions: list[dict[str, Any]] = []

    def veto(key: str, items: list[dict[str, Any]]) -> None:
        if items:
            vetoes.append(_finding("veto", key, items))

    def deduct(key: str, items: list[dict[str, Any]]) -> None:
        if items:
            deductions.append(_finding("deduction", key, items))

    probe, probe_figures = availability_items(agency, now)
    veto("availability", probe)
    latest = max((c["updated_on"] for c in columns if c.get("updated_on")), default=None)
    if latest is None or latest < today - rules.HOME_STALE:
        home = reverse("portal:agency_home", kwargs={"agency": agency.slug})
        veto("home_stale", [_item("首页", home, f"最新信息 {latest:%Y-%m-%d}" if latest
                                   else "首页没有任何信息")])
    by_state = column_findings(columns, today)
    if len(by_state["stale"]) >= rules.STALE_COLUMNS_VETO:
        veto("stale_columns", by_state["stale"])
    if len(by_state["long_stale"]) >= rules.LONG_STALE_COLUMNS_VETO:
        veto("long_stale_columns", by_state["long_stale"])
    if len(by_state["empty"]) >= rules.EMPTY_COLUMNS_VETO:
        veto("empty_columns", by_state["empty"])
    if not any(c["kind"] == "interaction" for c in columns):
        veto("no_interaction", [_item("互动交流", "", "没有留言信箱或其他互动栏目")])
    veto("unanswered_messages", signals.get("unanswered_messages", []))
    veto("serious_wording", crawl.get("serious_wording", []))
    veto("personal_data", crawl.get("personal_data", []))
    veto("publication_dates", signals.get("publication_dates", []))

    deduct("policy_stale", by_state["policy_stale"])
    deduct("columns_stale", [i for i in by_state["stale"] if i not in by_state["policy_stale"]])
    deduct("replies_stale", signals.get("replies_stale", []))
    deduct("annual_report_late", signals.get("annual_report_late", []))
    deduct("interpretations_missing", signals.get("interpretations_missing", []))
    deduct("broken_links", crawl.get("broken_link", []))
    deduct("broken_attachments", signals.get("broken_attachments", []))
    deduct("wording", crawl.get("wording", []))
    deduct("footer_identity", footer_items(agency))
    deduct("page_weight", crawl.get("page_weight", []))
    reach, reach_figures = reach_items()
    deduct("ipv6", reach.get("ipv6", []))
    deduct("https", reach.get("https", []))
    deduct("accessibility", crawl.get("accessibility", []))

    bonuses: list[dict[str, Any]] = [{"key": key, "name": name, "points": points}
               for key, (name, points) in rules.BONUSES.items() if signals.get(key)]
    bonus = min(rules.BONUS_MAX, sum(b["points"] for b in bonuses))
    lost = sum(d["points"] for d in deductions)
    score = max(0, rules.FULL_SCORE - lost) + bonus
    return {
        "agency": agency.slug, "agency_name": agency.name, "score": score,
        "passed": not vetoes and score >= rules.PASS_SCORE, "bonus": bonus,
        "checked_at": now.isoformat(), "vetoes": vetoes, "deductions": deductions,
        "bonuses": bonuses, "probe": probe_figures, "reach": reach_figures,
        "columns": [{**c, "updated_on": c["updated_on"].isoformat() if c.get("updated_on")
                     else None} for c in columns],
    }
