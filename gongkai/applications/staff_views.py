"""Staff pages of applications, mounted under /staff/applications/ in the ``staff``
namespace: queues, registering a paper/fax/in-person application, the case page with its
clock and every step, the archive ZIP, conversion proposals and the letter templates.

Each view wears ``staff_view`` with the coarse question ("does this person handle
applications anywhere"); the case is then loaded through ``selectors.application_get``,
which only finds cases of the person's own agencies (another agency's case is a 404, not
a 403, so its existence is not confirmed). Writes go through ``services``: a
ValidationError is shown next to the fields it names, an InvalidTransition as a message,
a PermissionDeniedError as the 403 page.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import archive, letters, reply_review, reply_types, selectors, services, timelimits
from gongkai.applications.forms import (
    LETTER_KINDS,
    AssignForm,
    CorrectionRequestForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    FeeIssueForm,
    LetterTemplateForm,
    NoteForm,
    QueueFilterForm,
    ReceiveCorrectionForm,
    RegisterForm,
    ReplyForm,
    ReviewForm,
    ThirdPartyConsultationEndForm,
    ThirdPartyConsultationStartForm,
    WithdrawStaffForm,
    apply_errors,
)
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    ConversionProposal,
    ConversionStatus,
    ExtensionStatus,
    NoticeKind,
    ReplyReviewStatus,
)
from gongkai.applications.policies import HANDLE_ROLES, ApplicationPolicy, has_any
from gongkai.applications.workflow import ACTIONS, InvalidTransition
from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Department, Membership, Role, User
from gongkai.core.policies import PermissionDeniedError, agency_ids_for
from gongkai.core.security import allow_style_blocks

PAGE_SIZE = 50
TEMPLATE_DIR = "applications/staff/"


def may_see(user: Any) -> bool:
    return has_any(ApplicationPolicy.agencies_visible(user))


def may_convert(user: Any) -> bool:
    return has_any(ApplicationPolicy.agencies_convertible(user))


def may_edit_templates(user: Any) -> bool:
    return has_any(agency_ids_for(user, [Role.AGENCY_ADMIN]))


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.filter(is_active=True).order_by("name")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def _form_failed(request: HttpRequest) -> None:
    messages.error(request, _("未能完成，请按字段旁的提示修改后重新提交。"))


def _render(request: HttpRequest, template: str, context: dict[str, Any], *,
            current: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    context["applications_nav"] = {
        "current": current, "convert": may_convert(user),
        "templates": may_edit_templates(user),
    }
    response = render(request, TEMPLATE_DIR + template, context, status=status)
    # The letter preview's own <style> block, allowed by hash (a srcdoc iframe inherits CSP).
    return allow_style_blocks(response, context.get("preview_html") or "")


def _case_for(user: Any, pk: int) -> Application:
    application = selectors.application_get(user, pk)
    if application is None or not ApplicationPolicy.can_view(user, application):
        raise Http404
    return application


def _case_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the case for a POST action; a refusal by policy is the 403 page, a step not
    allowed in this state a message on the case page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        application = _case_for(request.user, pk)
        try:
            return view(request, application, *args, **kwargs)
        except PermissionDeniedError:
            return _forbidden(request)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("staff:applications_case", pk=application.pk)

    return wrapper


# Queues -------------------------------------------------------------------------------

QUEUE_TABS = ("new", "mine", "due_soon", "overdue", "awaiting_reply_review", "waiting_applicant",
              "waiting_third_party", "open", "closed")


#: the sortable columns of a queue: ``?sort=due`` ascending, ``?sort=-due`` descending
SORTS = {"received": ("received_on", "id"), "due": ("due_on", "id"),
         "state": ("state_rank", "due_on", "id")}


def _sorted(qs: Any, sort: str) -> Any:
    """The queue in the order the officer asked for (server-side, so it works without
    script); states sort in the workflow's order, not alphabetically by code."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        return qs
    if key == "state":
        qs = qs.annotate(state_rank=Case(
            *[When(status=value, then=Value(rank))
              for rank, value in enumerate(ApplicationStatus.values)],
            default=Value(len(ApplicationStatus.values)), output_field=IntegerField()))
    fields = SORTS[key]
    return qs.order_by(*(f"-{f}" for f in fields) if sort.startswith("-") else fields)


def _sort_headers(request: HttpRequest, sort: str) -> dict[str, dict[str, str]]:
    """Each sortable column's link (first click ascending, then the other way) and its
    ``aria-sort`` when it is the column the rows are ordered by."""
    headers = {}
    for key in SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if sort == key else key
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        headers[key] = {"href": "?" + query.urlencode(), "aria_sort": state}
    return headers


def _bulk_choices(user: Any) -> tuple[list[Department], list[User]]:
    """Departments and officers a case of the user's agencies may be routed to."""
    ids = ApplicationPolicy.agencies_visible(user)
    departments = Department.objects.select_related("agency").order_by("agency__name", "name")
    members = Membership.objects.filter(role__in=HANDLE_ROLES, agency__isnull=False)
    if ids is not None:
        departments = departments.filter(agency_id__in=ids)
        members = members.filter(agency_id__in=ids)
    officers = User.objects.filter(pk__in=members.values("user_id"), is_active=True)
    return list(departments), list(officers.order_by("display_name", "username"))


@staff_view(may_see)
def queue(request: HttpRequest) -> HttpResponse:
    """The officer's queues, soonest due first unless a column is chosen. Lists show the
    applicant masked."""
    user = request.user
    name = request.GET.get("queue", "open")
    if name not in QUEUE_TABS:
        name = "open"
    sort = request.GET.get("sort", "")
    if sort.removeprefix("-") not in SORTS:
        sort = ""
    form = QueueFilterForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    qs = _sorted(selectors.staff_queue(user, name, q=q), sort)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, left, abs(left), selectors.masked_applicant(a))
            for a, left in selectors.with_days_left(list(page.object_list))]
    counts = selectors.queue_counts(user)
    tabs = [(key, selectors.QUEUE_LABELS[key], counts.get(key)) for key in QUEUE_TABS]
    departments, officers = _bulk_choices(user) if rows else ([], [])
    return _render(request, "queue.html", {
        "queue": name, "queue_label": selectors.QUEUE_LABELS[name], "tabs": tabs,
        "page": page, "rows": rows, "form": form, "q": q, "sort": sort,
        "sort_headers": _sort_headers(request, sort), "back": request.GET.urlencode(),
        "bulk_departments": departments, "bulk_officers": officers,
        "many_agencies": len({d.agency_id for d in departments}) > 1,
    }, current="queue")


@staff_view(may_see)
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """分办 several cases at once: each through ``services.assign`` (its own permission
    check, state check and audit event), so a case this person may not route is reported
    and left as it was while the others go ahead."""
    user = request.user
    back = reverse("staff:applications_queue")
    previous = QueryDict(request.POST.get("back", ""))
    kept = {k: previous[k] for k in ("queue", "q", "sort", "page") if previous.get(k)}
    if kept:
        back += "?" + urlencode(kept)
    ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("case") if v.isdigit()))
    departments, officers = _bulk_choices(user)
    department = next((d for d in departments if str(d.pk) == request.POST.get("department")),
                      None)
    assignee = next((u for u in officers if str(u.pk) == request.POST.get("assignee")), None)
    if not ids or (department is None and assignee is None):
        messages.error(request, _("请勾选申请，并选择承办处室或经办人。"))
        return redirect(back)
    done, refused = [], []
    for pk in ids[:PAGE_SIZE]:
        application = selectors.application_get(user, pk)
        if application is None:
            refused.append(_("编号 %(pk)s：找不到这件申请") % {"pk": pk})
            continue
        try:
            services.assign(actor=user, application=application, department=department,
                            assignee=assignee)
        except PermissionDeniedError:
            refused.append(_("%(n)s：您无权分办") % {"n": application.case_number})
        except InvalidTransition as exc:
            refused.append(f"{application.case_number}：{exc.message}")
        except ValidationError as exc:
            refused.append(f"{application.case_number}：{'；'.join(exc.messages)}")
        else:
            done.append(application.case_number)
    if done:
        messages.success(request, _("已分办 %(n)d 件：%(cases)s。") % {
            "n": len(done), "cases": "、".join(done)})
    for line in refused:
        messages.error(request, _("未分办 %(line)s。") % {"line": line})
    return redirect(back)


# Registering a paper application ---------------------------------------------------


@staff_view(may_see)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Art. 31: a postal, ordinary-mail, fax or in-person application with its true receipt
    date; the acknowledgement with the access code is shown once for the applicant."""
    user = request.user
    agencies = [a for a in _agencies(ApplicationPolicy.agencies_visible(user))
                if ApplicationPolicy.can_register(user, a)]
    if not agencies:
        return _forbidden(request)
    if request.method != "POST":
        form = RegisterForm(agencies=agencies)
        return _render(request, "register.html", {"form": form, "rules": timelimits.RECEIPT_RULES},
                       current="register")
    form = RegisterForm(request.POST, agencies=agencies)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.register(
                actor=user, agency=form.chosen_agency(), channel=data["channel"],
                received_on=data["received_on"], idempotency_key=data["idempotency_key"],
                applicant_type=data["applicant_type"],
                organisation_category=data["organisation_category"],
                applicant_name=data["applicant_name"], id_type=data["id_type"],
                id_number=data["id_number"], credit_code=data["credit_code"],
                contact_name=data.get("contact_name") or "", phone=data["phone"],
                email=data.get("email") or "", address=data.get("address") or "",
                postcode=data.get("postcode") or "", **form.request_fields())
        except PermissionDeniedError:
            return _forbidden(request)
        except services.IdempotencyConflict:
            form.add_error(None, _("这份表单已经提交过。"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            application = submission.application
            if submission.access_code:
                request.session["applications.staff_receipt"] = {
                    "case": application.pk, "code": submission.access_code}
            messages.success(request, _("已登记申请 %(n)s，答复期限 %(d)s。") % {
                "n": application.case_number, "d": application.due_on.isoformat()})
            return redirect("staff:applications_case", pk=application.pk)
    _form_failed(request)
    return _render(request, "register.html", {"form": form, "rules": timelimits.RECEIPT_RULES},
                   current="register", status=400)


# The case page ------------------------------------------------------------------------

EVENT_LABELS = {
    "submit": "网上提交", "register": "登记", "assign": "分办", "link_record": "关联政府信息",
    "request_correction": "告知补正", "receive_correction": "收到补正",
    "correction_deemed_withdrawn": "逾期未补正视为放弃", "third_party_consultation_start": "征求意见",
    "third_party_consultation_end": "结束征求意见", "extension_request": "申请延期",
    "extension_approve": "批准延期", "extension_deny": "不批准延期", "note_add": "添加备注",
    "fee_issue": "发出收费通知", "fee_paid": "确认缴费", "fee_deemed_withdrawn": "逾期未缴费视为放弃",
    "reply": "答复", "withdraw": "撤回", "archive": "归档", "review_record": "登记复议或诉讼",
    "update_review": "更新复议或诉讼结果", "notice_sent": "文书已送达",
    "due_date_recalculated": "期限重新计算", "anonymise": "匿名化",
    "fee_payment_reported": "申请人报告已缴费",
    "reply_submit_for_review": "提交答复审核", "reply_review_approve": "审核通过并答复",
    "reply_review_return": "退回答复",
}


#: the workflow actions the case page offers a form (or button) for, each shown only in
#: the states ``workflow.ACTIONS`` allows it (``_allowed``); the extension decision and
#: the reply review also need a pending request, and note_add is open in every state
PAGE_ACTIONS = ("assign", "request_correction", "receive_correction",
                "third_party_consultation_start", "third_party_consultation_end",
                "extension_request", "fee_issue", "fee_paid", "reply", "withdraw",
                "review_record", "archive", "note_add")


def _allowed(application: Application, action: str) -> bool:
    return application.status in ACTIONS[action][0]


def _one(application: Application, name: str) -> Any:
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def _officers(agency_id: int) -> list[User]:
    ids = Membership.objects.filter(agency_id=agency_id, role__in=HANDLE_ROLES).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def _case_page(request: HttpRequest, application: Application, *, status: int = 200,
               preview_html: str = "", **forms: Any) -> HttpResponse:
    user = request.user
    can_handle = ApplicationPolicy.can_handle(user, application)
    elapsed, left = timelimits.elapsed_and_left(application)
    pending_extension = application.extensions.filter(status=ExtensionStatus.REQUESTED).first()
    open_third_party_consultation = application.third_party_consultations.filter(
        ended_on__isnull=True).first()
    correction = _one(application, "correction")
    fee = _one(application, "fee")
    receipt = request.session.pop("applications.staff_receipt", None)
    access_code = receipt["code"] if receipt and receipt.get("case") == application.pk else ""
    context: dict[str, Any] = {
        "application": application,
        "reply_type_label": _reply_type_label(application),
        "access_code": access_code,
        "can_handle": can_handle,
        "elapsed": elapsed, "left": left,
        "correction": correction, "fee": fee,
        "correction_warning": services.correction_warning(application) if can_handle else "",
        "correction_deadline": timelimits.correction_notice_deadline(application.received_on),
        "events": [(e, EVENT_LABELS.get(e.verb, e.verb)) for e in selectors.case_history(application)],
        "notes": list(application.notes.select_related("author")),
        "notices": list(application.notices.all()),
        "third_party_consultations": list(application.third_party_consultations.all()),
        "extensions": list(application.extensions.select_related("requested_by", "decided_by")),
        "items": list(application.disclosure_items.select_related("record")),
        "reviews": list(application.reviews.all()),
        "similar": list(selectors.similar_applications(application)[:10]),
        "pending_extension": pending_extension,
        "open_third_party_consultation": open_third_party_consultation,
        "preview_html": preview_html,
        "can_approve": pending_extension is not None
        and ApplicationPolicy.can_approve_extension(user, application),
        "can_admin": ApplicationPolicy.can_anonymise(user, application),
        "reply_reviews": list(application.reply_reviews.select_related("submitted_by", "decided_by")),
    }
    pending_review = next((r for r in context["reply_reviews"]
                           if r.status == ReplyReviewStatus.PENDING), None)
    context["pending_review"] = pending_review
    context["pending_review_label"] = _draft_label(pending_review) if pending_review else ""
    context["review_reply_types"] = [str(reply_types.get(code).label)
                                    for code in reply_types.REPLY_TYPES_BY_CODE
                                    if reply_review.needs_review(application.agency_id, code)]
    if pending_review is not None and ApplicationPolicy.can_review_reply(user, application) \
            and pending_review.submitted_by_id != user.pk:
        context["reply_review_form"] = forms.get("reply_review_form") or ReplyReviewDecisionForm()
    if pending_review is not None and not preview_html:
        preview_html = pending_review.preview_html
        context["preview_html"] = preview_html
    if can_handle:
        def form(name: str, factory: Callable[[], Any], action: str | None = None) -> None:
            if action is None or _allowed(application, action):
                context[name] = forms.get(name) or factory()

        agency_id = application.agency_id
        form("assign_form", lambda: AssignForm(
            departments=list(Department.objects.filter(agency_id=agency_id)),
            officers=_officers(agency_id), initial={  # a reassignment starts from today's
                "department": str(application.department_id or ""),
                "assignee": str(application.assignee_id or "")}), "assign")
        if correction is None:
            form("correction_form", CorrectionRequestForm, "request_correction")
        form("receive_correction_form", lambda: ReceiveCorrectionForm(
            initial={"received_on": timezone.localdate()}), "receive_correction")
        form("third_party_consultation_form", lambda: ThirdPartyConsultationStartForm(
            initial={"started_on": timezone.localdate()}), "third_party_consultation_start")
        form("third_party_consultation_end_form", lambda: ThirdPartyConsultationEndForm(
            initial={"ended_on": timezone.localdate()}), "third_party_consultation_end")
        if pending_extension is None and application.extension_working_days < \
                timelimits.EXTENSION_MAX_WORKING_DAYS:
            form("extension_form", lambda: ExtensionRequestForm(initial={
                "working_days": timelimits.EXTENSION_MAX_WORKING_DAYS
                - application.extension_working_days}), "extension_request")
        if context["can_approve"]:
            context["extension_decide_form"] = forms.get("extension_decide_form") or \
                ExtensionDecideForm()
        if fee is None:
            form("fee_form", FeeIssueForm, "fee_issue")
        form("reply_form", ReplyForm, "reply")
        form("withdraw_form", WithdrawStaffForm, "withdraw")
        form("review_form", ReviewForm, "review_record")
        form("note_form", NoteForm)
        context["can_archive"] = _allowed(application, "archive")
        context["can_fee_paid"] = _allowed(application, "fee_paid")
    return _render(request, "case.html", context, current="queue", status=status)


def _draft_label(review: Any) -> str:
    try:
        reply_type = reply_types.get(review.reply_type)
        label = str(reply_type.label)
        if review.reply_type_reason:
            label += "—" + str(reply_type.reason(review.reply_type_reason).label)
    except (reply_types.ReplyTypeError, KeyError):
        return review.reply_type
    return label


def _reply_type_label(application: Application) -> str:
    if not application.reply_type:
        return ""
    try:
        reply_type = reply_types.get(application.reply_type)
        label = str(reply_type.label)
        if application.reply_type_reason:
            label += "—" + str(reply_type.reason(application.reply_type_reason).label)
    except (reply_types.ReplyTypeError, KeyError):
        return application.reply_type
    return label


@staff_view(may_see)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case_for(request.user, pk))


def _form_action(request: HttpRequest, application: Application, form: Any, *, form_name: str,
                 run: Callable[[dict[str, Any]], Any], success: Callable[[Any], str]) -> HttpResponse:
    """A case action posted by a form: run the service, report, back to the case; on bad
    input the case page again with the form's errors."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success(result))
            return redirect("staff:applications_case", pk=application.pk)
    _form_failed(request)
    return _case_page(request, application, status=400, **{form_name: form})


@staff_view(may_see)
@require_POST
@_case_action
def case_assign(request: HttpRequest, application: Application) -> HttpResponse:
    form = AssignForm(request.POST, departments=list(Department.objects.filter(
        agency_id=application.agency_id)), officers=_officers(application.agency_id))

    def run(data: dict[str, Any]) -> Any:
        department, assignee = form.chosen()
        return services.assign(actor=request.user, application=application,
                               department=department, assignee=assignee)

    return _form_action(request, application, form, form_name="assign_form", run=run,
                        success=lambda _r: _("已分办。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_correction(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, CorrectionRequestForm(request.POST), form_name="correction_form",
        run=lambda d: services.request_correction(actor=request.user, application=application,
                                                  what_to_correct=d["what_to_correct"]),
        success=lambda c: _("已告知补正，补正期限 %(d)s。补正告知书将发送给申请人。")
        % {"d": c.reply_by.isoformat()})


@staff_view(may_see)
@require_POST
@_case_action
def case_correction_received(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, ReceiveCorrectionForm(request.POST),
        form_name="receive_correction_form",
        run=lambda d: services.receive_correction(
            actor=request.user, application=application, received_on=d["received_on"],
            corrected_description=d["corrected_description"]),
        success=lambda a: _("已收到补正，答复期限重新计算为 %(d)s。") % {"d": a.due_on.isoformat()})


@staff_view(may_see)
@require_POST
@_case_action
def case_third_party_consultation(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, ThirdPartyConsultationStartForm(request.POST),
        form_name="third_party_consultation_form",
        run=lambda d: services.third_party_consultation_start(
            actor=request.user, application=application, kind=d["kind"],
            party_name=d["party_name"], party_address=d["party_address"],
            started_on=d["started_on"]),
        success=lambda c: _("已发出征求意见函，答复期限 %(d)s；征求意见期间不计入答复期限。")
        % {"d": c.answer_by.isoformat()})


@staff_view(may_see)
@require_POST
@_case_action
def case_third_party_consultation_end(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, ThirdPartyConsultationEndForm(request.POST),
        form_name="third_party_consultation_end_form",
        run=lambda d: services.third_party_consultation_end(
            actor=request.user, application=application, ended_on=d["ended_on"],
            response=d["response"], consented=d["consented"]),
        success=lambda _c: _("已结束征求意见，恢复计时。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_extension(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, ExtensionRequestForm(request.POST), form_name="extension_form",
        run=lambda d: services.extension_request(actor=request.user, application=application,
                                                 working_days=d["working_days"],
                                                 reason=d["reason"]),
        success=lambda _e: _("已提交延期申请，待负责人审批。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_extension_decide(request: HttpRequest, application: Application) -> HttpResponse:
    # Refuse before the form: an officer must not learn the form's rules (Art. 33(2)).
    if not ApplicationPolicy.can_approve_extension(request.user, application):
        raise PermissionDeniedError

    def run(data: dict[str, Any]) -> Any:
        if data["approve"]:
            return services.extension_approve(actor=request.user, application=application,
                                              note=data["note"])
        return services.extension_deny(actor=request.user, application=application,
                                       note=data["note"])

    return _form_action(
        request, application, ExtensionDecideForm(request.POST),
        form_name="extension_decide_form", run=run,
        success=lambda e: _("已批准延期 %(n)d 个工作日，延期答复告知书将发送给申请人。")
        % {"n": e.working_days} if e.status == ExtensionStatus.APPROVED else _("已不批准延期。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_fee(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, FeeIssueForm(request.POST), form_name="fee_form",
        run=lambda d: services.fee_issue(actor=request.user, application=application,
                                         method=d["method"], quantity=d["quantity"]),
        success=lambda f: _("已发出收费通知，金额 %(a)s 元，缴费期限 %(d)s。")
        % {"a": f.amount, "d": f.pay_by.isoformat()})


@staff_view(may_see)
@require_POST
@_case_action
def case_fee_paid(request: HttpRequest, application: Application) -> HttpResponse:
    services.fee_paid(actor=request.user, application=application)
    messages.success(request, _("已确认缴费，恢复计时。"))
    return redirect("staff:applications_case", pk=application.pk)


def _reply_record(form: ReplyForm, application: Application) -> Any:
    index = (form.cleaned_data.get("record_index") or "").strip()
    if not index:
        return None
    from gongkai.catalogue.selectors import public_record_by_index

    record = public_record_by_index(index)
    if record is None or record.agency_id != application.agency_id:
        form.add_error("record_index", _("没有找到本机构已公开的这条信息，请核对索取号。"))
        return None
    return record


@staff_view(may_see)
@require_POST
@_case_action
def case_reply(request: HttpRequest, application: Application) -> HttpResponse:
    """Choose the reply type, link or attach what is provided, list what is withheld; the
    "预览答复书" button shows the letter first without saving anything."""
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        record = _reply_record(form, application)
        data = form.cleaned_data
        if not form.errors and request.POST.get("action") == "preview":
            html = letters.preview_reply(
                application=application, reply_type=data["reply_type_code"],
                reply_type_reason=data["reply_type_reason"], reply_text=data["letter_text"],
                withheld=data["withheld"], record=record,
                files=[data["file"].name] if data.get("file") else [])
            return _case_page(request, application, reply_form=form, preview_html=html)
        if not form.errors:
            upload = data.get("file")
            # A reply type under 审核 (or one the officer chooses to have reviewed) goes to
            # the reviewer as a draft; any other goes out now.
            for_review = request.POST.get("action") == "submit_for_review" or \
                reply_review.needs_review(application.agency_id, data["reply_type_code"])
            step = services.reply_submit_for_review if for_review else services.reply
            try:
                step(
                    actor=request.user, application=application, reply_type=data["reply_type_code"],
                    reply_type_reason=data["reply_type_reason"], reply_text=data["letter_text"],
                    records=[record] if record is not None else [],
                    files=[(upload.name, upload.read())] if upload else [],
                    withheld=[{"description": p["description"], "reason": p["withholding_reason"],
                               "legal_basis": p["legal_basis"]} for p in data["withheld"]])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已提交审核，待处室负责人或公开办负责人审核后发出答复书。")
                                 if for_review else _("已答复，答复书将发送给申请人。"))
                return redirect("staff:applications_case", pk=application.pk)
    _form_failed(request)
    return _case_page(request, application, status=400, reply_form=form)


class ReplyReviewDecisionForm(django_forms.Form):
    decision = django_forms.ChoiceField(
        label=_lazy("审核结论"), widget=django_forms.RadioSelect,
        choices=[("approve", _lazy("审核通过,发出答复书")), ("return", _lazy("退回修改"))])
    comment = django_forms.CharField(label=_lazy("审核意见"), required=False, max_length=4000,
                                     widget=django_forms.Textarea(attrs={"rows": 3}),
                                     help_text=_lazy("退回时必填;通过时可留空。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_reply_review(request: HttpRequest, application: Application) -> HttpResponse:
    """The reviewer's decision on the pending draft reply: approve (the reply goes out)
    or return it with comments."""
    if not ApplicationPolicy.can_review_reply(request.user, application):
        raise PermissionDeniedError

    def run(data: dict[str, Any]) -> Any:
        if data["decision"] == "approve":
            return services.reply_review_approve(actor=request.user, application=application,
                                                 comment=data["comment"])
        return services.reply_review_return(actor=request.user, application=application,
                                            comment=data["comment"])

    return _form_action(
        request, application, ReplyReviewDecisionForm(request.POST), form_name="reply_review_form",
        run=run,
        success=lambda r: _("审核通过，答复书将发送给申请人。") if isinstance(r, Application)
        else _("已退回答复，经办人修改后可重新提交审核。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_note(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, NoteForm(request.POST), form_name="note_form",
        run=lambda d: services.note_add(actor=request.user, application=application,
                                        text=d["text"]),
        success=lambda _n: _("已添加备注。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_review(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, ReviewForm(request.POST), form_name="review_form",
        run=lambda d: services.review_record(
            actor=request.user, application=application, kind=d["kind"], filed_on=d["filed_on"],
            body=d["body"], outcome=d["outcome"], decided_on=d["decided_on"], note=d["note"]),
        success=lambda _r: _("已登记。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    return _form_action(
        request, application, WithdrawStaffForm(request.POST), form_name="withdraw_form",
        run=lambda d: services.withdraw(actor=request.user, application=application,
                                        reason=d["reason"]),
        success=lambda _a: _("已登记撤回。"))


@staff_view(may_see)
@require_POST
@_case_action
def case_archive(request: HttpRequest, application: Application) -> HttpResponse:
    services.archive(actor=request.user, application=application)
    messages.success(request, _("已归档。可下载完整案卷(ZIP)。"))
    return redirect("staff:applications_case", pk=application.pk)


@staff_view(may_see)
@require_POST
@_case_action
def notice_sent(request: HttpRequest, application: Application, notice_pk: int) -> HttpResponse:
    notice = application.notices.filter(pk=notice_pk).first()
    if notice is None:
        raise Http404
    services.notice_mark_sent(actor=request.user, notice=notice)
    messages.success(request, _("已登记送达。"))
    return redirect("staff:applications_case", pk=application.pk)


def _attachment(handle: Any, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@staff_view(may_see)
def notice_download(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponseBase:
    application = _case_for(request.user, pk)
    notice = application.notices.filter(pk=notice_pk).first()
    if notice is None:
        raise Http404
    if notice.pdf:
        return _attachment(notice.pdf.open("rb"), f"{application.case_number}-{notice.kind}.pdf",
                           "application/pdf")
    html = notice.html or letters.render_notice_html(notice)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@staff_view(may_see)
def file_download(request: HttpRequest, pk: int, item_pk: int) -> HttpResponseBase:
    application = _case_for(request.user, pk)
    item = application.disclosure_items.filter(pk=item_pk).first()
    if item is None or not item.file:
        raise Http404
    return _attachment(item.file.open("rb"), item.original_name or f"file-{item.pk}",
                       "application/octet-stream")


@staff_view(may_see)
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole case file as one ZIP (application, notices, reply, information provided,
    event log). Audited: it carries the applicant's personal data."""
    application = _case_for(request.user, pk)
    try:
        data = archive.case_zip(actor=request.user, application=application)
    except PermissionDeniedError:
        return _forbidden(request)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{application.case_number}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(may_see)
def applicant_export(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case_for(request.user, pk)
    if not ApplicationPolicy.can_anonymise(request.user, application):
        return _forbidden(request)
    data = services.applicant_export(actor=request.user, application=application)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{application.case_number}-applicant.json"')
    response["Cache-Control"] = "no-store"
    return response


@staff_view(may_see)
@require_POST
@_case_action
def case_anonymise(request: HttpRequest, application: Application) -> HttpResponse:
    if not ApplicationPolicy.can_anonymise(request.user, application):
        return _forbidden(request)
    services.anonymise(actor=request.user, application=application)
    messages.success(request, _("已删除申请人的个人信息。"))
    return redirect("staff:applications_case", pk=application.pk)


# Conversion to proactive disclosure (Art. 44) ---------------------------------------


@staff_view(may_convert)
def proposals(request: HttpRequest) -> HttpResponse:
    from gongkai.catalogue.models import Genre, Topic

    listing = list(selectors.conversion_proposals(request.user).prefetch_related("applications"))
    done = list(selectors.conversion_proposals(request.user, status=ConversionStatus.COMPLETED)[:20])
    return _render(request, "proposals.html", {
        "proposals": listing, "done": done,
        "topics": list(Topic.objects.order_by("sort_order", "code")),
        "genres": list(Genre.objects.order_by("sort_order", "code")),
    }, current="proposals")


def _proposal_for(user: Any, pk: int) -> ConversionProposal:
    proposal = selectors.conversion_proposals(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


@staff_view(may_convert)
@require_POST
def proposal_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: a draft catalogue record, then the catalogue's own review."""
    from gongkai.catalogue.models import Genre, Topic

    proposal = _proposal_for(request.user, pk)
    # Classification chosen here wins; otherwise the record provided to the applicants
    # gives it (services.conversion_complete).
    topic = Topic.objects.filter(pk=request.POST.get("topic") or 0).first()
    genre = Genre.objects.filter(pk=request.POST.get("genre") or 0).first()
    try:
        record = services.conversion_complete(actor=request.user, proposal=proposal,
                                              topic=topic, genre=genre)
    except PermissionDeniedError:
        return _forbidden(request)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect("staff:applications_proposals")
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return redirect("staff:applications_proposals")
    messages.success(request, _("已生成主动公开草稿，请完善后提交审查。"))
    return redirect("staff:catalogue_record", pk=record.pk)


@staff_view(may_convert)
@require_POST
def proposal_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_for(request.user, pk)
    try:
        services.conversion_dismiss(actor=request.user, proposal=proposal,
                                    reason=request.POST.get("reason", "")[:300])
    except PermissionDeniedError:
        return _forbidden(request)
    messages.success(request, _("已不予转化。"))
    return redirect("staff:applications_proposals")


# Letter templates -----------------------------------------------------------------


def _template_keys() -> list[tuple[str, str, str]]:
    """(kind, reply_type, label) for every editable template."""
    keys = [(kind, "", label) for kind, label in LETTER_KINDS]
    keys += [(NoticeKind.REPLY_LETTER, o.code, f"{NoticeKind.REPLY_LETTER.label}:{o.label}")
             for o in reply_types.REPLY_TYPES]
    return keys


def _template_agencies(user: Any) -> list[Agency]:
    return [a for a in _agencies(agency_ids_for(user, [Role.AGENCY_ADMIN]))
            if ApplicationPolicy.can_edit_templates(user, a)]


@staff_view(may_edit_templates)
def templates(request: HttpRequest) -> HttpResponse:
    agencies = _template_agencies(request.user)
    agency = _chosen_agency(request, agencies)
    rows = []
    for kind, reply_type, label in _template_keys():
        _title, _body, custom = letters.template_for(agency.pk, kind, reply_type)
        rows.append((kind, reply_type or "-", label, custom))
    return _render(request, "templates.html", {"rows": rows, "agency": agency,
                                               "agencies": agencies}, current="templates")


def _chosen_agency(request: HttpRequest, agencies: list[Agency]) -> Agency:
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    chosen = next((a for a in agencies if str(a.pk) == raw), None)
    if chosen is None:
        if not agencies:
            raise Http404
        chosen = agencies[0]
    return chosen


@staff_view(may_edit_templates)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, kind: str, reply_type: str) -> HttpResponse:
    reply_type = "" if reply_type == "-" else reply_type
    keys = {(k, o): label for k, o, label in _template_keys()}
    if (kind, reply_type) not in keys:
        raise Http404
    agencies = _template_agencies(request.user)
    agency = _chosen_agency(request, agencies)
    title, body, custom = letters.template_for(agency.pk, kind, reply_type)
    preview_html = ""
    status = 200
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                preview_html = letters.preview(agency=agency, kind=kind, reply_type=reply_type,
                                               title=data["title"], body=data["body"])
            except letters.LetterTemplateError as exc:
                form.add_error("body", str(exc))
            if not form.errors and request.POST.get("action") == "save":
                try:
                    services.letter_template_save(actor=request.user, agency=agency, kind=kind,
                                                  reply_type=reply_type, title=data["title"],
                                                  body=data["body"])
                except PermissionDeniedError:
                    return _forbidden(request)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("已保存文书模板。"))
                    return redirect(reverse("staff:applications_template",
                                            kwargs={"kind": kind, "reply_type": reply_type or "-"})
                                    + f"?agency={agency.pk}")
        if form.errors:
            status = 400
            _form_failed(request)
    else:
        form = LetterTemplateForm(initial={"title": title, "body": body})
        preview_html = letters.preview(agency=agency, kind=kind, reply_type=reply_type, title=title,
                                       body=body)
    return _render(request, "template_edit.html", {
        "form": form, "label": keys[(kind, reply_type)], "agency": agency, "agencies": agencies,
        "custom": custom, "preview_html": preview_html, "variables": letters.VARIABLES,
        "kind": kind, "reply_type": reply_type or "-",
    }, current="templates", status=status)


urlpatterns = [
    path("", queue, name="applications_queue"),
    path("bulk-assign/", bulk_assign, name="applications_bulk_assign"),
    path("new/", register, name="applications_register"),
    path("<int:pk>/", case, name="applications_case"),
    path("<int:pk>/assign/", case_assign, name="applications_assign"),
    path("<int:pk>/correction/", case_correction, name="applications_correction"),
    path("<int:pk>/correction/received/", case_correction_received,
         name="applications_correction_received"),
    path("<int:pk>/third-party-consultation/", case_third_party_consultation,
         name="applications_third_party_consultation"),
    path("<int:pk>/third-party-consultation/end/", case_third_party_consultation_end,
         name="applications_third_party_consultation_end"),
    path("<int:pk>/extension/", case_extension, name="applications_extension"),
    path("<int:pk>/extension/decide/", case_extension_decide,
         name="applications_extension_decide"),
    path("<int:pk>/fee/", case_fee, name="applications_fee"),
    path("<int:pk>/fee/paid/", case_fee_paid, name="applications_fee_paid"),
    path("<int:pk>/reply/", case_reply, name="applications_reply"),
    path("<int:pk>/reply/review/", case_reply_review, name="applications_reply_review"),
    path("<int:pk>/notes/", case_note, name="applications_note"),
    path("<int:pk>/reviews/", case_review, name="applications_review"),
    path("<int:pk>/withdraw/", case_withdraw, name="applications_withdraw"),
    path("<int:pk>/archive/", case_archive, name="applications_archive"),
    path("<int:pk>/export.zip", case_export, name="applications_export"),
    path("<int:pk>/applicant.json", applicant_export, name="applications_applicant_export"),
    path("<int:pk>/anonymise/", case_anonymise, name="applications_anonymise"),
    path("<int:pk>/notices/<int:notice_pk>/", notice_download, name="applications_notice"),
    path("<int:pk>/notices/<int:notice_pk>/sent/", notice_sent, name="applications_notice_sent"),
    path("<int:pk>/files/<int:item_pk>/", file_download, name="applications_file"),
    path("proposals/", proposals, name="applications_proposals"),
    path("proposals/<int:pk>/complete/", proposal_complete, name="applications_proposal_complete"),
    path("proposals/<int:pk>/dismiss/", proposal_dismiss, name="applications_proposal_dismiss"),
    path("templates/", templates, name="applications_templates"),
    path("templates/<str:kind>/<str:reply_type>/", template_edit, name="applications_template"),
]
