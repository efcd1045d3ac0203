"""Reads: the interpretations of a policy, the late and missing list, the 50 % share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.catalogue.models import Record
from gongkai.catalogue.visibility import public_q
from gongkai.interpretations import limits
from gongkai.interpretations.models import (
    NON_TEXT,
    Form,
    Interpretation,
    Status,
    Waiver,
    WaiverKind,
)

NO_DEPARTMENT = "（未指定处室）"


def public_for_policy(policy: Record) -> QuerySet[Interpretation]:
    """Published interpretations of a policy whose own record the public may see."""
    return (Interpretation.objects.filter(policy=policy, status=Status.PUBLISHED)
            .filter(public_q("record__")).select_related("record", "department")
            .order_by("published_at", "pk"))


def public_for_record(record: Record) -> Interpretation | None:
    """The interpretation a public record is (None when it is not one)."""
    return (Interpretation.objects.filter(record=record, status=Status.PUBLISHED)
            .select_related("record", "policy", "policy__current_version", "policy__agency",
                            "policy__replaced_by", "department").first())


def for_agencies(ids: list[int] | None) -> QuerySet[Interpretation]:
    qs = Interpretation.objects.select_related("policy", "department", "agency", "record")
    return qs if ids is None else qs.filter(agency_id__in=ids)


@dataclass
class SyncRow:
    waiver: Waiver
    state: str  # pending | overdue | late | on_time | exempt
    published_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        return {"pending": "待发布", "overdue": "已逾期未发布", "late": "逾期发布",
                "on_time": "按期发布", "exempt": "无需解读"}[self.state]


def sync_rows(ids: list[int] | None, *, today: dt.date | None = None) -> list[SyncRow]:
    """Every policy that went out without its interpretation, with where it stands: the
    office's list of late and missing interpretations."""
    today = today or timezone.localdate()
    waivers = Waiver.objects.select_related("policy", "agency", "recorded_by").order_by(
        "due_on", "pk")
    if ids is not None:
        waivers = waivers.filter(agency_id__in=ids)
    first: dict[int, dt.datetime] = {}
    for policy_id, published_at in (Interpretation.objects.filter(
            status=Status.PUBLISHED, policy_id__in=[w.policy_id for w in waivers])
            .order_by("published_at").values_list("policy_id", "published_at")):
        if published_at is not None:
            first.setdefault(policy_id, published_at)
    rows = []
    for waiver in waivers:
        at = first.get(waiver.policy_id)
        if waiver.kind == WaiverKind.EXEMPT:
            state = "exempt"
        elif waiver.due_on is None:
            state = "pending"  # the policy itself is not yet published
        elif at is None:
            state = "overdue" if today > waiver.due_on else "pending"
        else:
            state = "late" if timezone.localdate(at) > waiver.due_on else "on_time"
        rows.append(SyncRow(waiver, state, at))
    return rows


@dataclass
class Share:
    """Interpretations of a year (by publication date), by form; the non-text share."""

    year: int
    department: str = ""
    department_key: str = ""  # a department id, "none" (not given) or "" (all)
    by_form: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_form.values())

    @property
    def non_text(self) -> int:
        return sum(n for f, n in self.by_form.items() if f in NON_TEXT)

    @property
    def ratio(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.non_text) / Decimal(self.total)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP)

    @property
    def percent(self) -> str:
        return "—" if self.ratio is None else f"{(self.ratio * 100).quantize(Decimal('0.1'))}%"

    @property
    def meets_target(self) -> bool:
        return self.ratio is not None and self.ratio >= limits.NON_TEXT_TARGET

    def form_rows(self) -> list[tuple[str, str, int]]:
        return [(f.value, str(f.label), self.by_form.get(f.value, 0)) for f in Form]


def _published_in(year: int, ids: list[int] | None) -> QuerySet[Interpretation]:
    start = dt.datetime(year, 1, 1, tzinfo=limits.engine.SHANGHAI)
    end = dt.datetime(year + 1, 1, 1, tzinfo=limits.engine.SHANGHAI)
    qs = Interpretation.objects.filter(status=Status.PUBLISHED, published_at__gte=start,
                                       published_at__lt=end)
    return qs if ids is None else qs.filter(agency_id__in=ids)


def share(*, year: int, agency_ids: list[int] | None) -> tuple[Share, list[Share]]:
    """(the agencies' overall share, one per department), each with the ids behind it."""
    overall = Share(year)
    departments: dict[str, Share] = {}
    rows = list(_published_in(year, agency_ids).order_by("pk").values_list(
        "pk", "form", "department_id", "department__name", "agency__short_name"))
    several = len({r[4] for r in rows}) > 1
    for pk, form, department_id, department, agency in rows:
        key = str(department_id) if department_id else "none"
        name = department or NO_DEPARTMENT
        label = f"{agency}·{name}" if several else name
        for s in (overall, departments.setdefault(key, Share(year, label, key))):
            s.by_form[form] = s.by_form.get(form, 0) + 1
            s.items.setdefault(form, []).append(pk)
    return overall, sorted(departments.values(), key=lambda s: s.department)


def share_list(*, year: int, agency_ids: list[int] | None, form: str = "",
               department: str = "") -> QuerySet[Interpretation]:
    """The interpretations behind one figure of the dashboard (``department``: a
    ``Share.department_key``)."""
    qs = _published_in(year, agency_ids).select_related("policy", "department", "record")
    if form == "non_text":
        qs = qs.filter(form__in=[f.value for f in NON_TEXT])
    elif form:
        qs = qs.filter(form=form)
    if department == "none":
        qs = qs.filter(department__isnull=True)
    elif department.isdigit():
        qs = qs.filter(department_id=int(department))
    return qs.order_by("published_at", "pk")


def annual_report_figure(*, agency_id: int, year: int) -> dict[str, object]:
    """For the annual report's narrative: "全年发布政策解读N篇，其中多元化解读M篇，占X%"."""
    overall, _ = share(year=year, agency_ids=[agency_id])
    sentence = (f"全年发布政策解读{overall.total}篇，其中图表图解、音视频等多元化解读"
                f"{overall.non_text}篇，占{overall.percent}"
                f"（工作要点要求不低于{int(limits.NON_TEXT_TARGET * 100)}%）。")
    return {"year": year, "total": overall.total, "non_text": overall.non_text,
            "ratio": overall.ratio, "target": limits.NON_TEXT_TARGET,
            "meets_target": overall.meets_target, "by_form": dict(overall.by_form),
            "sentence": sentence}
