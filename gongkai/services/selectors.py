"""Reads for pages and the API: the power list of any date, its change log, service items
with their published guide, staff warnings, and the scenario guide's narrowing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from gongkai.services.basis import BasisResolver, Resolved
from gongkai.services.models import (
    ChangeKind,
    GuideMaterial,
    GuideStatus,
    MaterialFile,
    Power,
    PowerVersion,
    Scenario,
    ScenarioChoice,
    ServiceGuide,
    ServiceItem,
)


def powers_on(*, agency_id: int | None, on: dt.date, power_type: str = "",
              q: str = "") -> QuerySet[PowerVersion]:
    """The list as of ``on``: per power, the latest version in effect that day, unless that
    version cancels it. Version numbers grow with their effective dates (services refuse an
    earlier date), so "latest" is the highest number."""
    in_effect = (PowerVersion.objects.filter(power=OuterRef("pk"), effective_on__lte=on)
                 .order_by("-number").values("pk")[:1])
    powers = Power.objects.all() if agency_id is None else Power.objects.filter(agency_id=agency_id)
    # One subquery per power (not per version), each an index range scan on (power, number).
    versions = PowerVersion.objects.filter(
        pk__in=powers.annotate(v=Subquery(in_effect)).values("v")).exclude(
        change_kind=ChangeKind.REMOVE)
    if power_type:
        versions = versions.filter(power_type=power_type)
    if q:
        versions = versions.filter(Q(name__icontains=q) | Q(power__code__icontains=q))
    return versions.select_related("power", "power__agency", "department").order_by(
        "power__agency_id", "power__code")


def power_on(*, agency_id: int | None, code: str, on: dt.date) -> PowerVersion | None:
    return powers_on(agency_id=agency_id, on=on).filter(power__code=code).first()


def power_history(power: Power) -> QuerySet[PowerVersion]:
    return power.versions.select_related("department").order_by("-number")


def power_changes(*, agency_id: int, since: dt.date | None = None) -> QuerySet[PowerVersion]:
    """The change log (动态调整记录), newest first."""
    versions = PowerVersion.objects.filter(power__agency_id=agency_id)
    if since is not None:
        versions = versions.filter(effective_on__gte=since)
    return versions.select_related("power").order_by("-effective_on", "-number")


def power_get(*, agency_id: int, code: str) -> Power | None:
    return Power.objects.filter(agency_id=agency_id, code=code).first()


def powers_latest(*, agency_id: int) -> list[PowerVersion]:
    """Staff: every power's latest version (cancelled ones included)."""
    latest = (PowerVersion.objects.filter(power=OuterRef("power")).order_by("-number")
              .values("pk")[:1])
    return list(PowerVersion.objects.filter(power__agency_id=agency_id, pk=Subquery(latest))
                .select_related("power", "department").order_by("power__code"))


@dataclass
class BasisFlag:
    code: str
    name: str
    resolved: Resolved


def basis_flags(versions: list[PowerVersion]) -> list[BasisFlag]:
    """Bases of the powers given that staff must look at (repealed, renumbered, amended)."""
    resolver = BasisResolver()
    flags = []
    for version in versions:
        if version.removed:
            continue
        for resolved in resolver.resolve_all(version.basis):
            if resolved.flag:
                flags.append(BasisFlag(version.power.code, version.name, resolved))
    return flags


# Service items --------------------------------------------------------------------------

def _with_guide(items: QuerySet[ServiceItem]) -> QuerySet[ServiceItem]:
    return items.prefetch_related(Prefetch(
        "guides", queryset=ServiceGuide.objects.filter(status=GuideStatus.PUBLISHED),
        to_attr="published"))


def public_items(*, agency_id: int | None, q: str = "") -> QuerySet[ServiceItem]:
    """Items that have a published guide."""
    items = ServiceItem.objects.filter(guides__status=GuideStatus.PUBLISHED)
    if agency_id is not None:
        items = items.filter(agency_id=agency_id)
    for word in q.split()[:5]:
        items = items.filter(Q(name__icontains=word) | Q(keywords__icontains=word)
                             | Q(code__iexact=word))
    return _with_guide(items.select_related("agency", "department")).order_by(
        "agency_id", "code").distinct()


def published_guide(item: ServiceItem) -> ServiceGuide | None:
    return (ServiceGuide.objects.filter(item=item, status=GuideStatus.PUBLISHED)
            .prefetch_related(Prefetch("materials", queryset=GuideMaterial.objects
                                       .prefetch_related("files")))
            .first())


def public_item_get(*, agency_id: int | None, code: str = "", pk: int | None = None
                    ) -> ServiceItem | None:
    items = ServiceItem.objects.filter(guides__status=GuideStatus.PUBLISHED)
    if agency_id is not None:
        items = items.filter(agency_id=agency_id)
    items = items.filter(pk=pk) if pk is not None else items.filter(code=code)
    return items.select_related("agency", "department", "power").first()


def public_file_get(pk: int) -> MaterialFile | None:
    """A file of a *published* guide version (drafts' files stay private)."""
    return (MaterialFile.objects.filter(pk=pk, material__guide__status=GuideStatus.PUBLISHED)
            .select_related("material__guide__item").first())


def staff_items(*, agency_ids: list[int] | None) -> QuerySet[ServiceItem]:
    items = ServiceItem.objects.all()
    if agency_ids is not None:
        items = items.filter(agency_id__in=agency_ids)
    return items.select_related("agency").prefetch_related("guides").order_by("agency_id", "code")


def basis_changed_since(guide: ServiceGuide) -> list[Resolved]:
    """The bases of ``guide`` whose law was amended, repealed or renumbered after the guide
    recorded them (the staff warning "法律依据已变化")."""
    return [r for r in BasisResolver().resolve_all(guide.basis) if r.flag]


# Scenario guide -------------------------------------------------------------------------

def scenarios(*, agency_id: int) -> QuerySet[Scenario]:
    return Scenario.objects.filter(agency_id=agency_id).order_by("sort_order", "id")


def scenario_get(*, agency_id: int, slug: str) -> Scenario | None:
    return (Scenario.objects.filter(agency_id=agency_id, slug=slug)
            .prefetch_related("questions__choices").first())


@dataclass
class MaterialNeeded:
    material: GuideMaterial
    files: list[MaterialFile]


@dataclass
class ItemOutcome:
    item: ServiceItem
    guide: ServiceGuide
    materials: list[MaterialNeeded]


@dataclass
class ScenarioState:
    """Where a person is in a scenario guide: the answers so far, the next question (None
    when done), the end message if an answer stops the guide, and the outcome."""

    answers: list[tuple[Any, ScenarioChoice]] = field(default_factory=list)
    question: Any = None
    stop_message: str = ""
    outcomes: list[ItemOutcome] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    invalid: str = ""

    @property
    def done(self) -> bool:
        return self.question is None


def scenario_walk(scenario: Scenario, params: dict[str, str]) -> ScenarioState:
    """Apply the answers in ``params`` (question key → choice value) in question order. The
    first unanswered question is the next one; an answer with a stop message ends the
    guide; when all are answered, the items named by the answers (or the scenario's
    default items) and, for each, the materials of its published guide that everyone
    brings or whose situation tags the answers set."""
    state = ScenarioState()
    item_codes: list[str] = []
    for question in scenario.questions.all():
        value = params.get(question.key, "")
        choice = next((c for c in question.choices.all() if c.value == value), None)
        if choice is None:
            if value:
                state.invalid = "请从列出的选项中选择一项。"
            state.question = question
            return state
        state.answers.append((question, choice))
        state.tags += [t for t in choice.tags if t not in state.tags]
        item_codes += [c for c in choice.item_codes if c not in item_codes]
        if choice.stop_message:
            state.stop_message = choice.stop_message
            return state
    codes = item_codes or list(scenario.item_codes)
    items = {i.code: i for i in ServiceItem.objects.filter(agency_id=scenario.agency_id,
                                                            code__in=codes)}
    for code in codes:
        item = items.get(code)
        guide = published_guide(item) if item else None
        if item is None or guide is None:
            continue
        needed = [MaterialNeeded(m, list(m.files.all())) for m in guide.materials.all()
                  if not m.condition_tags or set(m.condition_tags) & set(state.tags)]
        state.outcomes.append(ItemOutcome(item, guide, needed))
    return state


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """A scenario as the data ``services.scenario_save`` takes (for editing)."""
    return {
        "slug": scenario.slug, "title": scenario.title, "intro": scenario.intro,
        "item_codes": scenario.item_codes, "sort_order": scenario.sort_order,
        "questions": [{"key": q.key, "text": q.text, "help_text": q.help_text,
                       "choices": [{"value": c.value, "label": c.label,
                                    "item_codes": c.item_codes, "tags": c.tags,
                                    "stop_message": c.stop_message}
                                   for c in q.choices.all()]}
                      for q in scenario.questions.prefetch_related("choices")],
    }


def followable(object_id: str) -> tuple[str, int] | None:
    """A service item the public may follow (subscribe to): one with a published guide."""
    item = public_item_get(agency_id=None, pk=int(object_id))
    return (item.name, item.agency_id) if item else None
