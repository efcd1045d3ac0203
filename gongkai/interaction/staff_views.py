"""Staff pages under /staff/interaction/: the one inbox (mailbox and hotline orders) with
its queues and counts, a message with its history and every step, bulk routing, reply
templates, the agency's limits, figures by channel and department, and the hotline file
import and reply export."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Department, User
from gongkai.core.policies import PermissionDeniedError
from gongkai.interaction import hotline, limits, selectors, services
from gongkai.interaction.forms import (
    AnswerForm,
    HotlineImportForm,
    LimitsForm,
    PublicationForm,
    TemplateForm,
)
from gongkai.interaction.models import (
    AgencyLimits,
    Channel,
    Message,
    MessageStatus,
    ReplyTemplate,
)
from gongkai.interaction.policies import InteractionPolicy
from gongkai.interaction.workflow import TRANSITIONS, InvalidTransition

may_handle = InteractionPolicy.may_handle_any
may_configure = InteractionPolicy.may_configure_any


def _may_review_any(user: Any) -> bool:
    from gongkai.core.policies import agency_ids_for
    from gongkai.interaction.policies import REVIEW_ROLES

    ids = agency_ids_for(user, REVIEW_ROLES)
    return ids is None or bool(ids)


def _agencies(user: Any, ids: list[int] | None) -> list[Agency]:
    queryset = Agency.objects.filter(is_active=True)
    return list(queryset if ids is None else queryset.filter(pk__in=ids))


def _chosen(request: HttpRequest, agencies: list[Agency]) -> Agency | None:
    wanted = request.POST.get("agency") or request.GET.get("agency")
    for agency in agencies:
        if str(agency.pk) == str(wanted):
            return agency
    return agencies[0] if agencies else None


def _nav(request: HttpRequest, current: str, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {"interaction_nav": {"current": current, "templates": _may_review_any(user),
                                "limits": may_configure(user),
                                "hotline": InteractionPolicy.may_configure_any(user)}, **extra}


# Inbox ------------------------------------------------------------------------------------


@staff_view(may_handle)
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    queue = request.GET.get("queue", "new")
    if queue not in selectors.QUEUE_KEYS and queue != IDEAS:
        queue = "new"
    agencies = _agencies(user, InteractionPolicy.agencies_handled(user))
    agency_id = int(request.GET["agency"]) if request.GET.get("agency", "").isdigit() else None
    channel = request.GET.get("channel", "")
    q = request.GET.get("q", "")[:100]
    counts = selectors.queue_counts(user, agency_id=agency_id)
    ideas = _ideas_waiting(user, agency_id)
    tabs = [*((key, label, counts[key]) for key, label in selectors.QUEUES),
            (IDEAS, _("网络征集意见"), ideas.count())]
    if queue == IDEAS:
        return render(request, "interaction/staff/inbox_ideas.html", _nav(
            request, "inbox", page=Paginator(ideas, 50).get_page(request.GET.get("page")),
            queue=queue, tabs=tabs, agency_id=agency_id))
    page = selectors.inbox_page(user, queue, request.GET.get("page"), counts=counts,
                                channel=channel, q=q, agency_id=agency_id)
    departments = Department.objects.filter(agency__in=agencies, is_active=True).select_related("agency")
    return render(request, "interaction/staff/inbox.html", _nav(
        request, "inbox", page=page, queue=queue, queue_label=dict(selectors.QUEUES)[queue],
        tabs=tabs, channels=Channel.choices, channel=channel, q=q, agencies=agencies, agency_id=agency_id,
        departments=departments, today=timezone.localdate(), count_cap=selectors.COUNT_CAP))


# The one inbox also lists the ideas sent to solicitations (participation) that wait for
# an answer; they are answered on the solicitation's own page, which checks its own rights.
IDEAS = "ideas"


def _ideas_waiting(user, agency_id: int | None):
    from gongkai.participation.policies import ParticipationPolicy
    from gongkai.participation.selectors import ideas_waiting

    ideas = ideas_waiting(ParticipationPolicy.agencies_managed(user))
    return ideas.filter(agency_id=agency_id) if agency_id else ideas


@staff_view(may_handle)
@require_POST
def bulk_route(request: HttpRequest) -> HttpResponse:
    user = request.user
    ids = [int(v) for v in request.POST.getlist("message") if v.isdigit()][:500]
    chosen = list(selectors.visible(user).filter(pk__in=ids))
    department = None
    if request.POST.get("department", "").isdigit():
        department = Department.objects.filter(pk=int(request.POST["department"])).first()
    if not chosen or department is None:
        flash.error(request, _("请勾选来信并选择承办处室。"))
        return redirect("staff:interaction_inbox")
    done, refused = services.message_route_bulk(actor=user, messages=chosen, department=department)
    if done:
        flash.success(request, _("已转办 %(n)s 封来信。") % {"n": len(done)})
    for message, why in refused:
        flash.error(request, f"{message.case_number}：{why}")
    return redirect(f"{request.path.rsplit('bulk-route/', 1)[0]}?queue={request.POST.get('queue', 'new')}")


# One message ---------------------------------------------------------------------------------


def _message(request: HttpRequest, pk: int) -> Message:
    message = selectors.message_for_staff(request.user, pk)
    if message is None:
        raise Http404
    return message


def _message_page(request: HttpRequest, message: Message, *, status: int = 200,
                  **extra: Any) -> HttpResponse:
    user = request.user
    handlers = User.objects.filter(memberships__agency_id=message.agency_id,
                                   memberships__role__in=["disclosure_officer", "department_head",
                                                          "agency_admin"]).distinct()
    templates = ReplyTemplate.objects.filter(agency_id=message.agency_id)
    template_id = request.GET.get("template", "")
    answer_form = extra.pop("answer_form", None)
    if answer_form is None:
        initial = message.draft_reply
        chosen = templates.filter(pk=int(template_id)).first() if template_id.isdigit() else None
        if chosen is not None:
            initial = chosen.body
        answer_form = AnswerForm(initial={"reply": initial})
    publication_form = extra.pop("publication_form", None) or PublicationForm(initial={
        "subject": message.published_subject or services.redact(message.subject, message),
        "text": message.published_text or services.redact(message.text, message),
        "reply": message.published_reply or services.redact(message.reply, message)})
    allowed = {action for action, (sources, _t) in TRANSITIONS.items() if message.status in sources}
    from gongkai.interaction.views import STEP_VERBS

    labels = {**STEP_VERBS, "publication_edit": "修改公开文本", "reminder_due_soon": "到期提醒",
              "reminder_overdue": "逾期督办", "draft": "提交答复审核"}
    statuses = dict(MessageStatus.choices)
    events = [(e, labels.get(e.verb, e.verb), statuses.get(e.from_status, e.from_status),
               statuses.get(e.to_status, e.to_status))
              for e in message.events.select_related("actor")]
    return render(request, "interaction/staff/message.html", _nav(
        request, "inbox", message=message, events=events,
        departments=Department.objects.filter(agency_id=message.agency_id, is_active=True),
        handlers=handlers, templates=templates, answer_form=answer_form,
        publication_form=publication_form, allowed=allowed,
        can_review=InteractionPolicy.can_review(user, message),
        review_on=limits.reply_review_required(message.agency_id),
        veto_on=limits.veto_date(timezone.localtime(message.received_at).date()),
        reminders=message.reminders.order_by("-sent_on")[:10],
        today=timezone.localdate(), **extra), status=status)


@staff_view(may_handle)
@require_safe
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _message_page(request, _message(request, pk))


@staff_view(may_handle)
@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    message = _message(request, pk)
    if not message.attachment:
        raise Http404
    return FileResponse(message.attachment.open("rb"), as_attachment=True,
                        filename=message.attachment_name or message.attachment.name,
                        content_type=message.attachment_type or "application/octet-stream")


def _run_action(request: HttpRequest, message: Message, action: str) -> Message | None:
    post, user = request.POST, request.user
    if action == "route":
        department = Department.objects.filter(pk=post.get("department") or 0,
                                               agency_id=message.agency_id).first()
        assignee = User.objects.filter(pk=post.get("assignee") or 0).first()
        return services.message_route(actor=user, message=message, department=department,
                                      assignee=assignee, comment=post.get("comment", ""))
    if action == "complex":
        return services.message_mark_complex(actor=user, message=message,
                                             complex=post.get("complex", "1") == "1",
                                             reason=post.get("comment", ""))
    if action == "ask":
        return services.message_ask(actor=user, message=message, question=post.get("question", ""))
    if action == "answer":
        return services.message_answer(actor=user, message=message, reply=post.get("reply", ""))
    if action in ("approve", "return"):
        return services.message_review(actor=user, message=message, approve=action == "approve",
                                       comment=post.get("comment", ""),
                                       reply=post.get("reply") or None)
    if action == "close":
        return services.message_close(actor=user, message=message, comment=post.get("comment", ""))
    if action == "dismiss":
        return services.message_dismiss(actor=user, message=message, reason=post.get("reason", ""))
    if action == "publication":
        return services.publication_edit(actor=user, message=message,
                                         subject=post.get("subject", ""),
                                         text=post.get("text", ""), reply=post.get("reply", ""))
    return None


@staff_view(may_handle)
@require_POST
def message_act(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    action = request.POST.get("action", "")
    try:
        done = _run_action(request, message, action)
    except PermissionDeniedError:
        return render(request, "staff/forbidden.html", status=403)
    except InvalidTransition as exc:
        return _message_page(request, message, status=409, error=exc.message)
    except ValidationError as exc:
        return _message_page(request, message, status=400, error="；".join(exc.messages))
    if done is None:
        return _message_page(request, message, status=400, error=_("未知的操作。"))
    flash.success(request, _("已保存。"))
    return redirect("staff:interaction_message", pk=message.pk)


# Templates, limits ------------------------------------------------------------------------------


@staff_view(_may_review_any)
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    from gongkai.core.policies import agency_ids_for
    from gongkai.interaction.policies import REVIEW_ROLES

    agencies = _agencies(request.user, agency_ids_for(request.user, REVIEW_ROLES))
    agency = _chosen(request, agencies)
    form = TemplateForm(request.POST or None)
    status = 200
    if request.method == "POST" and agency is not None:
        if form.is_valid():
            try:
                services.template_create(actor=request.user, agency=agency, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                flash.success(request, _("模板已保存。"))
                return redirect(f"{request.path}?agency={agency.pk}")
        status = 400
    rows = ReplyTemplate.objects.filter(agency=agency) if agency else ReplyTemplate.objects.none()
    return render(request, "interaction/staff/templates.html", _nav(
        request, "templates", form=form, rows=rows, agencies=agencies, agency=agency),
        status=status)


@staff_view(_may_review_any)
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = ReplyTemplate.objects.filter(pk=pk).first()
    if template is None or not (InteractionPolicy.can_review(request.user, template.agency_id)):
        raise Http404
    services.template_delete(actor=request.user, template=template)
    flash.success(request, _("模板已删除。"))
    return redirect("staff:interaction_templates")


@staff_view(may_configure)
@require_http_methods(["GET", "POST"])
def limits_page(request: HttpRequest) -> HttpResponse:
    from gongkai.core.policies import agency_ids_for
    from gongkai.interaction.policies import CONFIGURE_ROLES

    agencies = _agencies(request.user, agency_ids_for(request.user, CONFIGURE_ROLES))
    agency = _chosen(request, agencies)
    if agency is None:
        raise Http404
    row = AgencyLimits.objects.filter(agency=agency).first()
    initial = {name: getattr(row, name) for name in services.LIMIT_FIELDS} if row else {}
    form = LimitsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.limits_update(actor=request.user, agency=agency, **form.cleaned_data)
            flash.success(request, _("办理时限已保存，适用于此后收到的来信。"))
            return redirect(f"{request.path}?agency={agency.pk}")
        status = 400
    else:
        status = 200
    defaults = {"answer": limits.answer_limit(agency_id=0, type="consult", own=False),
                "complex": limits.answer_limit(agency_id=0, type="consult", complex=True, own=False),
                "hotline": limits.answer_limit(agency_id=0, type="consult", hotline=True, own=False)}
    return render(request, "interaction/staff/limits.html", _nav(
        request, "limits", form=form, agencies=agencies, agency=agency, defaults=defaults,
        veto=limits.VETO), status=status)


# Figures ------------------------------------------------------------------------------------


@staff_view(may_handle)
@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    year_value = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    rows = selectors.figures(request.user, year=year_value)
    totals = {key: sum(r[key] for r in rows) for key in
              ("received", "answered", "in_time", "open", "overdue", "satisfied", "mostly",
               "dissatisfied")}
    by_channel: dict[str, dict[str, int]] = {}
    for row in rows:
        bucket = by_channel.setdefault(row["channel_label"], {"received": 0, "answered": 0,
                                                              "in_time": 0})
        for key in bucket:
            bucket[key] += row[key]
    summary = selectors.year_summary(request.user, year_value) if year_value else ""
    return render(request, "interaction/staff/figures.html", _nav(
        request, "figures", rows=rows, totals=totals, by_channel=by_channel, year=year_value,
        summary=summary))


# Hotline ------------------------------------------------------------------------------------


@staff_view(may_configure)
@require_http_methods(["GET", "POST"])
def hotline_import(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user, InteractionPolicy.agencies_hotline(request.user))
    agency = _chosen(request, agencies)
    form = HotlineImportForm(request.POST or None, request.FILES or None)
    result, status, file_error = None, 200, ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = hotline.read_file(upload.name, upload.read(20 * 1024 * 1024))
            except hotline.HotlineFileError as exc:
                file_error = str(exc)
            else:
                result = hotline.import_orders(actor=request.user, rows=rows,
                                               default_agency=agency, source="file")
                status = 200
    return render(request, "interaction/staff/hotline.html", _nav(
        request, "hotline", form=form, result=result, file_error=file_error, agencies=agencies,
        agency=agency), status=status)


@staff_view(may_configure)
@require_safe
def hotline_replies(request: HttpRequest) -> HttpResponse:
    from django.utils.dateparse import parse_datetime

    since = None
    raw = request.GET.get("since", "")
    if raw:
        try:
            since = parse_datetime(raw)
        except ValueError:
            since = None
        if since is None:
            return HttpResponse(_("since 应为 ISO 8601 时间。"), status=400, content_type="text/plain")
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
    rows = hotline.replies(agency_ids=InteractionPolicy.agencies_hotline(request.user), since=since)
    if request.GET.get("format") == "json":
        body = json.dumps([hotline.reply_row(m) for m in rows], ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hotline-replies.json"'
        return response
    response = HttpResponse(hotline.replies_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hotline-replies.csv"'
    return response


