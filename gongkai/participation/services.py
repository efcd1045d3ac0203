"""Writes of participation: surveys and their questions, responses, results publication;
solicitations and ideas; open days, registrations with a waitlist, check-in at the door
and the record of the day.

Each write is keyword-only, asks ``ParticipationPolicy`` (staff acts), runs in one
``transaction.atomic()`` with ``audit_record`` inside, and sends mail on commit. Public acts
(answering, sending an idea, registering, cancelling) have ``actor=None`` in the audit
trail and never write personal data into it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core import intake
from gongkai.core.policies import PermissionDeniedError
from gongkai.participation import limits
from gongkai.participation.models import (
    Answer,
    Idea,
    IdeaStatus,
    OpenDay,
    OpenDayKind,
    OpenDayPhoto,
    PendingResponse,
    Phase,
    PublicationStatus,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Solicitation,
    Survey,
    SurveyBallot,
    SurveyResponse,
)
from gongkai.participation.policies import ParticipationPolicy
from gongkai.participation.workflow import (
    AlreadyAnswered,
    AlreadyRegistered,
    CheckinRefused,
    ParticipationRefused,
    SurveyClosed,
)

log = logging.getLogger("gongkai.participation")

# One rate-limit group per public act, page and API alike (defaults beside the kit's own;
# GONGKAI_RATELIMIT_RATES overrides them like any other group).
RATE_GROUPS = {
    "participation.respond": "20/h",
    "participation.idea": "20/h",
    "participation.register": "20/h",
    "participation.lookup": "60/h",
}
for _group, _rate in RATE_GROUPS.items():
    intake.DEFAULT_RATES.setdefault(_group, _rate)

MAX_TEXT_ANSWER = 2000
MAX_IDEA_TEXT = 2000
MAX_OPTIONS = 30


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDeniedError


def _next_number(agency: Any, kind: str) -> int:
    # One series per agency and kind for all years (year 0 in core.CaseCounter).
    return intake.next_serial(agency, f"participation.{kind}", 0)


def _keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 under the participation key (ADR 0021)."""
    key = getattr(settings, "GONGKAI_PARTICIPATION_BALLOT_KEY", "") or (
        "gongkai.participation:" + settings.SECRET_KEY)
    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _mail(subject: str, body: str, to: str) -> None:
    if not to:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except Exception:  # the registration stands; the page showed the code already
            log.exception("participation mail failed")

    transaction.on_commit(send)


def _check_period(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    errors = {}
    if opens_at is None:
        errors["opens_at"] = ["请填写开始时间。"]
    if closes_at is None:
        errors["closes_at"] = ["请填写截止时间。"]
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = ["截止时间应晚于开始时间。"]
    if errors:
        raise ValidationError(errors)


def _check_title(title: str, field: str = "title", max_length: int = 200) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({field: ["请填写标题。"]})
    if len(title) > max_length:
        raise ValidationError({field: [f"不能超过{max_length}字。"]})
    return title


# Surveys ------------------------------------------------------------------------------

SURVEY_FIELDS = ("title", "description", "opens_at", "closes_at", "anonymous", "one_per_person")


def survey_create(*, actor: Any, agency: Any, title: str, opens_at: dt.datetime,
                  closes_at: dt.datetime, description: str = "", anonymous: bool = True,
                  one_per_person: bool = False) -> Survey:
    _require(ParticipationPolicy.can_manage(actor, agency))
    title = _check_title(title)
    _check_period(opens_at, closes_at)
    with transaction.atomic():
        survey = Survey.objects.create(
            agency=agency, number=_next_number(agency, "survey"), title=title,
            description=description.strip(), opens_at=opens_at, closes_at=closes_at,
            anonymous=anonymous, one_per_person=one_per_person)
        audit_record(actor=actor, verb="participation.survey_create", obj=survey,
                     agency=agency.pk)
    return survey


def _draft_only(survey: Survey, action: str) -> None:
    if survey.status != PublicationStatus.DRAFT:
        raise ParticipationRefused(f"调查已发布,不能{action}。")


def survey_update(*, actor: Any, survey: Survey, **fields: Any) -> Survey:
    _require(ParticipationPolicy.can_manage(actor, survey))
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if survey.status != PublicationStatus.DRAFT and set(fields) - {"closes_at", "description"}:
        raise ParticipationRefused("调查已发布,只能修改说明和截止时间。")
    if "title" in fields:
        fields["title"] = _check_title(fields["title"])
    _check_period(fields.get("opens_at", survey.opens_at), fields.get("closes_at", survey.closes_at))
    with transaction.atomic():
        for name, value in fields.items():
            setattr(survey, name, value)
        survey.save()
        audit_record(actor=actor, verb="participation.survey_update", obj=survey,
                     agency=survey.agency_id, details={"fields": sorted(fields)})
    return survey


@dataclass
class QuestionSpec:
    kind: str
    text: str
    required: bool = False
    options: list[str] | None = None
    rows: list[str] | None = None
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    help_text: str = ""
    show_if: Question | None = None
    show_if_option: int | None = None


def _clean_lines(values: Iterable[str] | None) -> list[str]:
    return [v.strip() for v in (values or []) if v and v.strip()]


def question_add(*, actor: Any, survey: Survey, spec: QuestionSpec) -> Question:
    _require(ParticipationPolicy.can_manage(actor, survey))
    _draft_only(survey, "修改题目")
    errors: dict[str, list[str]] = {}
    if spec.kind not in QuestionKind.values:
        errors["kind"] = ["请选择题型。"]
    text = (spec.text or "").strip()
    if not text:
        errors["text"] = ["请填写题目。"]
    options, rows = _clean_lines(spec.options), _clean_lines(spec.rows)
    if spec.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX):
        if len(options) < 2:
            errors["options"] = ["至少填写两个选项,每行一个。"]
        elif len(options) > MAX_OPTIONS:
            errors["options"] = [f"选项不能超过{MAX_OPTIONS}个。"]
    else:
        options = []
    if spec.kind == QuestionKind.MATRIX:
        if not rows:
            errors["rows"] = ["矩阵题至少填写一行,每行一个。"]
    else:
        rows = []
    if spec.kind == QuestionKind.SCALE and not (0 <= spec.scale_min < spec.scale_max <= 10):
        errors["scale_max"] = ["量表的范围应在0到10之间,且最大值大于最小值。"]
    if spec.show_if is not None:
        if spec.show_if.survey_id != survey.pk or spec.show_if.kind not in (
                QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            errors["show_if"] = ["显示条件只能引用本调查中前面的单选或多选题。"]
        elif spec.show_if_option is None or not (
                0 <= spec.show_if_option < len(spec.show_if.options)):
            errors["show_if_option"] = ["请选择触发显示的选项。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + 1
        question = Question.objects.create(
            survey=survey, position=position, kind=spec.kind, text=text,
            help_text=(spec.help_text or "").strip(), required=spec.required, options=options,
            rows=rows, scale_min=spec.scale_min, scale_max=spec.scale_max,
            scale_min_label=spec.scale_min_label, scale_max_label=spec.scale_max_label,
            show_if=spec.show_if,
            show_if_option=spec.show_if_option if spec.show_if is not None else None)
        audit_record(actor=actor, verb="participation.question_add", obj=survey,
                     agency=survey.agency_id, details={"question": question.pk})
    return question


def question_delete(*, actor: Any, question: Question) -> None:
    survey = question.survey
    _require(ParticipationPolicy.can_manage(actor, survey))
    _draft_only(survey, "删除题目")
    with transaction.atomic():
        audit_record(actor=actor, verb="participation.question_delete", obj=survey,
                     agency=survey.agency_id, details={"question": question.pk})
        question.delete()


def survey_publish(*, actor: Any, survey: Survey) -> Survey:
    _require(ParticipationPolicy.can_manage(actor, survey))
    _draft_only(survey, "再次发布")
    if not survey.questions.exists():
        raise ParticipationRefused("调查还没有题目,不能发布。")
    if survey.closes_at <= timezone.now():
        raise ParticipationRefused("截止时间已过,请先修改截止时间。")
    with transaction.atomic():
        survey.status, survey.published_at = PublicationStatus.PUBLISHED, timezone.now()
        survey.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, verb="participation.survey_publish", obj=survey,
                     agency=survey.agency_id)
    return survey


def survey_withdraw(*, actor: Any, survey: Survey, reason: str = "") -> Survey:
    _require(ParticipationPolicy.can_manage(actor, survey))
    if survey.status != PublicationStatus.PUBLISHED:
        raise ParticipationRefused("只有已发布的调查可以撤销。")
    with transaction.atomic():
        survey.status = PublicationStatus.WITHDRAWN
        survey.results_published = False
        survey.save(update_fields=["status", "results_published"])
        audit_record(actor=actor, verb="participation.survey_withdraw", obj=survey,
                     agency=survey.agency_id, details={"reason": reason})
    return survey


def survey_results_publish(*, actor: Any, survey: Survey, question_ids: Iterable[int],
                           summary: str = "") -> Survey:
    """Publish the results of the chosen questions (others stay for staff); only after
    the survey closed, so published figures cannot sway the answers still coming."""
    _require(ParticipationPolicy.can_manage(actor, survey))
    if survey.phase != Phase.CLOSED:
        raise ParticipationRefused("调查结束后才能公开结果。")
    chosen = set(int(i) for i in question_ids)
    with transaction.atomic():
        survey.questions.update(result_public=False)
        survey.questions.filter(pk__in=chosen).update(result_public=True)
        survey.results_published, survey.results_summary = True, summary.strip()
        survey.save(update_fields=["results_published", "results_summary"])
        audit_record(actor=actor, verb="participation.survey_results_publish", obj=survey,
                     agency=survey.agency_id, details={"questions": sorted(chosen)})
    return survey


def survey_results_unpublish(*, actor: Any, survey: Survey) -> Survey:
    _require(ParticipationPolicy.can_manage(actor, survey))
    with transaction.atomic():
        survey.results_published = False
        survey.save(update_fields=["results_published"])
        audit_record(actor=actor, verb="participation.survey_results_unpublish", obj=survey,
                     agency=survey.agency_id)
    return survey


# Answering ----------------------------------------------------------------------------


def voter_hash(survey: Survey, identifier: str) -> str:
    """The ballot of ``identifier`` (e.g. ``user:42``) for this survey: no way back."""
    return _keyed_hash("ballot", f"{survey.pk}:{identifier}")


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def visible_questions(questions: list[Question], chosen: Mapping[int, set[int]]) -> set[int]:
    """Ids of the questions shown, given the options chosen so far (in order: a question
    whose condition question is hidden is hidden too)."""
    shown: set[int] = set()
    for q in questions:
        if q.show_if_id is None:
            shown.add(q.pk)
        elif q.show_if_id in shown and q.show_if_option in chosen.get(q.show_if_id, set()):
            shown.add(q.pk)
    return shown


def clean_answers(questions: list[Question], raw: Mapping[Any, Any]
                  ) -> list[dict[str, Any]]:
    """Validate raw answers (``{question id: value}``; a list for multiple choice, a
    ``{row index: option}`` mapping for a matrix) into Answer fields. Answers to questions
    not shown (their condition unmet) are dropped, and their ``required`` is not asked.
    ValidationError keyed ``q<id>``."""
    values = {str(k): v for k, v in raw.items()}
    errors: dict[str, list[str]] = {}
    out: list[dict[str, Any]] = []
    chosen: dict[int, set[int]] = {}
    shown: set[int] = set()
    for q in questions:
        if q.show_if_id is not None and not (
                q.show_if_id in shown and q.show_if_option in chosen.get(q.show_if_id, set())):
            continue
        shown.add(q.pk)
        key, value = f"q{q.pk}", values.get(str(q.pk))
        rows: list[dict[str, Any]] = []
        if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            if value not in (None, "", []):
                number = _as_int(value[0] if isinstance(value, list) and len(value) == 1 else value)
                allowed = range(len(q.options)) if q.kind == QuestionKind.SINGLE else q.scale_values
                if number is None or number not in allowed:
                    errors[key] = ["请选择列出的选项。"]
                    continue
                rows.append({"option": number})
        elif q.kind == QuestionKind.MULTIPLE:
            items = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
            numbers = {_as_int(v) for v in items}
            if None in numbers or not numbers <= set(range(len(q.options))):
                errors[key] = ["请选择列出的选项。"]
                continue
            rows.extend({"option": n} for n in sorted(numbers))  # type: ignore[type-var]
        elif q.kind == QuestionKind.MATRIX:
            cells = value if isinstance(value, Mapping) else {}
            if value not in (None, "", {}) and not isinstance(value, Mapping):
                errors[key] = ["矩阵题的答案格式不正确。"]
                continue
            bad = False
            for r in range(len(q.rows)):
                cell = cells.get(str(r), cells.get(r))  # type: ignore[call-overload]
                if cell in (None, ""):
                    if q.required:
                        bad = True
                    continue
                number = _as_int(cell)
                if number is None or not 0 <= number < len(q.options):
                    bad = True
                    continue
                rows.append({"row": r, "option": number})
            if bad:
                errors[key] = ["请为每一行选择一个列出的选项。"]
                continue
        else:
            text = str(value or "").strip()
            if len(text) > MAX_TEXT_ANSWER:
                errors[key] = [f"不能超过{MAX_TEXT_ANSWER}字。"]
                continue
            if text:
                rows.append({"text": text})
        if q.required and not rows:
            errors[key] = ["此题必答。"]
            continue
        chosen[q.pk] = {r["option"] for r in rows if "option" in r and "row" not in r}
        out.extend({"question": q, **r} for r in rows)
    if errors:
        raise ValidationError(errors)
    return out


def _clean_contact(survey: Survey, contact: Mapping[str, str]) -> dict[str, str]:
    if survey.anonymous:
        return {"name": "", "phone": "", "email": ""}
    name = (contact.get("name") or "").strip()
    phone = (contact.get("phone") or "").strip()
    email = (contact.get("email") or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["本调查为实名调查,请填写姓名。"]
    elif len(name) > 50:
        errors["name"] = ["姓名不能超过50字。"]
    if not phone and not email:
        errors["phone"] = ["请填写电话或电子邮箱中的至少一项。"]
    if len(phone) > 30:
        errors["phone"] = ["电话号码过长。"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["电子邮箱格式不正确。"]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "phone": phone, "email": email}


def response_submit(*, survey: Survey, answers: Mapping[Any, Any],
                    contact: Mapping[str, str] | None = None, voter: str = "",
                    idempotency_key: str = "", ballot: str = "") -> tuple[SurveyResponse, bool]:
    """Store one response. Refused (nothing stored) when the survey is not open
    (``SurveyClosed``), when it asks one answer per person and ``voter`` (a stable
    identifier such as ``user:<id>``) is missing or already answered (``AlreadyAnswered``).
    A retry with the same idempotency key answers with the first response."""
    if survey.phase != Phase.OPEN:
        raise SurveyClosed("该调查尚未开始,答卷未保存。" if survey.phase == Phase.SCHEDULED
                           else "该调查已结束或已撤销,答卷未保存。")
    key = intake.clean_key(idempotency_key)
    if key:
        existing = SurveyResponse.objects.filter(survey=survey, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    if survey.one_per_person and not (voter or ballot):
        raise ParticipationRefused("本调查每人限答一次,请先登录或用电子邮箱确认后作答。",
                                   "sign_in_required")
    questions = list(survey.questions.all())
    cleaned = clean_answers(questions, answers)
    person = _clean_contact(survey, contact or {})
    try:
        with transaction.atomic():
            if survey.one_per_person:
                # The unique constraint is the guard: two racing answers cannot both pass.
                SurveyBallot.objects.create(survey=survey,
                                            voter_hash=ballot or voter_hash(survey, voter))
            response = SurveyResponse.objects.create(survey=survey, idempotency_key=key, **person)
            Answer.objects.bulk_create([Answer(response=response, **row) for row in cleaned])
            audit_record(actor=None, verb="participation.response_submit", obj=survey,
                         agency=survey.agency_id, details={"response": response.pk})
    except IntegrityError:
        if key:
            existing = SurveyResponse.objects.filter(survey=survey, idempotency_key=key).first()
            if existing is not None:
                return existing, False
        raise AlreadyAnswered from None
    return response, True


PENDING_HOURS = 48


def _email_voter(email: str) -> str:
    return f"email:{email.strip().lower()}"


def response_request_confirmation(*, survey: Survey, answers: Mapping[Any, Any],
                                  contact: Mapping[str, str] | None = None, email: str,
                                  confirm_url: Any) -> PendingResponse:
    """One answer per person without an account: validate everything now, keep the
    answers with the ballot hash of the address (not the address), and mail a link;
    ``response_confirm`` stores the response. ``confirm_url(token)`` builds the link."""
    if survey.phase != Phase.OPEN:
        raise SurveyClosed()
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"confirm_email": ["请填写有效的电子邮箱,用于确认每人一次。"]}) from None
    ballot = voter_hash(survey, _email_voter(email))
    if SurveyBallot.objects.filter(survey=survey, voter_hash=ballot).exists():
        raise AlreadyAnswered
    questions = list(survey.questions.all())
    clean_answers(questions, answers)  # refuse now, not after the e-mail round trip
    person = _clean_contact(survey, contact or {})
    token = secrets.token_urlsafe(24)
    payload = {"answers": {str(k): v for k, v in answers.items()}, "contact": person}
    with transaction.atomic():
        pending = PendingResponse.objects.create(
            survey=survey, token_hash=_keyed_hash("confirm", token), voter_hash=ballot,
            payload=payload)
        audit_record(actor=None, verb="participation.response_pending", obj=survey,
                     agency=survey.agency_id)
        _mail(f"请确认您的答卷:{survey.title}",
              f"请在{PENDING_HOURS}小时内打开以下链接并点击“确认提交”,您的答卷才会计入:\n"
              f"{confirm_url(token)}\n如果不是您本人作答,请忽略本邮件。", email)
    return pending


def pending_for(token: str) -> PendingResponse | None:
    cutoff = timezone.now() - dt.timedelta(hours=PENDING_HOURS)
    return PendingResponse.objects.select_related("survey").filter(
        token_hash=_keyed_hash("confirm", token or ""), created_at__gte=cutoff).first()


def response_confirm(*, token: str) -> SurveyResponse:
    pending = pending_for(token)
    if pending is None:
        raise ParticipationRefused("确认链接无效或已过期,请重新作答。", "confirmation_invalid")
    with transaction.atomic():
        response, _created = response_submit(
            survey=pending.survey, answers=pending.payload.get("answers", {}),
            contact=pending.payload.get("contact", {}), ballot=pending.voter_hash)
        pending.delete()
    return response


def purge_pending(*, now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(hours=PENDING_HOURS)
    deleted, _ = PendingResponse.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def has_answered(survey: Survey, voter: str) -> bool:
    return bool(voter) and SurveyBallot.objects.filter(
        survey=survey, voter_hash=voter_hash(survey, voter)).exists()


# Solicitations ------------------------------------------------------------------------


def solicitation_create(*, actor: Any, agency: Any, title: str, description: str,
                        opens_at: dt.datetime, closes_at: dt.datetime) -> Solicitation:
    _require(ParticipationPolicy.can_manage(actor, agency))
    title = _check_title(title)
    if not (description or "").strip():
        raise ValidationError({"description": ["请填写征集说明。"]})
    _check_period(opens_at, closes_at)
    with transaction.atomic():
        solicitation = Solicitation.objects.create(
            agency=agency, number=_next_number(agency, "solicitation"), title=title,
            description=description.strip(), opens_at=opens_at, closes_at=closes_at)
        audit_record(actor=actor, verb="participation.solicitation_create", obj=solicitation,
                     agency=agency.pk)
    return solicitation


def solicitation_publish(*, actor: Any, solicitation: Solicitation) -> Solicitation:
    _require(ParticipationPolicy.can_manage(actor, solicitation))
    if solicitation.status != PublicationStatus.DRAFT:
        raise ParticipationRefused("该征集已发布或已撤销。")
    if solicitation.closes_at <= timezone.now():
        raise ParticipationRefused("截止时间已过,不能发布。")
    with transaction.atomic():
        solicitation.status, solicitation.published_at = PublicationStatus.PUBLISHED, timezone.now()
        solicitation.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, verb="participation.solicitation_publish", obj=solicitation,
                     agency=solicitation.agency_id)
    return solicitation


IDEA_FIELDS = ("title", "text", "name", "email")


def _clean_idea(fields: Mapping[str, str]) -> dict[str, str]:
    data = {k: (fields.get(k) or "").strip() for k in IDEA_FIELDS}
    errors: dict[str, list[str]] = {}
    if not data["title"]:
        errors["title"] = ["请填写标题。"]
    elif len(data["title"]) > 100:
        errors["title"] = ["标题不能超过100字。"]
    if not data["text"]:
        errors["text"] = ["请填写意见建议。"]
    elif len(data["text"]) > MAX_IDEA_TEXT:
        errors["text"] = [f"内容不能超过{MAX_IDEA_TEXT}字。"]
    if len(data["name"]) > 50:
        errors["name"] = ["姓名不能超过50字。"]
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = ["电子邮箱格式不正确。"]
    if errors:
        raise ValidationError(errors)
    return data


IDEA_KIND = "participation.idea"


def idea_submit(*, solicitation: Solicitation, idempotency_key: str = "",
                submitted_by: Any = None, **fields: str) -> tuple[Idea, str | None, bool]:
    """(idea, access code or None on a late replay, created). ``submitted_by``: the
    signed-in public account, if any."""
    if solicitation.phase != Phase.OPEN:
        raise ParticipationRefused("该征集不在征集期内,意见未保存。", "solicitation_closed")
    data = _clean_idea(fields)
    key = intake.clean_key(idempotency_key)
    fingerprint = intake.fingerprint({**data, "solicitation": solicitation.pk},
                                     (*IDEA_FIELDS, "solicitation"))
    agency = solicitation.agency
    existing = intake.replay_of(Idea.objects.filter(agency=agency), key, fingerprint)
    if existing is not None:
        return existing, intake.replayed_code(existing, IDEA_KIND, key), False
    code = intake.code_for_submission(IDEA_KIND, agency.pk, key)
    with transaction.atomic():
        year = timezone.localdate().year
        idea = Idea(agency=agency, solicitation=solicitation, idempotency_key=key,
                    submission_fingerprint=fingerprint, submitted_at=timezone.now(),
                    submitted_by=submitted_by, **data)
        idea.case_number = intake.case_number("ZJ", year, intake.next_serial(agency, IDEA_KIND, year))
        idea.set_access_code(code)
        idea.save()
        audit_record(actor=None, verb="participation.idea_submit", obj=idea, agency=agency.pk)
    return idea, code, True


def idea_answer(*, actor: Any, idea: Idea, answer: str) -> Idea:
    """Answer an idea: the idea (without name or contact) and the answer are published."""
    _require(ParticipationPolicy.can_manage(actor, idea))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": ["请填写答复内容。"]})
    with transaction.atomic():
        before = idea.status
        idea.status, idea.answer = IdeaStatus.ANSWERED, answer
        idea.answered_at, idea.answered_by = timezone.now(), actor
        idea.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        audit_record(actor=actor, verb="participation.idea_answer", obj=idea,
                     agency=idea.agency_id, details={"from": before})
        _mail(f"您的意见已答复({idea.case_number})",
              f"您对“{idea.solicitation.title}”提出的意见“{idea.title}”已答复:\n{answer}\n"
              "意见(不含姓名和联系方式)和答复已在网站公开。", idea.email)
    return idea


def idea_decline(*, actor: Any, idea: Idea, reason: str) -> Idea:
    """Keep an idea off the public list (abuse, personal data, off topic), with a reason
    the sender reads on the status page."""
    _require(ParticipationPolicy.can_manage(actor, idea))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"answer": ["请说明不予公开的理由。"]})
    with transaction.atomic():
        idea.status, idea.answer = IdeaStatus.NOT_PUBLISHED, reason
        idea.answered_at, idea.answered_by = timezone.now(), actor
        idea.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        audit_record(actor=actor, verb="participation.idea_decline", obj=idea,
                     agency=idea.agency_id)
    return idea


# Open days ----------------------------------------------------------------------------

OPEN_DAY_FIELDS = ("kind", "theme", "description", "starts_at", "ends_at", "place",
                   "online_url", "capacity")


def _clean_open_day(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    data["theme"] = (data.get("theme") or "").strip()
    if not data["theme"]:
        errors["theme"] = ["请填写活动主题。"]
    if data.get("kind") not in OpenDayKind.values:
        errors["kind"] = ["请选择活动类型。"]
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        errors["starts_at"] = ["请填写开始时间。"]
    if ends is None or (starts is not None and ends <= starts):
        errors["ends_at"] = ["结束时间应晚于开始时间。"]
    if not (data.get("place") or "").strip() and not (data.get("online_url") or "").strip():
        errors["place"] = ["请填写活动地点或线上链接。"]
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or capacity < 1:
        errors["capacity"] = ["名额应为正整数。"]
    if errors:
        raise ValidationError(errors)
    return data


def open_day_create(*, actor: Any, agency: Any, **fields: Any) -> OpenDay:
    _require(ParticipationPolicy.can_manage(actor, agency))
    data = _clean_open_day({k: fields.get(k) for k in OPEN_DAY_FIELDS} | {
        "kind": fields.get("kind") or OpenDayKind.OPEN_DAY,
        "description": (fields.get("description") or "").strip(),
        "place": (fields.get("place") or "").strip(),
        "online_url": (fields.get("online_url") or "").strip()})
    with transaction.atomic():
        open_day = OpenDay.objects.create(agency=agency, number=_next_number(agency, "open_day"),
                                          **data)
        audit_record(actor=actor, verb="participation.open_day_create", obj=open_day,
                     agency=agency.pk)
    return open_day


def open_day_publish(*, actor: Any, open_day: OpenDay, now: dt.datetime | None = None) -> OpenDay:
    """Announce an open day: at least 15 days before it starts (``limits.ANNOUNCE_AHEAD``)."""
    _require(ParticipationPolicy.can_manage(actor, open_day))
    if open_day.status != PublicationStatus.DRAFT:
        raise ParticipationRefused("该活动已发布或已取消。")
    now = now or timezone.now()
    starts_on = timezone.localtime(open_day.starts_at).date()
    latest = limits.latest_announcement(starts_on)
    if timezone.localtime(now).date() > latest:
        raise ParticipationRefused(
            f"开放日应在活动开始前至少{limits.ANNOUNCE_AHEAD.amount}日公告"
            f"(本次活动最迟应于{latest:%Y年%m月%d日}公告);请调整活动时间。", "announce_too_late")
    with transaction.atomic():
        open_day.status, open_day.announced_at = PublicationStatus.PUBLISHED, now
        open_day.save(update_fields=["status", "announced_at"])
        audit_record(actor=actor, verb="participation.open_day_publish", obj=open_day,
                     agency=open_day.agency_id)
    return open_day


def open_day_cancel(*, actor: Any, open_day: OpenDay, reason: str) -> OpenDay:
    _require(ParticipationPolicy.can_manage(actor, open_day))
    if open_day.status != PublicationStatus.PUBLISHED or open_day.is_past:
        raise ParticipationRefused("只有尚未举行的已发布活动可以取消。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["请说明取消原因。"]})
    with transaction.atomic():
        open_day.status = PublicationStatus.WITHDRAWN
        open_day.save(update_fields=["status"])
        audit_record(actor=actor, verb="participation.open_day_cancel", obj=open_day,
                     agency=open_day.agency_id, details={"reason": reason})
        for registration in open_day.registrations.exclude(status=RegistrationStatus.CANCELLED):
            _mail(f"活动取消通知:{open_day.theme}",
                  f"{registration.name}:\n很抱歉,您报名的“{open_day.theme}”已取消。原因:{reason}",
                  registration.email)
    return open_day


def open_day_record_publish(*, actor: Any, open_day: OpenDay, summary: str,
                            photos: Iterable[tuple[Any, str]] = ()) -> OpenDay:
    """After the day: publish its record (summary and photos with captions)."""
    _require(ParticipationPolicy.can_manage(actor, open_day))
    if open_day.status != PublicationStatus.PUBLISHED or not open_day.is_past:
        raise ParticipationRefused("活动结束后才能发布活动纪实。")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": ["请填写活动纪实。"]})
    photos = list(photos)
    for _file, caption in photos:
        if not (caption or "").strip():
            raise ValidationError({"photo_caption": ["请为照片填写说明(供读屏软件朗读)。"]})
    with transaction.atomic():
        open_day.record_summary = summary
        open_day.record_published_at = open_day.record_published_at or timezone.now()
        open_day.save(update_fields=["record_summary", "record_published_at"])
        start = open_day.photos.count()
        for i, (image, caption) in enumerate(photos):
            OpenDayPhoto.objects.create(open_day=open_day, image=_clean_photo(image),
                                        caption=caption.strip(), position=start + i)
        audit_record(actor=actor, verb="participation.open_day_record_publish", obj=open_day,
                     agency=open_day.agency_id, details={"photos": len(photos)})
    return open_day


MAX_PHOTO_SIDE = 2000


def _clean_photo(upload: Any) -> Any:
    """Re-encode a photo before it is published: metadata (EXIF: place, camera, time) is
    dropped, large images are scaled down. JPEG for photos, PNG for images with
    transparency."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
        keep_alpha = image.mode in ("RGBA", "LA", "P") and original.format == "PNG"
        out = io.BytesIO()
        if keep_alpha:
            image.save(out, "PNG", optimize=True)
            suffix = "png"
        else:
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            suffix = "jpg"
    return ContentFile(out.getvalue(), name=f"photo-{secrets.token_hex(6)}.{suffix}")


CHECKIN_ALPHABET = intake.ACCESS_CODE_ALPHABET
CHECKIN_LENGTH = 8


def normalise_checkin_code(code: str) -> str:
    return intake.normalise_access_code(code)


def checkin_hash(code: str) -> str:
    return _keyed_hash("checkin", normalise_checkin_code(code))


def valid_code_shape(code: str) -> bool:
    code = normalise_checkin_code(code)
    return len(code) == CHECKIN_LENGTH and all(c in CHECKIN_ALPHABET for c in code)


def _contact_key(phone: str, email: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return _keyed_hash("contact", f"p:{digits}" if digits else f"e:{email.lower()}")


@dataclass
class RegistrationResult:
    registration: Registration
    checkin_code: str
    waitlisted: bool
    position: int  # place on the waitlist (1 = next), 0 when confirmed


def _clean_registrant(name: str, phone: str, email: str) -> dict[str, str]:
    name, phone, email = (name or "").strip(), (phone or "").strip(), (email or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["请填写姓名。"]
    elif len(name) > 50:
        errors["name"] = ["姓名不能超过50字。"]
    digits = "".join(c for c in phone if c.isdigit())
    if phone and not 7 <= len(digits) <= 15:
        errors["phone"] = ["电话号码格式不正确。"]
    if not phone and not email:
        errors["phone"] = ["请填写电话或电子邮箱中的至少一项,用于通知和提醒。"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["电子邮箱格式不正确。"]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "phone": phone, "email": email}


def registration_open(open_day: OpenDay) -> bool:
    return open_day.status == PublicationStatus.PUBLISHED and timezone.now() < open_day.starts_at


def registration_create(*, open_day: OpenDay, name: str, phone: str = "", email: str = ""
                        ) -> RegistrationResult:
    """Register; past capacity the person goes on the waitlist. The open day's row is
    locked while places are counted, so two people can never take the last place."""
    person = _clean_registrant(name, phone, email)
    contact = _contact_key(person["phone"], person["email"])
    code = "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))
    try:
        with transaction.atomic():
            locked = OpenDay.objects.select_for_update().get(pk=open_day.pk)
            if not registration_open(locked):
                raise ParticipationRefused("该活动不在报名期内。", "registration_closed")
            if locked.registrations.filter(contact_hash=contact).exclude(
                    status=RegistrationStatus.CANCELLED).exists():
                raise AlreadyRegistered
            taken = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            waitlisted = taken >= locked.capacity
            registration = Registration.objects.create(
                open_day=locked, contact_hash=contact, checkin_hash=checkin_hash(code),
                status=RegistrationStatus.WAITLISTED if waitlisted else RegistrationStatus.CONFIRMED,
                **person)
            position = waitlist_position(registration) if waitlisted else 0
            audit_record(actor=None, verb="participation.registration_create", obj=locked,
                         agency=locked.agency_id,
                         details={"registration": registration.pk, "status": registration.status})
            outcome = f"进入候补名单(第{position}位)" if waitlisted else "报名成功"
            _mail(f"报名{'候补' if waitlisted else '成功'}:{locked.theme}",
                  f"{person['name']}:\n您已{outcome}。"
                  f"\n活动:{locked.theme}\n时间:{timezone.localtime(locked.starts_at):%Y-%m-%d %H:%M}"
                  f"\n签到码:{code}\n如需取消,请在活动页面输入签到码。", person["email"])
    except IntegrityError:
        raise AlreadyRegistered from None
    return RegistrationResult(registration, code, waitlisted, position)


def waitlist_position(registration: Registration) -> int:
    return Registration.objects.filter(
        open_day_id=registration.open_day_id, status=RegistrationStatus.WAITLISTED,
        created_at__lte=registration.created_at, id__lte=registration.pk).count()


def find_registration(open_day: OpenDay, code: str) -> Registration | None:
    if not valid_code_shape(code):
        return None
    return open_day.registrations.filter(checkin_hash=checkin_hash(code)).first()


def registration_cancel(*, open_day: OpenDay, code: str) -> tuple[Registration, Registration | None]:
    """The registrant cancels with the check-in code; the first on the waitlist takes the
    freed place in the same transaction. Returns (cancelled, promoted or None)."""
    with transaction.atomic():
        locked = OpenDay.objects.select_for_update().get(pk=open_day.pk)
        registration = find_registration(locked, code)
        if registration is None:
            raise CheckinRefused("签到码不正确。", "unknown_code")
        if registration.status == RegistrationStatus.CANCELLED:
            raise ParticipationRefused("该报名已取消。", "already_cancelled")
        if registration.checked_in_at is not None or timezone.now() >= locked.starts_at:
            raise ParticipationRefused("活动已开始,不能取消报名。", "registration_closed")
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote(locked) if was_confirmed else None
        audit_record(actor=None, verb="participation.registration_cancel", obj=locked,
                     agency=locked.agency_id,
                     details={"registration": registration.pk,
                              "promoted": promoted.pk if promoted else None})
    return registration, promoted


def _promote(open_day: OpenDay) -> Registration | None:
    """Fill free places from the waitlist, first come first served (caller holds the lock)."""
    taken = open_day.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    first = None
    for registration in open_day.registrations.filter(
            status=RegistrationStatus.WAITLISTED).order_by("created_at", "id")[
                :max(open_day.capacity - taken, 0)]:
        registration.status, registration.promoted_at = RegistrationStatus.CONFIRMED, timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        _mail(f"候补转正:{open_day.theme}",
              f"{registration.name}:\n有人取消报名,您已从候补转为正式报名。\n活动:{open_day.theme}"
              f"\n时间:{timezone.localtime(open_day.starts_at):%Y-%m-%d %H:%M}\n请凭原签到码入场。",
              registration.email)
        first = first or registration
    return first


def open_day_set_capacity(*, actor: Any, open_day: OpenDay, capacity: int) -> OpenDay:
    """Change the number of places; more places move people up from the waitlist."""
    _require(ParticipationPolicy.can_manage(actor, open_day))
    if capacity < 1:
        raise ValidationError({"capacity": ["名额应为正整数。"]})
    with transaction.atomic():
        locked = OpenDay.objects.select_for_update().get(pk=open_day.pk)
        taken = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if capacity < taken:
            raise ParticipationRefused(f"已有{taken}人报名,名额不能少于{taken}。")
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        _promote(locked)
        audit_record(actor=actor, verb="participation.open_day_capacity", obj=locked,
                     agency=locked.agency_id, details={"capacity": capacity})
    open_day.capacity = capacity
    return open_day


def checkin(*, actor: Any, code: str, agency_ids: list[int] | None,
            now: dt.datetime | None = None) -> Registration:
    """Check a code at the door: refused when forged (unknown here), reused (already
    checked in), cancelled or still waitlisted, or not on the day of the event."""
    if not valid_code_shape(code):
        raise CheckinRefused("签到码格式不正确(8位字母数字)。", "unknown_code")
    now = now or timezone.now()
    queryset = Registration.objects.select_related("open_day").filter(checkin_hash=checkin_hash(code))
    if agency_ids is not None:
        queryset = queryset.filter(open_day__agency_id__in=agency_ids)
    with transaction.atomic():
        registration = queryset.select_for_update(of=("self",)).first()
        if registration is None:
            raise CheckinRefused("签到码无效:本机构没有这个签到码。", "unknown_code")
        _check_in(actor, registration, now)
    return registration


def checkin_by_hand(*, actor: Any, registration: Registration,
                    now: dt.datetime | None = None) -> Registration:
    """Check in from the registration list (a person who lost the code shows an ID at the
    door); the same refusals as a code."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_related("open_day").select_for_update(
            of=("self",)).get(pk=registration.pk)
        _check_in(actor, locked, now, by_hand=True)
    return locked


def _check_in(actor: Any, registration: Registration, now: dt.datetime, *,
              by_hand: bool = False) -> None:
    open_day = registration.open_day
    _require(ParticipationPolicy.can_manage(actor, open_day))
    if registration.checked_in_at is not None:
        raise CheckinRefused(
            f"该签到码已于{timezone.localtime(registration.checked_in_at):%m月%d日 %H:%M}使用过。",
            "already_checked_in")
    if registration.status == RegistrationStatus.CANCELLED:
        raise CheckinRefused("该报名已取消。", "cancelled")
    if registration.status == RegistrationStatus.WAITLISTED:
        raise CheckinRefused("该报名仍在候补名单中,未获得名额。", "waitlisted")
    if open_day.status != PublicationStatus.PUBLISHED:
        raise CheckinRefused("该活动已取消。", "cancelled")
    today = timezone.localtime(now).date()
    if not (timezone.localtime(open_day.starts_at).date() <= today
            <= timezone.localtime(open_day.ends_at).date()):
        raise CheckinRefused(
            f"签到码属于{timezone.localtime(open_day.starts_at):%Y年%m月%d日}的活动“{open_day.theme}”,"
            "今天不能签到。", "wrong_day")
    registration.checked_in_at, registration.checked_in_by = now, actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit_record(actor=actor, verb="participation.checkin", obj=open_day,
                 agency=open_day.agency_id,
                 details={"registration": registration.pk, "by_hand": by_hand})


def send_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remind confirmed registrants with an e-mail address of an open day starting within
    ``GONGKAI_PARTICIPATION_REMINDER_DAYS`` days; each once."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=limits.reminder_days())
    due = Registration.objects.select_related("open_day").filter(
        status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True,
        open_day__status=PublicationStatus.PUBLISHED, open_day__starts_at__gt=now,
        open_day__starts_at__lte=horizon).exclude(email="")
    sent = 0
    for registration in due:
        with transaction.atomic():
            updated = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True
                                                  ).update(reminded_at=now)
            if not updated:
                continue
            open_day = registration.open_day
            where = open_day.place or open_day.online_url
            _mail(f"活动提醒:{open_day.theme}",
                  f"{registration.name}:\n您报名的“{open_day.theme}”将于"
                  f"{timezone.localtime(open_day.starts_at):%Y-%m-%d %H:%M}举行。\n地点:{where}"
                  "\n请凭签到码(或二维码)入场;如不能参加,请在活动页面取消报名,把名额让给候补的人。",
                  registration.email)
            sent += 1
    return {"reminded": sent}
