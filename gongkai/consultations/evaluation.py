"""Consultations' figures on the evaluation dashboard (考核评价), for the period asked:
consultations opened in it, their published comments, the adoption rate of answered ones,
and the mean comment period."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from gongkai.consultations.models import Comment, Consultation, Moderation
from gongkai.consultations.selectors import PUBLIC_STATUSES


def figures(agency: Any, start: Any, end: Any) -> list[tuple[str, Any]]:
    rows = Consultation.objects.filter(agency=agency, status__in=PUBLIC_STATUSES,
                                       opens_on__gte=start, opens_on__lte=end)
    n = rows.count()
    if not n:
        return []
    counts = Comment.objects.filter(consultation__in=rows, moderation=Moderation.PUBLISHED
                                    ).aggregate(
        comments=Count("id"), answered=Count("id", filter=~Q(disposition="")),
        adopted=Count("id", filter=Q(disposition__in=["adopted", "partly"])))
    periods = [(c - o).days for o, c in rows.values_list("opens_on", "closes_on") if o and c]
    rate = (f"{100 * counts['adopted'] / counts['answered']:.1f}%" if counts["answered"]
            else "—")
    mean = f"{sum(periods) / len(periods):.1f}" if periods else "—"
    return [("征求意见（项）", n), ("公开的意见（条）", counts["comments"]),
            ("意见采纳率（采纳与部分采纳）", rate), ("平均征求意见期（日）", mean)]
