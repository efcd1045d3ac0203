"""Public pages of disclosure applications (依申请公开), per agency under
/<agency>/applications/: the guide, the application form, the acknowledgement shown once,
and the status page opened with the case number and access code (no account needed).

Privacy: no page here shows an applicant's name, ID number, phone, e-mail or address, not
even to the applicant (a shared computer keeps pages in its history); the letters the
applicant downloads carry them, behind the access code. The status page never says whether
a case number exists: a wrong code and an unknown case give the same answer.

The access code is proved once per browser session (POST, never in a URL); the session
then holds the case's id for the status page, its actions and its downloads.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.applications import selectors, services, timelimits
from gongkai.applications.forms import (
    ApplicationForm,
    ConfirmForm,
    StatusLookupForm,
    SupplyCorrectionForm,
    apply_errors,
)
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    DisclosureItemKind,
    Notice,
    NoticeStatus,
)
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.selectors import agency_get_public

SESSION_CASES = "applications.cases"  # case ids whose access code this session proved
SESSION_RECEIPT = "applications.receipt"  # the acknowledgement, shown once


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _base(agency: Agency, **extra: Any) -> dict[str, Any]:
    return {"agency": agency, "nav_current": "application", **extra}


# Guide and form -----------------------------------------------------------------------


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    return render(request, "applications/public/index.html", _base(
        found, reply_days=timelimits.REPLY_LIMIT_WORKING_DAYS,
        extension_days=timelimits.EXTENSION_MAX_WORKING_DAYS,
        lookup_form=StatusLookupForm(), canonical_path=request.path))


def _suggestions(agency: Agency, text: str) -> list[dict[str, str]]:
    return [{"title": r.current_version.title if r.current_version else r.title,
             "index_number": r.index_number or "",
             "url": reverse("catalogue:record", kwargs={"agency": agency.slug, "pk": r.pk})}
            for r in selectors.suggest_records(text, agency_id=agency.pk)]


@public_view
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    asks_purpose = services.purpose_required(found)
    if request.method != "POST":
        # ?entry=<索取号>: started from the on-request catalogue, naming that entry.
        from gongkai.catalogue.on_request import application_prefill

        form = ApplicationForm(purpose_required=asks_purpose,
                               initial=application_prefill(found, request.GET.get("entry", "")))
        return render(request, "applications/public/apply.html", _base(found, form=form))
    if "suggest" in request.POST:
        # 先查一查: the form again as the applicant left it (unbound: nothing was submitted,
        # so no field is judged yet), with published records matching the description.
        form = ApplicationForm(initial=request.POST.dict(), purpose_required=asks_purpose)
        text = request.POST.get("description", "")
        return render(request, "applications/public/apply.html", _base(
            found, form=form, suggestions=_suggestions(found, text), searched=True))
    if intake.is_limited(request, "applications.submit"):
        return intake.rate_limited_response(request, agency=found)
    form = ApplicationForm(request.POST, purpose_required=asks_purpose)
    if form.is_spam:
        # A robot filled the hidden field: answer like a failed form, create nothing.
        return render(request, "applications/public/apply.html", _base(found, form=form),
                      status=400)
    if form.is_valid():
        try:
            submission = services.submit_online(
                agency=found, idempotency_key=form.cleaned_data["idempotency_key"],
                submitted_by=intake.submitter(request), **form.submission_fields())
        except services.IdempotencyConflict:
            form.add_error(None, _("这份表单已经提交过。如需再次申请，请重新打开申请页面填写。"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            application = submission.application
            _remember(request, application)
            request.session[SESSION_RECEIPT] = {
                "case": application.pk, "code": submission.access_code or "",
                "replayed": not submission.created}
            return redirect("applications:submitted", agency=found.slug)
    return render(request, "applications/public/apply.html", _base(found, form=form), status=400)


@public_view
@require_safe
def suggest(request: HttpRequest, agency: str) -> JsonResponse:
    """The same matches as the 先查一查 button, for the form's script while typing."""
    found = _agency_or_404(request, agency)
    if intake.is_limited(request, "applications.suggest"):
        return JsonResponse({"results": [], "error": intake.RATE_LIMITED_MESSAGE}, status=429)
    return JsonResponse({"results": _suggestions(found, request.GET.get("q", "")[:200])})


@public_view
@require_safe
def submitted(request: HttpRequest, agency: str) -> HttpResponse:
    """The acknowledgement with the case number and the access code, shown once: the code
    is kept only as a hash, so this page is the applicant's one chance to note it."""
    found = _agency_or_404(request, agency)
    receipt = request.session.pop(SESSION_RECEIPT, None)
    application = None
    if receipt:
        application = Application.objects.filter(pk=receipt.get("case"), agency=found).first()
    if application is None:
        return redirect("applications:status", agency=found.slug)
    response = render(request, "applications/public/submitted.html", _base(
        found, application=application, access_code=receipt.get("code", ""),
        replayed=receipt.get("replayed", False),
        status_url=reverse("applications:case_status",
                           kwargs={"agency": found.slug, "case_number": application.case_number})))
    response["Cache-Control"] = "no-store"
    return response


# Status page --------------------------------------------------------------------------


def _remember(request: HttpRequest, application: Application) -> None:
    cases = set(request.session.get(SESSION_CASES, []))
    cases.add(application.pk)
    request.session[SESSION_CASES] = sorted(cases)[-20:]


def _proved(request: HttpRequest, agency: Agency, case_number: str) -> Application | None:
    proved = intake.proved_cases(request, SESSION_CASES)
    if proved is None:
        return None
    return (Application.objects.select_related("agency")
            .filter(proved, agency=agency, case_number=case_number.strip().upper(),
                    anonymised_at__isnull=True).first())


@public_view
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, agency: str) -> HttpResponse:
    """Look a case up by number and access code."""
    found = _agency_or_404(request, agency)
    if request.method != "POST":
        return render(request, "applications/public/lookup.html",
                      _base(found, form=StatusLookupForm()))
    form = StatusLookupForm(request.POST)
    if form.is_valid():
        try:
            application = intake.status_lookup(
                request, selectors.cases_for_applicant(agency_id=found.pk),
                form.cleaned_data["case_number"], form.cleaned_data["access_code"],
                group="applications.status")
        except intake.RateLimited:
            return intake.rate_limited_response(request, agency=found)
        if application is not None:
            _remember(request, application)
            return redirect("applications:case_status", agency=found.slug,
                            case_number=application.case_number)
        form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入。"))
    return render(request, "applications/public/lookup.html", _base(found, form=form),
                  status=400)


def _case_or_lookup(request: HttpRequest, agency: Agency, case_number: str) -> Application | None:
    application = _proved(request, agency, case_number)
    if application is None:
        messages.info(request, _("请输入申请编号和查询码。"))
    return application


@public_view
@require_safe
def case_status(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    application = _case_or_lookup(request, found, case_number)
    if application is None:
        return redirect("applications:status", agency=found.slug)
    return _status_page(request, found, application)


def _status_page(request: HttpRequest, agency: Agency, application: Application, *,
                 status: int = 200, **forms: Any) -> HttpResponse:
    view = selectors.public_status(application)
    provided = []
    if application.status in ("replied", "archived"):
        provided = list(application.disclosure_items.exclude(kind=DisclosureItemKind.WITHHELD)
                        .select_related("record"))
    response = render(request, "applications/public/status.html", _base(
        agency, application=application, view=view, provided=provided,
        correction_form=forms.get("correction_form") or SupplyCorrectionForm(),
        withdraw_form=forms.get("withdraw_form") or ConfirmForm(prefix="withdraw"),
        fee_form=forms.get("fee_form") or ConfirmForm(prefix="fee"),
        can_supply_correction=hasattr(services, "correction_supply_by_applicant"),
        can_confirm_fee=hasattr(services, "fee_confirm_by_applicant"),
        today=timezone.localdate()), status=status)
    response["Cache-Control"] = "no-store"
    return response


def _applicant_action(request: HttpRequest, agency: str, case_number: str, *, form_class: Any,
                      form_name: str, prefix: str | None, run: Any, done: str) -> HttpResponse:
    """A step the applicant takes on the status page: the access code is typed again (it
    is never kept in the session), then the service checks it like the lookup does."""
    found = _agency_or_404(request, agency)
    application = _case_or_lookup(request, found, case_number)
    if application is None:
        return redirect("applications:status", agency=found.slug)
    if intake.is_limited(request, "applications.status"):
        return intake.rate_limited_response(request, agency=found)
    view = selectors.public_status(application)
    if not {"correction_form": view.can_correct, "withdraw_form": view.can_withdraw,
            "fee_form": view.status == ApplicationStatus.AWAITING_FEE}.get(form_name, True):
        # The step's form is no longer on the page (the case moved on, e.g. a second
        # submission): an invalid form would be answered with no visible message.
        messages.error(request, _("申请状态已变化，这一步已无需办理。"))
        return redirect("applications:case_status", agency=found.slug,
                        case_number=application.case_number)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(application, form.cleaned_data)
        except PermissionDeniedError:
            form.add_error("access_code", _("查询码不正确。"))
        except services.InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("applications:case_status", agency=found.slug,
                            case_number=application.case_number)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("applications:case_status", agency=found.slug,
                            case_number=application.case_number)
    return _status_page(request, found, application, status=400, **{form_name: form})


@public_view
@require_POST
def case_withdraw(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    return _applicant_action(
        request, agency, case_number, form_class=ConfirmForm, form_name="withdraw_form",
        prefix="withdraw", done=_("您的申请已撤回。"),
        run=lambda application, data: services.withdraw_by_applicant(
            case_number=application.case_number, access_code=data["access_code"],
            reason="申请人在网上撤回申请。"))


@public_view
@require_POST
def case_correct(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    supply = getattr(services, "correction_supply_by_applicant", None)
    if supply is None:
        raise Http404
    return _applicant_action(
        request, agency, case_number, form_class=SupplyCorrectionForm,
        form_name="correction_form", prefix=None,
        done=_("已收到您的补正，答复期限自收到补正之日起重新计算。"),
        run=lambda application, data: supply(
            case_number=application.case_number, access_code=data["access_code"],
            corrected_description=data["corrected_description"]))


@public_view
@require_POST
def case_fee(request: HttpRequest, agency: str, case_number: str) -> HttpResponse:
    confirm = getattr(services, "fee_confirm_by_applicant", None)
    if confirm is None:
        raise Http404
    return _applicant_action(
        request, agency, case_number, form_class=ConfirmForm, form_name="fee_form",
        prefix="fee", done=_("已告知本机关您已缴费，工作人员核实后继续办理。"),
        run=lambda application, data: confirm(case_number=application.case_number,
                                              access_code=data["access_code"]))


def _download(handle: Any, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@public_view
@require_safe
def case_notice(request: HttpRequest, agency: str, case_number: str, pk: int) -> HttpResponseBase:
    """A letter sent to the applicant, as the signed PDF."""
    found = _agency_or_404(request, agency)
    application = _proved(request, found, case_number)
    if application is None:
        raise Http404
    notice = Notice.objects.filter(pk=pk, application=application,
                                   visible_to_applicant=True).first()
    if notice is None or notice.status == NoticeStatus.PENDING or not notice.pdf:
        raise Http404
    return _download(notice.pdf.open("rb"), f"{application.case_number}-{notice.kind}.pdf",
                     "application/pdf")


@public_view
@require_safe
def case_file(request: HttpRequest, agency: str, case_number: str, pk: int) -> HttpResponseBase:
    """A file provided with the reply (only once the case is replied)."""
    found = _agency_or_404(request, agency)
    application = _proved(request, found, case_number)
    if application is None or application.status not in ("replied", "archived"):
        raise Http404
    item = application.disclosure_items.filter(pk=pk, kind=DisclosureItemKind.FILE).first()
    if item is None or not item.file:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return _download(handle, item.original_name or f"file-{item.pk}", "application/octet-stream")
