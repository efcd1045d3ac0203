"""Writes of Q&A: FAQs (create, update, delete), the asked-question log, answer feedback
and the staff queue. Each write checks permission, runs in one transaction with an audit
event and keeps the search index (same transaction) and the FAQ's embeddings current."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.audit.services import audit_record
from gongkai.core.policies import PermissionDeniedError
from gongkai.qa.answering import QaResult
from gongkai.qa.embeddings import faq_embed
from gongkai.qa.indexing import faq_index, faq_unindex
from gongkai.qa.models import AskedQuestion, Faq, FaqSource, QuestionStatus, SourceKind
from gongkai.qa.policies import FaqPolicy
from gongkai.qa.workflow import check_transition

MAX_ALTERNATIVES = 30


@dataclass
class SourceSpec:
    kind: str
    law_title: str = ""
    article: str = ""
    record_id: int | None = None
    url: str = ""
    label: str = ""


def _check(actor: Any, agency: Any) -> None:
    if actor is not None and not FaqPolicy.can_edit(actor, agency):
        raise PermissionDeniedError("may not maintain this agency's FAQs")


def _validate(question: str, answer: str, alternatives: str) -> tuple[str, str, str]:
    question, answer = question.strip(), answer.strip()
    lines = [line.strip() for line in alternatives.splitlines() if line.strip()]
    errors: dict[str, list[str]] = {}
    if not question:
        errors["question"] = ["请填写问题。"]
    elif len(question) > 200:
        errors["question"] = ["问题不能超过200个字。"]
    if not answer:
        errors["answer"] = ["请填写答案。"]
    if len(lines) > MAX_ALTERNATIVES:
        errors["alternatives"] = [f"其他问法不能超过{MAX_ALTERNATIVES}种。"]
    if errors:
        raise ValidationError(errors)
    return question, answer, "\n".join(dict.fromkeys(lines))


def _write_sources(faq: Faq, sources: list[SourceSpec] | None) -> None:
    if sources is None:
        return
    faq.sources.all().delete()
    FaqSource.objects.bulk_create([FaqSource(
        faq=faq, kind=s.kind, law_title=s.law_title, article=s.article,
        record_id=s.record_id, url=s.url, label=s.label) for s in sources
        if s.kind in SourceKind.values])


def _after_save(faq: Faq) -> None:
    faq_index(faq)
    # Embeddings are computed with the change (a few phrasings: milliseconds), so the
    # FAQ answers questions the moment it is published.
    faq_embed(faq)


def faq_create(*, actor: Any, agency: Any, question: str, answer: str, alternatives: str = "",
               published: bool = False, sources: list[SourceSpec] | None = None,
               from_question: AskedQuestion | None = None) -> Faq:
    _check(actor, agency)
    question, answer, alternatives = _validate(question, answer, alternatives)
    try:
        with transaction.atomic():
            faq = Faq.objects.create(agency=agency, question=question, answer=answer,
                                     alternatives=alternatives, published=published,
                                     created_by=actor)
            _write_sources(faq, sources)
            if from_question is not None:
                _question_move(from_question, QuestionStatus.ANSWERED, faq=faq)
            audit_record(actor=actor, verb="faq.create", obj=faq, agency=agency,
                         details={"published": published,
                                  "from_question": getattr(from_question, "pk", None)})
            _after_save(faq)
    except IntegrityError as exc:
        raise ValidationError({"question": ["本机构已有相同的问题。"]}) from exc
    return faq


def faq_update(*, actor: Any, faq: Faq, question: str, answer: str, alternatives: str = "",
               published: bool, sources: list[SourceSpec] | None = None) -> Faq:
    _check(actor, faq.agency)
    question, answer, alternatives = _validate(question, answer, alternatives)
    try:
        with transaction.atomic():
            changed = [name for name, value in (("question", question), ("answer", answer),
                                                ("alternatives", alternatives),
                                                ("published", published))
                       if getattr(faq, name) != value]
            faq.question, faq.answer = question, answer
            faq.alternatives, faq.published = alternatives, published
            faq.save()
            _write_sources(faq, sources)
            audit_record(actor=actor, verb="faq.update", obj=faq, agency=faq.agency,
                         details={"fields": changed})
            _after_save(faq)
    except IntegrityError as exc:
        raise ValidationError({"question": ["本机构已有相同的问题。"]}) from exc
    return faq


def faq_delete(*, actor: Any, faq: Faq) -> None:
    _check(actor, faq.agency)
    from gongkai.qa.models import Embedding

    with transaction.atomic():
        audit_record(actor=actor, verb="faq.delete", obj=faq, agency=faq.agency,
                     details={"question": faq.question})
        faq_unindex(faq.pk)
        Embedding.objects.filter(kind="faq", key=str(faq.pk)).delete()
        faq.delete()


# Asked questions, feedback, queue -------------------------------------------------------


def question_record(*, agency: Any, result: QaResult) -> AskedQuestion | None:
    """Count one asking of ``result.question`` on ``agency``'s portal. A question without
    a confident answer opens (or stays) in the staff queue. Nothing about the asker is
    kept. Not audited: it records no decision, and it is written on every question."""
    text = result.question[:500]
    if not text or agency is None:
        return None
    normalized = text.lower()
    best = result.best
    with transaction.atomic():
        asked, created = AskedQuestion.objects.select_for_update().get_or_create(
            agency=agency, normalized=normalized,
            defaults={"text": text, "best_score": best.score if best else 0.0,
                      "confident": result.confident,
                      "best_kind": best.source.kind if best else "",
                      "best_key": best.key if best else "",
                      "status": (QuestionStatus.ANSWERED if result.confident
                                 else QuestionStatus.OPEN)})
        if not created:
            AskedQuestion.objects.filter(pk=asked.pk).update(
                times_asked=F("times_asked") + 1, best_score=best.score if best else 0.0,
                confident=result.confident)
            asked.refresh_from_db()
    return asked


def feedback_record(*, asked: AskedQuestion, helpful: bool) -> AskedQuestion:
    """“Did this help?”. A “no” puts the question in the staff queue even when the answer
    looked confident: the asker knows better than the score."""
    with transaction.atomic():
        asked = AskedQuestion.objects.select_for_update().get(pk=asked.pk)
        if helpful:
            asked.helpful += 1
        else:
            asked.unhelpful += 1
            if asked.status == QuestionStatus.ANSWERED and asked.faq_id is None:
                check_transition(asked.status, QuestionStatus.OPEN)
                asked.status = QuestionStatus.OPEN
        asked.save(update_fields=["helpful", "unhelpful", "status"])
    return asked


def _question_move(asked: AskedQuestion, target: str, *, faq: Faq | None = None) -> None:
    check_transition(asked.status, target)
    asked.status = target
    if faq is not None:
        asked.faq = faq
    asked.save(update_fields=["status", "faq"])


def question_dismiss(*, actor: Any, asked: AskedQuestion) -> None:
    _check(actor, asked.agency)
    with transaction.atomic():
        _question_move(asked, QuestionStatus.DISMISSED)
        audit_record(actor=actor, verb="qa_question.dismiss", obj=asked, agency=asked.agency,
                     details={"text": asked.text})


def question_reopen(*, actor: Any, asked: AskedQuestion) -> None:
    _check(actor, asked.agency)
    with transaction.atomic():
        _question_move(asked, QuestionStatus.OPEN)
        audit_record(actor=actor, verb="qa_question.reopen", obj=asked, agency=asked.agency,
                     details={"text": asked.text})
