"""Staff pages under /staff/consultations/ (``staff`` namespace): the list, creating a
consultation (standalone or from a decision), its page with every step (schedule, open,
extend, close, new version, offline comments, moderation, grouping, answers one by one,
by article or in bulk with templates, the adoption report), the decision directory, answer
templates and the agency's moderation setting.

Each view wears ``staff_view`` with the coarse question; the object is then found through
``selectors`` among the person's own agencies (another agency's: 404). Writes go through
``services``: a ValidationError or an InvalidTransition comes back as a message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.catalogue.services import PublicationHeld
from gongkai.consultations import limits, selectors, services
from gongkai.consultations.forms import (
    AnswerForm,
    BulkAnswerForm,
    ConsultationForm,
    DecisionForm,
    ExtendForm,
    ModerateForm,
    OfflineCommentForm,
    ReportForm,
    ScheduleForm,
    SettingsForm,
    StageForm,
    TemplateForm,
    VersionForm,
    apply_errors,
    set_choices,
)
from gongkai.consultations.models import (
    AgencySettings,
    AnswerTemplate,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    Moderation,
)
from gongkai.consultations.policies import ConsultationPolicy
from gongkai.consultations.workflow import InvalidTransition
from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition as CoreInvalidTransition

may_edit = ConsultationPolicy.may_edit_any
may_configure = ConsultationPolicy.may_configure_any
T = "consultations/staff/"


def _agencies(user: Any) -> list[Agency]:
    ids = ConsultationPolicy.agencies_editable(user)
    rows = Agency.objects.filter(is_active=True).order_by("id")
    return list(rows if ids is None else rows.filter(pk__in=ids))


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    found = selectors.consultation_for_staff(request.user, pk)
    if found is None:
        raise Http404("no such consultation")
    return found


def _message(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for text in (sum(exc.message_dict.values(), []) if hasattr(exc, "error_dict")
                     else exc.messages):
            messages.error(request, text)
    elif isinstance(exc, InvalidTransition):
        messages.error(request, exc.message)


def step(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """A POST step on one consultation: found among the user's agencies, refusals shown
    as messages, back to the consultation's page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponseBase:
        consultation = _consultation(request, pk)
        try:
            result = view(request, consultation, **kwargs)
        except PermissionDeniedError:
            return render(request, "staff/forbidden.html", status=403)
        except (ValidationError, InvalidTransition) as exc:
            _message(request, exc)
            result = None
        return result or redirect("staff:consultations_detail", pk=consultation.pk)

    return wrapper


@staff_view(may_edit)
@require_http_methods(["GET"])
def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = Paginator(selectors.consultations_for_staff(request.user), 50).get_page(
        request.GET.get("page"))
    figures = [(agency, selectors.dashboard_by_department(agency))
               for agency in _agencies(request.user)[:5]]
    return render(request, T + "list.html", {"page": rows, "nav": "list", "figures": figures})


@staff_view(may_edit)
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    decisions = selectors.decisions_for_staff(request.user).order_by("-year", "sort_order")
    form = ConsultationForm(request.POST or None, initial={
        "decision": request.GET.get("decision") or None,
        "kind": "major_decision" if request.GET.get("decision") else "normative"})
    set_choices(form, "decision", [("", "—")] + [(d.pk, f"{d.year} {d.title}")
                                                     for d in decisions])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = decisions.filter(pk=data["decision"]).first() if data["decision"] else None
        agency = decision.agency if decision else (agencies[0] if agencies else None)
        if agency is None:
            return render(request, "staff/forbidden.html", status=403)
        try:
            consultation = services.consultation_create(
                actor=request.user, agency=agency, kind=data["kind"], title=data["title"],
                text=data["text"], decision=decision, summary=data["summary"],
                explanation=data["explanation"], basis=data["basis"],
                contact=data["contact"], channels=data["channels"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已创建征求意见草稿。")
            return redirect("staff:consultations_detail", pk=consultation.pk)
    return render(request, T + "new.html", {"form": form, "nav": "new"},
                  status=400 if request.method == "POST" else 200)


@staff_view(may_edit)
@require_http_methods(["GET"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    moderation = request.GET.get("moderation", "")
    answered = request.GET.get("answered", "")
    anchor = request.GET.get("anchor", "")
    comments = Paginator(selectors.staff_comments(consultation, moderation=moderation,
                                                  answered=answered, anchor=anchor), 50
                         ).get_page(request.GET.get("page"))
    current = services.current_version(consultation)
    groups = list(CommentGroup.objects.filter(consultation=consultation)
                  .select_related("representative").order_by("-size"))
    templates = list(AnswerTemplate.objects.filter(agency=consultation.agency_id))
    bulk = BulkAnswerForm()
    set_choices(bulk, "group", [("", "—")] + [
        (g.pk, f"{g.size}条:{g.representative.text[:30]}") for g in groups])
    set_choices(bulk, "template", [("", "—")] + [(t.pk, t.title) for t in templates])
    report = getattr(consultation, "report", None)
    counts = {m: consultation.comments.filter(moderation=m).count() for m in Moderation.values}
    return render(request, T + "detail.html", {
        "consultation": consultation, "current": current, "comments": comments,
        "groups": groups, "bulk": bulk, "report": report, "counts": counts,
        "moderation": moderation, "answered": answered, "anchor": anchor,
        "schedule_form": ScheduleForm(initial={"opens_on": services.today(),
                                               "closes_on": consultation.closes_on}),
        "extend_form": ExtendForm(), "version_form": VersionForm(initial={"text": current.text}),
        "offline_form": OfflineCommentForm(initial={"received_on": services.today()}),
        "moderate_form": ModerateForm(), "answer_form": AnswerForm(),
        "report_form": ReportForm(initial={"summary": report.summary if report else ""}),
        "minimum": limits.period_text(consultation.kind),
        "minimum_closes_on": limits.minimum_closes_on(consultation.kind, services.today()),
        "may_approve": ConsultationPolicy.can_approve(request.user, consultation),
        "events": consultation.events.order_by("-id")[:30], "nav": "list"})


@staff_view(may_edit)
@require_POST
@step
def consultation_schedule(request: HttpRequest, consultation: Consultation) -> None:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写开始日期和截止日期。")
    services.consultation_schedule(actor=request.user, consultation=consultation,
                                   **form.cleaned_data)
    messages.success(request, "已安排发布。")


@staff_view(may_edit)
@require_POST
@step
def consultation_open(request: HttpRequest, consultation: Consultation) -> None:
    form = ScheduleForm(request.POST)
    closes_on = form.cleaned_data["closes_on"] if form.is_valid() else None
    reason = request.POST.get("period_reason", "")
    services.consultation_open(actor=request.user, consultation=consultation,
                               closes_on=closes_on, period_reason=reason)
    messages.success(request, "已开始征求意见。")


@staff_view(may_edit)
@require_POST
@step
def consultation_close(request: HttpRequest, consultation: Consultation) -> None:
    services.consultation_close(actor=request.user, consultation=consultation)
    messages.success(request, "征求意见已结束。")


@staff_view(may_edit)
@require_POST
@step
def consultation_extend(request: HttpRequest, consultation: Consultation) -> None:
    form = ExtendForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写新的截止日期和延期公告。")
    services.consultation_extend(actor=request.user, consultation=consultation,
                                 **form.cleaned_data)
    messages.success(request, "已延长征求意见期限,延期公告已公开。")


@staff_view(may_edit)
@require_POST
@step
def consultation_version(request: HttpRequest, consultation: Consultation) -> None:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写新版本正文。")
    version = services.version_add(actor=request.user, consultation=consultation,
                                   **form.cleaned_data)
    messages.success(request, f"已发布第{version.number}版草案。")


@staff_view(may_edit)
@require_POST
@step
def comment_offline(request: HttpRequest, consultation: Consultation) -> None:
    form = OfflineCommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写渠道、收到日期和意见内容。")
    submission = services.comment_enter(actor=request.user, consultation=consultation,
                                        **form.cleaned_data)
    messages.success(request, f"已录入意见,查询码:{submission.tracking_code}(请告知提交人)。")


def _comment(consultation: Consultation, comment_pk: int) -> Comment:
    found = Comment.objects.filter(consultation=consultation, pk=comment_pk).first()
    if found is None:
        raise Http404("no such comment")
    return found


@staff_view(may_edit)
@require_POST
@step
def comment_moderate(request: HttpRequest, consultation: Consultation, comment_pk: int) -> None:
    form = ModerateForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请选择审核结果。")
    services.comment_moderate(actor=request.user, comment=_comment(consultation, comment_pk),
                              **form.cleaned_data)


@staff_view(may_edit)
@require_POST
@step
def comments_moderate_bulk(request: HttpRequest, consultation: Consultation) -> None:
    form = ModerateForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("comment_ids") if v.isdigit()]
    if not form.is_valid() or not ids:
        raise ValidationError("请勾选意见并选择审核结果。")
    n = services.comments_moderate_bulk(actor=request.user, consultation=consultation,
                                        comment_ids=ids, **form.cleaned_data)
    messages.success(request, f"已审核{n}条意见。")


@staff_view(may_edit)
@require_POST
@step
def comment_answer(request: HttpRequest, consultation: Consultation, comment_pk: int) -> None:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请选择处理结果。")
    services.comment_answer(actor=request.user, comment=_comment(consultation, comment_pk),
                            **form.cleaned_data)


@staff_view(may_edit)
@require_POST
@step
def comments_answer_bulk(request: HttpRequest, consultation: Consultation) -> None:
    form = BulkAnswerForm(request.POST)
    groups = CommentGroup.objects.filter(consultation=consultation)
    templates = AnswerTemplate.objects.filter(agency=consultation.agency_id)
    set_choices(form, "group", [("", "—")] + [(g.pk, str(g.pk)) for g in groups])
    set_choices(form, "template", [("", "—")] + [(t.pk, t.title) for t in templates])
    if not form.is_valid():
        raise ValidationError("请选择答复范围和处理结果。")
    data = form.cleaned_data
    scope = data["scope"]
    ids = [int(v) for v in request.POST.getlist("comment_ids") if v.isdigit()]
    n = services.comments_answer_bulk(
        actor=request.user, consultation=consultation, disposition=data["disposition"],
        answer=data["answer"],
        template=templates.filter(pk=data["template"]).first() if data["template"] else None,
        comment_ids=ids if scope == "selected" else None,
        group=groups.filter(pk=data["group"]).first() if scope == "group" and data["group"] else None,
        article=data["article"].strip() if scope == "article" else "")
    messages.success(request, f"已答复{n}条意见(答复在采纳情况公布时一并公开)。")


@staff_view(may_edit)
@require_POST
@step
def comments_group(request: HttpRequest, consultation: Consultation) -> None:
    n = services.comments_group(actor=request.user, consultation=consultation)
    messages.success(request, f"已归并出{n}组相同或相近的意见。")


@staff_view(may_edit)
@require_POST
@step
def consultation_link_outcome(request: HttpRequest, consultation: Consultation) -> None:
    """The adopted decision or rule, once published in the catalogue (the trail's end)."""
    from gongkai.catalogue.models import Record

    value = request.POST.get("record", "").strip()
    record = Record.objects.filter(agency_id=consultation.agency_id, status="published",
                                   pk=int(value)).first() if value.isdigit() else None
    if record is None:
        raise ValidationError("请填写本机构已发布信息的编号(记录ID)。")
    services.consultation_link_outcome(actor=request.user, consultation=consultation,
                                       record=record)
    messages.success(request, "已关联最终发布的文件。")


@staff_view(may_edit)
@require_POST
@step
def report_generate(request: HttpRequest, consultation: Consultation) -> None:
    form = ReportForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    services.report_generate(actor=request.user, consultation=consultation, summary=summary)
    messages.success(request, "已生成意见采纳情况报告,请送审。")


def _report(consultation: Consultation) -> Any:
    report = getattr(consultation, "report", None)
    if report is None:
        raise ValidationError("尚未生成意见采纳情况报告。")
    return report


@staff_view(may_edit)
@require_POST
@step
def report_review(request: HttpRequest, consultation: Consultation) -> None:
    if not ConsultationPolicy.can_approve(request.user, consultation):
        raise PermissionDeniedError
    services.report_review(actor=request.user, report=_report(consultation))
    messages.success(request, "报告已审核。")


@staff_view(may_edit)
@require_POST
@step
def report_publish(request: HttpRequest, consultation: Consultation) -> None:
    if not ConsultationPolicy.can_approve(request.user, consultation):
        raise PermissionDeniedError
    try:
        services.report_publish(actor=request.user, report=_report(consultation))
    except PublicationHeld as exc:
        _message(request, exc)
        return
    messages.success(request, "意见采纳情况已发布,全部答复同时公开。")


# Directory, templates, settings ------------------------------------------------------------


@staff_view(may_edit)
@require_http_methods(["GET", "POST"])
def decision_list(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    form = DecisionForm(request.POST or None, initial={"year": services.today().year})
    if request.method == "POST" and form.is_valid() and agencies:
        try:
            services.decision_create(actor=request.user, agency=agencies[0], **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已加入决策事项目录。")
            return redirect("staff:consultations_decisions")
    rows = selectors.decisions_for_staff(request.user).order_by("-year", "sort_order", "id")[:200]
    return render(request, T + "decisions.html", {"form": form, "rows": rows, "nav": "decisions"},
                  status=400 if request.method == "POST" else 200)


@staff_view(may_edit)
@require_http_methods(["GET", "POST"])
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decisions_for_staff(request.user).filter(pk=pk).first()
    if decision is None:
        raise Http404("no such decision")
    form = StageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decision_stage_update(actor=request.user, decision=decision,
                                               **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已更新程序环节。")
                return redirect("staff:consultations_decision", pk=decision.pk)
    from gongkai.consultations.forms import AttendanceCallForm

    return render(request, T + "decision.html", {"decision": decision, "form": form,
                                                 "call_form": AttendanceCallForm(),
                                                 "nav": "decisions"},
                  status=400 if request.method == "POST" else 200)


@staff_view(may_edit)
@require_http_methods(["GET", "POST"])
def template_list(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request.user)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and agencies:
        try:
            services.template_create(actor=request.user, agency=agencies[0], **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已添加答复模板。")
            return redirect("staff:consultations_templates")
    rows = AnswerTemplate.objects.filter(agency__in=agencies)
    return render(request, T + "templates.html", {"form": form, "rows": rows, "nav": "templates"},
                  status=400 if request.method == "POST" else 200)


@staff_view(may_configure)
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest) -> HttpResponse:
    from gongkai.core.models import Role
    from gongkai.core.policies import agency_ids_for

    ids = agency_ids_for(request.user, [Role.AGENCY_ADMIN])
    agency = (Agency.objects.filter(is_active=True) if ids is None
              else Agency.objects.filter(pk__in=ids)).order_by("id").first()
    if agency is None:
        raise Http404("no agency")
    current = AgencySettings.objects.filter(agency=agency).first()
    form = SettingsForm(request.POST or None, initial={
        "publish_immediately": bool(current and current.publish_immediately)})
    if request.method == "POST" and form.is_valid():
        services.settings_set(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, "设置已保存。")
        return redirect("staff:consultations_settings")
    return render(request, T + "settings.html", {"form": form, "agency": agency, "nav": "settings"})


urlpatterns = [
    path("", consultation_list, name="consultations_list"),
    path("new/", consultation_new, name="consultations_new"),
    path("decisions/", decision_list, name="consultations_decisions"),
    path("decisions/<int:pk>/", decision_detail, name="consultations_decision"),
    path("templates/", template_list, name="consultations_templates"),
    path("settings/", agency_settings, name="consultations_settings"),
    path("<int:pk>/", consultation_detail, name="consultations_detail"),
    path("<int:pk>/schedule/", consultation_schedule, name="consultations_schedule"),
    path("<int:pk>/open/", consultation_open, name="consultations_open"),
    path("<int:pk>/close/", consultation_close, name="consultations_close"),
    path("<int:pk>/extend/", consultation_extend, name="consultations_extend"),
    path("<int:pk>/version/", consultation_version, name="consultations_version"),
    path("<int:pk>/comments/offline/", comment_offline, name="consultations_offline"),
    path("<int:pk>/comments/moderate/", comments_moderate_bulk, name="consultations_moderate_bulk"),
    path("<int:pk>/comments/answer/", comments_answer_bulk, name="consultations_answer_bulk"),
    path("<int:pk>/comments/group/", comments_group, name="consultations_group"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", comment_moderate,
         name="consultations_moderate"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", comment_answer,
         name="consultations_answer"),
    path("<int:pk>/outcome/", consultation_link_outcome, name="consultations_link_outcome"),
    path("<int:pk>/report/generate/", report_generate, name="consultations_report_generate"),
    path("<int:pk>/report/review/", report_review, name="consultations_report_review"),
    path("<int:pk>/report/publish/", report_publish, name="consultations_report_publish"),
]


# Attendance (列席) --------------------------------------------------------------------------


def _decision(request: HttpRequest, pk: int) -> Decision:
    found = selectors.decisions_for_staff(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such decision")
    return found


def _call(request: HttpRequest, pk: int) -> Any:
    from gongkai.consultations.models import AttendanceCall

    ids = ConsultationPolicy.agencies_editable(request.user)
    rows = AttendanceCall.objects.select_related("decision")
    if ids is not None:
        rows = rows.filter(decision__agency_id__in=ids)
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404("no such call")
    return found


def _attendance_step(request: HttpRequest, decision_pk: int, action: Callable[[], Any],
                     done: str) -> HttpResponseBase:
    try:
        action()
    except PermissionDeniedError:
        return render(request, "staff/forbidden.html", status=403)
    except CoreInvalidTransition as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _message(request, exc)
    else:
        messages.success(request, done)
    return redirect("staff:consultations_decision", pk=decision_pk)


@staff_view(may_edit)
@require_POST
def attendance_call(request: HttpRequest, pk: int) -> HttpResponseBase:
    from gongkai.consultations import attendance
    from gongkai.consultations.forms import AttendanceCallForm

    decision = _decision(request, pk)
    form = AttendanceCallForm(request.POST)

    def act() -> None:
        if not form.is_valid():
            raise ValidationError("请填写会议名称、日期、名额和报名截止日期。")
        attendance.call_create(actor=request.user, decision=decision, **form.cleaned_data)

    return _attendance_step(request, decision.pk, act, "已发布列席公告。")


@staff_view(may_edit)
@require_POST
def attendance_select(request: HttpRequest, pk: int) -> HttpResponseBase:
    from gongkai.consultations import attendance

    call = _call(request, pk)
    return _attendance_step(request, call.decision_id, lambda: attendance.select(
        actor=request.user, call=call, seed=request.POST.get("seed", "")), "已确定列席人员。")


@staff_view(may_edit)
@require_POST
def attendance_record(request: HttpRequest, pk: int, application_pk: int) -> HttpResponseBase:
    from gongkai.consultations import attendance

    call = _call(request, pk)
    item = call.applications.filter(pk=application_pk).first()
    if item is None:
        raise Http404("no such application")
    return _attendance_step(request, call.decision_id, lambda: attendance.record(
        actor=request.user, application=item, attended=request.POST.get("attended") == "1"),
        "已记录出席情况。")


urlpatterns += [
    path("decisions/<int:pk>/attendance/", attendance_call, name="consultations_attendance_call"),
    path("attendance/<int:pk>/select/", attendance_select, name="consultations_attendance_select"),
    path("attendance/<int:pk>/applications/<int:application_pk>/record/", attendance_record,
         name="consultations_attendance_record"),
]
