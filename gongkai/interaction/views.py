"""Public pages of the mailbox, per agency under /<agency>/interaction/: the list of
published exchanges (with received and answered times and the share answered in time),
the form (no account, no JavaScript), the acknowledgement shown once, and the writer's
status page opened with the tracking code and access code.

Privacy: no page here shows a writer's name, phone or e-mail; the published exchange is
the redacted text the writer approved. The access code is proved once per browser session
(POST, never in a URL); a case page without that proof answers 404 with the look-up form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.interaction import limits, selectors, services
from gongkai.interaction.forms import (
    LookupForm,
    MessageForm,
    RateForm,
    ReopenForm,
    SupplyForm,
    apply_errors,
)
from gongkai.interaction.models import Message, MessageStatus, Publication
from gongkai.interaction.workflow import InvalidTransition

SESSION_CASES = "interaction.cases"
SESSION_RECEIPT = "interaction.receipt"


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _base(agency: Agency, **extra: Any) -> dict[str, Any]:
    return {"agency": agency, "nav_current": "interaction", **extra}


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    page = Paginator(selectors.published(found).only(
        "pk", "case_number", "type", "channel", "published_subject", "received_at",
        "answered_at", "answered_in_time"), 20).get_page(request.GET.get("page"))
    return render(request, "interaction/public/index.html", _base(
        found, page=page, figures=selectors.timeliness(found), lookup_form=LookupForm(),
        answer_days=limits.answer_limit(agency_id=found.pk, type="consult").amount,
        complex_days=limits.answer_limit(agency_id=found.pk, type="consult", complex=True).amount,
        canonical_path=request.path))


@public_view
@require_safe
def published(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    message = selectors.published(found).filter(pk=pk).first()
    if message is None:
        raise Http404
    return render(request, "interaction/public/published.html", _base(found, message=message))


@public_view
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    if request.method != "POST":
        return render(request, "interaction/public/write.html", _base(found, form=MessageForm()))
    if intake.is_limited(request, "interaction.submit"):
        return intake.rate_limited_response(request, agency=found)
    form = MessageForm(request.POST, request.FILES)
    if form.is_spam:
        return render(request, "interaction/public/write.html", _base(found, form=form), status=400)
    if form.is_valid():
        upload = request.FILES.get("attachment")
        attachment = None
        if upload is not None:
            # Read one byte past the limit: enough to refuse, never the whole of a huge file.
            attachment = services.Upload(upload.name or "", upload.read(limits.attachment_max_bytes() + 1))
        try:
            submission = services.message_submit(
                agency=found, idempotency_key=form.cleaned_data["idempotency_key"],
                attachment=attachment, submitted_by=intake.submitter(request),
                **form.submission_fields())
        except intake.IdempotencyConflict:
            form.add_error(None, _("这份表单已经提交过。如需再次来信，请重新打开来信页面填写。"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _remember(request, submission.message)
            request.session[SESSION_RECEIPT] = {"case": submission.message.pk,
                                                "code": submission.access_code or "",
                                                "replayed": not submission.created}
            return redirect("interaction:submitted", agency=found.slug)
    return render(request, "interaction/public/write.html", _base(found, form=form), status=400)


@public_view
@require_safe
def submitted(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if not receipt:
        return redirect("interaction:status", agency=found.slug)
    message = Message.objects.filter(pk=receipt["case"], agency=found).first()
    if message is None:
        raise Http404
    return render(request, "interaction/public/submitted.html", _base(
        found, message=message, access_code=receipt.get("code", ""),
        replayed=receipt.get("replayed", False)))


def _remember(request: HttpRequest, message: Message) -> None:
    cases = [pk for pk in request.session.get(SESSION_CASES, []) if pk != message.pk][-9:]
    request.session[SESSION_CASES] = [*cases, message.pk]


def _proved(request: HttpRequest, agency: Agency, case_number: str) -> Message | None:
    proved = intake.proved_cases(request, SESSION_CASES)
    if proved is None:
        return None
    return Message.objects.filter(proved, agency=agency,
                                  case_number=intake.normalise_case_number(case_number)).first()


@public_view
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    if request.method != "POST":
        return render(request, "interaction/public/lookup.html", _base(found, form=LookupForm()))
    form = LookupForm(request.POST)
    if form.is_valid():
        try:
            message = intake.status_lookup(
                request, Message.objects.filter(agency=found), form.cleaned_data["case_number"],
                form.cleaned_data["access_code"], group="interaction.status")
        except intake.RateLimited:
            return intake.rate_limited_response(request, agency=found)
        if message is not None:
            _remember(request, message)
            return redirect("interaction:case", agency=found.slug, case_number=message.case_number)
        form.add_error(None, intake.LOOKUP_FAILED_MESSAGE)
    return render(request, "interaction/public/lookup.html", _base(found, form=form), status=400)


def _not_proved(request: HttpRequest, agency: Agency) -> HttpResponse:
    return render(request, "interaction/public/lookup.html", _base(
        agency, form=LookupForm(), expired=True), status=404)


STEP_VERBS = {
    "submit": "来信已收到", "hotline_import": "热线工单已接收", "route": "已转交承办处室办理",
    "ask": "请来信人补充材料", "supply": "来信人已补充材料", "draft": "答复审核中",
    "return": "答复退回修改", "approve": "已答复", "answer": "已答复", "rate": "来信人已评价",
    "reopen": "来信人申请重新办理", "close": "已办结", "dismiss": "不予受理",
    "mark_complex": "列为复杂事项，延长答复时限", "publication_approve": "来信人同意公开",
    "publication_decline": "来信人不同意公开", "due_recalculated": "答复期限按工作日历调整",
    "lapse": "来信人逾期未补充材料，已办结",
}


def _case_page(request: HttpRequest, agency: Agency, message: Message, *, status: int = 200,
               **forms: Any) -> HttpResponse:
    steps = [(e.created_at, STEP_VERBS.get(e.verb, ""))
             for e in message.events.all() if e.verb in STEP_VERBS]
    until = services.reopen_until(message)
    from django.utils import timezone

    waiting_until = None
    if message.status == MessageStatus.WAITING and message.waiting_since:
        from gongkai.workdays.calendar import add_working_days

        waiting_until = add_working_days(message.waiting_since, limits.waiting_working_days()).date
    can_reopen = (message.status in (MessageStatus.ANSWERED, MessageStatus.CLOSED)
                  and message.reopen_count == 0 and until is not None
                  and timezone.localdate() <= until)
    return render(request, "interaction/public/case.html", _base(
        agency, message=message, steps=steps, reopen_until=until, can_reopen=can_reopen,
        waiting_until=waiting_until,
        can_rate=message.status in (MessageStatus.ANSWERED, MessageStatus.CLOSED) and not message.rating,
        publication_pending=message.publication == Publication.PENDING,
        rate_form=forms.get("rate_form") or RateForm(),
        reopen_form=forms.get("reopen_form") or ReopenForm(),
        supply_form=forms.get("supply_form") or SupplyForm(),
        error=forms.get("error", "")), status=status)


@public_view
@require_safe
def case(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    message = _proved(request, found, case_number)
    if message is None:
        return _not_proved(request, found)
    return _case_page(request, found, message)


def _act(request: HttpRequest, agency: str, case_number: str, form_class: Any, key: str,
         action: Any) -> HttpResponse:
    found = _agency_or_404(request, agency)
    message = _proved(request, found, case_number)
    if message is None:
        return _not_proved(request, found)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _case_page(request, found, message, status=400, **{key: form})
    try:
        action(message, form.cleaned_data if form is not None else request.POST)
    except InvalidTransition as exc:
        return _case_page(request, found, message, status=409, error=exc.message)
    except ValidationError as exc:
        if form is not None:
            apply_errors(form, exc)
            return _case_page(request, found, message, status=400, **{key: form})
        return _case_page(request, found, message, status=400, error="；".join(exc.messages))
    return redirect("interaction:case", agency=found.slug, case_number=message.case_number)


@public_view
@require_POST
def case_rate(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    return _act(request, agency, case_number, RateForm, "rate_form", lambda m, d: services.message_rate(
        message=m, rating=d["rating"], comment=d.get("comment", "")))


@public_view
@require_POST
def case_reopen(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    return _act(request, agency, case_number, ReopenForm, "reopen_form",
                lambda m, d: services.message_reopen(message=m, reason=d["reason"]))


@public_view
@require_POST
def case_supply(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    return _act(request, agency, case_number, SupplyForm, "supply_form",
                lambda m, d: services.message_supply(message=m, text=d["text"]))


@public_view
@require_POST
def case_publication(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    return _act(request, agency, case_number, None, "", lambda m, d: services.publication_decide(
        message=m, approve=d.get("decision") == "approve"))
