"""Public pages of participation under /<agency>/participation/: surveys (answer, thanks,
published results), solicitations (send an idea, follow it with its code, published
ideas with answers) and open days (register, cancel, the check-in code as a QR image).

Everything works without JavaScript on a phone. Conditional survey questions are all
shown, each labelled with its condition ("如第1题选择“是”,请回答本题"); the server
drops answers to questions whose condition is not met. No page shows a registrant's or a
sender's name or contact.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.links import absolute_url
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public
from gongkai.participation import charts, selectors, services
from gongkai.participation.forms import (
    CancelForm,
    IdeaForm,
    IdeaLookupForm,
    RegistrationForm,
    apply_errors,
)
from gongkai.participation.models import (
    Idea,
    IdeaStatus,
    OpenDay,
    Phase,
    PublicationStatus,
    QuestionKind,
    Survey,
)
from gongkai.participation.workflow import ParticipationRefused

NAV = "participation"


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _base(agency: Agency, **extra: Any) -> dict[str, Any]:
    return {"agency": agency, "nav_current": NAV, **extra}


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    surveys = list(selectors.surveys_public(found)[:50])
    solicitations = list(selectors.solicitations_public(found)[:50])
    open_days = list(selectors.open_days_public(found)[:50])
    upcoming = [o for o in open_days if not o.is_past]
    upcoming.reverse()
    return render(request, "participation/index.html", _base(
        found, surveys=surveys, solicitations=solicitations, upcoming=upcoming,
        past=[o for o in open_days if o.is_past], canonical_path=request.path))


# Surveys ------------------------------------------------------------------------------


def _survey_or_404(agency: Agency, number: int) -> Survey:
    survey = selectors.survey_public(agency, number)
    if survey is None:
        raise Http404("no such survey")
    return survey


def _voter(request: HttpRequest) -> str:
    user = request.user
    return f"user:{user.pk}" if getattr(user, "is_authenticated", False) else ""


def _raw_answers(survey: Survey, data: Any) -> dict[int, Any]:
    raw: dict[int, Any] = {}
    for q in survey.questions.all():
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            raw[q.pk] = data.getlist(name)
        elif q.kind == QuestionKind.MATRIX:
            raw[q.pk] = {str(r): data.get(f"{name}_r{r}", "") for r in range(len(q.rows))}
        else:
            raw[q.pk] = data.get(name, "")
    return raw


def _question_rows(survey: Survey, data: Any, errors: dict[str, list[str]]) -> list[dict]:
    """What the template needs per question: the question, its current values, its error."""
    out = []
    for q in survey.questions.select_related("show_if"):
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            current: Any = data.getlist(name) if data else []
        elif q.kind == QuestionKind.MATRIX:
            current = {str(r): data.get(f"{name}_r{r}", "") for r in range(len(q.rows))} if data else {}
        else:
            current = data.get(name, "") if data else ""
        choices = []
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = [(str(i), label) for i, label in enumerate(q.options)]
        elif q.kind == QuestionKind.SCALE:
            choices = [(str(v), str(v)) for v in q.scale_values]
        matrix = [(str(r), label, current.get(str(r), "") if isinstance(current, dict) else "")
                  for r, label in enumerate(q.rows)]
        out.append({"q": q, "name": name, "current": current, "choices": choices,
                     "matrix": matrix, "columns": [(str(i), o) for i, o in enumerate(q.options)],
                     "errors": errors.get(name, [])})
    return out


def _survey_page(request: HttpRequest, agency: Agency, survey: Survey, *, data: Any = None,
                 errors: dict[str, list[str]] | None = None, refusal: str = "",
                 status: int = 200) -> HttpResponse:
    errors = errors or {}
    form = IdeaForm()  # only for the honeypot include and the idempotency key
    key = (data.get("idempotency_key", "") if data else "") or form.initial["idempotency_key"]
    contact = {k: (data.get(k, "") if data else "") for k in ("name", "phone", "email")}
    voter = _voter(request)
    return render(request, "participation/survey.html", _base(
        agency, survey=survey, questions=_question_rows(survey, data, errors), errors=errors,
        form_errors=errors.get("__all__", []), contact=contact, idempotency_key=key, form=form,
        refusal=refusal, phase=survey.phase, needs_sign_in=survey.one_per_person and not voter,
        confirm_email=data.get("confirm_email", "") if data else "",
        answered=survey.one_per_person and services.has_answered(survey, voter),
        login_url=f"{reverse('accounts:login')}?next={request.path}"), status=status)


@public_view
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = _survey_or_404(found, number)
    if request.method != "POST":
        return _survey_page(request, found, item)
    if intake.is_limited(request, "participation.respond"):
        return intake.rate_limited_response(request, agency=found)
    if intake.honeypot_tripped(request.POST):
        return _survey_page(request, found, item, data=request.POST, status=400,
                            errors={"__all__": ["提交未成功,请重试。"]})
    if item.one_per_person and not _voter(request):
        return _confirm_by_email(request, found, item)
    try:
        services.response_submit(
            survey=item, answers=_raw_answers(item, request.POST),
            contact={k: request.POST.get(k, "") for k in ("name", "phone", "email")},
            voter=_voter(request), idempotency_key=request.POST.get("idempotency_key", ""))
    except ValidationError as exc:
        return _survey_page(request, found, item, data=request.POST, status=400,
                            errors=dict(exc.message_dict))
    except ParticipationRefused as exc:
        return _survey_page(request, found, item, data=request.POST, refusal=exc.message,
                            status=409)
    return redirect("participation:survey_thanks", agency=found.slug, number=item.number)


def _confirm_by_email(request: HttpRequest, agency: Agency, item: Survey) -> HttpResponse:
    """One answer per person without an account: the answers wait for the e-mail link."""
    def link(token: str) -> str:
        return absolute_url(reverse("participation:survey_confirm", kwargs={
            "agency": agency.slug, "number": item.number, "token": token}))

    try:
        services.response_request_confirmation(
            survey=item, answers=_raw_answers(item, request.POST),
            contact={k: request.POST.get(k, "") for k in ("name", "phone", "email")},
            email=request.POST.get("confirm_email", ""), confirm_url=link)
    except ValidationError as exc:
        return _survey_page(request, agency, item, data=request.POST, status=400,
                            errors=dict(exc.message_dict))
    except ParticipationRefused as exc:
        return _survey_page(request, agency, item, data=request.POST, refusal=exc.message,
                            status=409)
    return render(request, "participation/survey_check_email.html", _base(agency, survey=item))


@public_view
@require_http_methods(["GET", "POST"])
def survey_confirm(request: HttpRequest, agency: str, number: int, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: a GET only shows a button (mail scanners open
    links), the POST stores the response."""
    found = _agency_or_404(request, agency)
    item = _survey_or_404(found, number)
    refusal = ""
    if request.method == "POST":
        if intake.is_limited(request, "participation.respond"):
            return intake.rate_limited_response(request, agency=found)
        try:
            services.response_confirm(token=token)
        except ParticipationRefused as exc:
            refusal = exc.message
        else:
            return redirect("participation:survey_thanks", agency=found.slug, number=item.number)
    pending = services.pending_for(token)
    valid = pending is not None and pending.survey_id == item.pk
    response = render(request, "participation/survey_confirm.html", _base(
        found, survey=item, valid=valid, refusal=refusal), status=409 if refusal else 200)
    add_never_cache_headers(response)
    return response


@public_view
@require_safe
def survey_thanks(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    return render(request, "participation/survey_thanks.html",
                  _base(found, survey=_survey_or_404(found, number)))


def results_context(survey: Survey, *, public_only: bool) -> list[dict[str, Any]]:
    out = []
    for result in selectors.survey_results(survey, public_only=public_only):
        q = result.question
        chart_id = f"chart-{q.pk}"
        item: dict[str, Any] = {"result": result, "q": q, "chart_id": chart_id}
        if result.bars:
            item["chart"] = charts.bar_chart(result.bars, title=f"{q.position}. {q.text}",
                                             chart_id=chart_id)
        item["matrix"] = [
            (label, bars, charts.bar_chart(bars, title=f"{q.position}. {q.text}:{label}",
                                           chart_id=f"{chart_id}-{i}"))
            for i, (label, bars) in enumerate(result.matrix)]
        out.append(item)
    return out


@public_view
@require_safe
def survey_results(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = _survey_or_404(found, number)
    if not item.results_published:
        raise Http404("results not published")
    return render(request, "participation/survey_results.html", _base(
        found, survey=item, results=results_context(item, public_only=True),
        total=selectors.response_count(item), canonical_path=request.path))


# Solicitations ------------------------------------------------------------------------


@public_view
@require_http_methods(["GET", "POST"])
def solicitation(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = selectors.solicitation_public(found, number)
    if item is None:
        raise Http404("no such solicitation")
    form = IdeaForm(request.POST or None)
    context = _base(found, solicitation=item, form=form, ideas=selectors.ideas_public(item)[:200],
                    is_open=item.phase == Phase.OPEN)
    if request.method != "POST":
        return render(request, "participation/solicitation.html", context)
    if intake.is_limited(request, "participation.idea"):
        return intake.rate_limited_response(request, agency=found)
    if form.is_spam:
        return render(request, "participation/solicitation.html", context, status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            idea, code, _created = services.idea_submit(
                solicitation=item, idempotency_key=data["idempotency_key"],
                submitted_by=intake.submitter(request),
                **{k: data[k] for k in ("title", "text", "name", "email")})
        except ValidationError as exc:
            apply_errors(form, exc)
        except (ParticipationRefused, intake.IdempotencyConflict) as exc:
            form.add_error(None, exc.message)
        else:
            response = render(request, "participation/idea_submitted.html", _base(
                found, solicitation=item, idea=idea, access_code=code))
            add_never_cache_headers(response)
            return response
    return render(request, "participation/solicitation.html", context, status=400)


@public_view
@require_http_methods(["GET", "POST"])
def idea_status(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    form = IdeaLookupForm(request.POST or None)
    idea: Idea | None = None
    if request.method == "GET":
        # ?number=: the account page's link; opens only for the account that sent it.
        idea = selectors.idea_of_submitter(found, request.user, request.GET.get("number", ""))
    if request.method == "POST" and form.is_valid():
        try:
            idea = intake.status_lookup(request, Idea.objects.filter(agency=found),
                                        form.cleaned_data["case_number"],
                                        form.cleaned_data["access_code"],
                                        group="participation.lookup")
        except intake.RateLimited:
            return intake.rate_limited_response(request, agency=found)
        if idea is None:
            form.add_error(None, intake.LOOKUP_FAILED_MESSAGE)
    response = render(request, "participation/idea_status.html", _base(
        found, form=form, idea=idea, IdeaStatus=IdeaStatus),
        status=400 if request.method == "POST" and idea is None else 200)
    add_never_cache_headers(response)
    return response


# Open days ----------------------------------------------------------------------------


def _open_day_or_404(agency: Agency, number: int) -> OpenDay:
    item = selectors.open_day_public(agency, number)
    if item is None:
        raise Http404("no such open day")
    return item


@public_view
@require_http_methods(["GET", "POST"])
def open_day(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = _open_day_or_404(found, number)
    form = RegistrationForm(request.POST or None)
    context = _base(found, open_day=item, form=form, places_left=selectors.places_left(item),
                    registration_open=services.registration_open(item),
                    cancelled=item.status == PublicationStatus.WITHDRAWN,
                    photos=list(item.photos.all()) if item.record_published_at else [])
    if request.method != "POST":
        return render(request, "participation/open_day.html", context)
    if intake.is_limited(request, "participation.register"):
        return intake.rate_limited_response(request, agency=found)
    if form.is_spam:
        return render(request, "participation/open_day.html", context, status=400)
    if form.is_valid():
        try:
            result = services.registration_create(open_day=item, **{
                k: form.cleaned_data[k] for k in ("name", "phone", "email")})
        except ValidationError as exc:
            apply_errors(form, exc)
        except ParticipationRefused as exc:
            form.add_error(None, exc.message)
        else:
            response = render(request, "participation/registered.html", _base(
                found, open_day=item, result=result,
                qr_svg=reverse("participation:checkin_qr", kwargs={
                    "agency": found.slug, "code": result.checkin_code, "fmt": "svg"}),
                qr_png=reverse("participation:checkin_qr", kwargs={
                    "agency": found.slug, "code": result.checkin_code, "fmt": "png"})))
            add_never_cache_headers(response)
            return response
    return render(request, "participation/open_day.html", context, status=400)


@public_view
@require_http_methods(["GET", "POST"])
def open_day_cancel(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = _open_day_or_404(found, number)
    form = CancelForm(request.POST or None)
    done = False
    if request.method == "POST":
        if intake.is_limited(request, "participation.lookup"):
            return intake.rate_limited_response(request, agency=found)
        if form.is_valid():
            try:
                services.registration_cancel(open_day=item, code=form.cleaned_data["code"])
                done = True
            except ParticipationRefused as exc:
                form.add_error("code", exc.message)
    return render(request, "participation/open_day_cancel.html",
                  _base(found, open_day=item, form=form, done=done),
                  status=400 if request.method == "POST" and not done else 200)


@public_view
@require_http_methods(["GET", "POST"])
def registration_lookup(request: HttpRequest, agency: str, number: int) -> HttpResponse:
    """A registrant looks the registration up with the check-in code (POST, never in a
    URL): confirmed or the place on the waitlist, and the QR image again."""
    found = _agency_or_404(request, agency)
    item = _open_day_or_404(found, number)
    form = CancelForm(request.POST or None)
    registration, position, code = None, 0, ""
    if request.method == "POST":
        if intake.is_limited(request, "participation.lookup"):
            return intake.rate_limited_response(request, agency=found)
        if form.is_valid():
            code = services.normalise_checkin_code(form.cleaned_data["code"])
            registration = services.find_registration(item, code)
            if registration is None:
                form.add_error("code", "签到码不正确。")
            elif registration.status == "waitlisted":
                position = services.waitlist_position(registration)
    qr = reverse("participation:checkin_qr", kwargs={"agency": found.slug, "code": code,
                                                     "fmt": "svg"}) if registration else ""
    response = render(request, "participation/registration_lookup.html", _base(
        found, open_day=item, form=form, registration=registration, position=position,
        code=code, qr_svg=qr), status=400 if request.method == "POST" and not registration else 200)
    add_never_cache_headers(response)
    return response


def checkin_url(code: str) -> str:
    return absolute_url(f"{reverse('staff:participation_checkin')}?code={code}")


@public_view
@require_safe
def checkin_qr(request: HttpRequest, agency: str, code: str, fmt: str) -> HttpResponse:
    """The check-in code as a QR image (SVG or PNG). It encodes the staff check-in page
    with the code, so a phone camera at the door opens it; the image reveals nothing the
    code does not (no lookup is made)."""
    import segno

    _agency_or_404(request, agency)
    if fmt not in ("svg", "png") or not services.valid_code_shape(code):
        raise Http404("not a check-in code")
    qr = segno.make(checkin_url(services.normalise_checkin_code(code)), error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=6, border=2, title=f"签到码 {code}")
        content_type = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=8, border=2)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    add_never_cache_headers(response)
    return response
