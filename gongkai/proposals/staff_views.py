"""Staff pages: the queue with due dates, registering, and one page per proposal with a
form for each step its state allows. ``staff_view`` asks whether the person handles
proposals anywhere; each view asks again for the proposal's agency (others get 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.proposals import forms, limits, selectors, services
from gongkai.proposals.models import Proposal, ProposalStatus
from gongkai.proposals.policies import ProposalPolicy, may_handle_any
from gongkai.proposals.workflow import ACTIONS, InvalidTransition

FORMS: dict[str, type] = {
    "assign": forms.AssignForm, "extend": forms.ExtendForm, "reply": forms.ReplyForm,
    "feedback": forms.FeedbackForm, "redo": forms.RedoForm, "close": forms.CloseForm,
    "publish": forms.PublishForm, "correct": forms.CorrectForm,
}


def _agencies(user: Any):
    ids = ProposalPolicy.agencies_visible(user)
    qs = Agency.objects.filter(is_active=True).order_by("sort_order", "pk")
    return qs if ids is None else qs.filter(pk__in=ids)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    found = selectors.proposal_get(agency_ids=ProposalPolicy.agencies_visible(request.user), pk=pk)
    if found is None:
        raise Http404("no such proposal")
    return found


@staff_view(may_handle_any)
@require_http_methods(["GET"])
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    ids = ProposalPolicy.agencies_visible(request.user)
    rows = list(selectors.staff_queue(agency_ids=ids, status=status)[:500])
    today = timezone.localdate()
    return render(request, "proposals/staff/list.html", {
        "rows": [(p, selectors.is_overdue(p, today)) for p in rows], "status": status,
        "statuses": ProposalStatus.choices, "today": today})


@staff_view(may_handle_any)
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    form = forms.RegisterForm(request.POST or None, agencies=agencies,
                              initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_register(
                actor=request.user, agency=data["agency"], kind=data["kind"],
                number=data["number"], session=data["session"], proposers=data["proposers"],
                subject=data["subject"], text=data["text"], registered_on=data["registered_on"])
        except PermissionDeniedError:
            return render(request, "staff/forbidden.html", status=403)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"已登记：{proposal}")
            return redirect("staff:proposals_detail", pk=proposal.pk)
    return render(request, "proposals/staff/new.html", {"form": form})


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _initial(action: str) -> dict[str, Any]:
    today = timezone.localdate()
    return {"assign": {"assigned_on": today}, "reply": {"replied_on": today},
            "feedback": {"feedback_on": today}, "close": {"closed_on": today}}.get(action, {})


def _unpublished(proposal: Proposal) -> Any:
    return proposal.replies.filter(published_on__isnull=True).order_by("round").first()


def _forms_for(user: Any, proposal: Proposal,
               bound: tuple[str, Any] | None = None) -> dict[str, Any]:
    out = {}
    waiting = _unpublished(proposal)
    for action, form_class in FORMS.items():
        if proposal.status not in ACTIONS[action][0]:
            continue
        if action in ("publish", "correct") and waiting is None:
            continue
        if action == "extend" and (proposal.extension_months >= limits.max_extension_months(proposal.kind)
                                   or not ProposalPolicy.can_approve_extension(user, proposal)):
            continue
        if bound is not None and bound[0] == action:
            out[action] = bound[1]
            continue
        kwargs = {"agency": proposal.agency} if action == "assign" else {}
        initial = _initial(action)
        if action == "correct" and waiting is not None:
            initial = {"text": waiting.text, "publish_mode": waiting.publish_mode,
                       "summary": waiting.summary, "summary_reason": waiting.summary_reason}
        out[action] = form_class(initial=initial, prefix=action, **kwargs)
    return out


def _detail(request: HttpRequest, proposal: Proposal, bound: tuple[str, Any] | None = None,
            status: int = 200) -> HttpResponse:
    return render(request, "proposals/staff/detail.html", {
        "proposal": proposal, "replies": list(proposal.replies.order_by("round")),
        "events": list(proposal.events.select_related("actor").order_by("-id")[:50]),
        "reminders": list(proposal.reminders.all()[:20]),
        "co_departments": list(proposal.co_departments.all()),
        "overdue": selectors.is_overdue(proposal), "forms": _forms_for(request.user, proposal, bound),
        "labels": {"assign": "交办", "extend": "批准延期", "reply": "答复",
                   "feedback": "登记代表委员意见", "redo": "重新办理", "close": "办结",
                   "publish": "公开答复", "correct": "修改待公开的答复"},
        "max_months": limits.max_months()}, status=status)


@staff_view(may_handle_any)
@require_http_methods(["GET"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _proposal(request, pk))


def _run(action: str, request: HttpRequest, proposal: Proposal, data: dict[str, Any]) -> Any:
    actor = request.user
    if action == "assign":
        return services.proposal_assign(actor=actor, proposal=proposal,
                                        lead_department=data["lead_department"],
                                        co_departments=data["co_departments"],
                                        assigned_on=data["assigned_on"])
    if action == "extend":
        return services.proposal_extend(actor=actor, proposal=proposal, months=data["months"],
                                        reason=data["reason"])
    if action == "reply":
        return services.proposal_reply(actor=actor, proposal=proposal, outcome=data["outcome"],
                                       text=data["text"], replied_on=data["replied_on"],
                                       summary=data["summary"], publish_mode=data["publish_mode"],
                                       summary_reason=data["summary_reason"])
    if action == "feedback":
        return services.proposal_feedback(actor=actor, proposal=proposal,
                                          satisfaction=data["satisfaction"],
                                          feedback_on=data["feedback_on"])
    if action == "redo":
        return services.proposal_redo(actor=actor, proposal=proposal,
                                      started_on=data["started_on"])
    if action == "close":
        return services.proposal_close(actor=actor, proposal=proposal,
                                       closed_on=data["closed_on"], comment=data["comment"])
    reply = _unpublished(proposal)
    if reply is None:
        raise InvalidTransition(proposal.status, "publish", "没有待公开的答复。")
    if action == "correct":
        return services.reply_correct(actor=actor, reply=reply, text=data["text"],
                                      summary=data["summary"], publish_mode=data["publish_mode"],
                                      summary_reason=data["summary_reason"])
    return services.reply_publish(actor=actor, reply=reply)


@staff_view(may_handle_any)
@require_POST
def proposal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    proposal = _proposal(request, pk)
    if action not in FORMS:
        raise Http404("no such step")
    if proposal.status not in ACTIONS[action][0]:
        messages.error(request, InvalidTransition(proposal.status, action).message)
        return redirect("staff:proposals_detail", pk=proposal.pk)
    kwargs = {"agency": proposal.agency} if action == "assign" else {}
    form = FORMS[action](request.POST, prefix=action, **kwargs)
    if form.is_valid():
        try:
            _run(action, request, proposal, form.cleaned_data)
        except PermissionDeniedError:
            return render(request, "staff/forbidden.html", status=403)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("staff:proposals_detail", pk=proposal.pk)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff:proposals_detail", pk=proposal.pk)
    proposal.refresh_from_db()
    return _detail(request, proposal, (action, form), status=200)
