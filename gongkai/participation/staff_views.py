"""Staff pages of participation under /staff/participation/: the dashboard (with the
yearly open-day target), the survey builder, results and exports, solicitations and their
ideas, open days with registrations, the record of the day, and the check-in page for a
phone at the door."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.participation import exports, selectors, services
from gongkai.participation.forms import (
    CapacityForm,
    CheckinForm,
    IdeaAnswerForm,
    OpenDayForm,
    QuestionForm,
    ReasonForm,
    RecordForm,
    ResultsPublishForm,
    SolicitationForm,
    SurveyForm,
    apply_errors,
)
from gongkai.participation.models import (
    Idea,
    OpenDay,
    Question,
    Registration,
    Solicitation,
    Survey,
)
from gongkai.participation.policies import ParticipationPolicy
from gongkai.participation.views import results_context
from gongkai.participation.workflow import ParticipationRefused

may_manage = ParticipationPolicy.may_manage_any


def _agencies(user: Any) -> list[Agency]:
    ids = ParticipationPolicy.agencies_managed(user)
    queryset = Agency.objects.filter(is_active=True)
    return list(queryset if ids is None else queryset.filter(pk__in=ids))


def _own(request: HttpRequest, queryset: QuerySet, pk: int) -> Any:
    """The object if the user manages its agency; 404 otherwise (never says it exists)."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not ParticipationPolicy.can_manage(request.user, obj):
        raise Http404
    return obj


def _ctx(current: str, **extra: Any) -> dict[str, Any]:
    return {"participation_nav": current, **extra}


def _refused(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, getattr(exc, "message", None) or "; ".join(
        m for ms in getattr(exc, "message_dict", {"": getattr(exc, "messages", [str(exc)])}).values()
        for m in ms))


@staff_view(may_manage)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "participation/staff/index.html", _ctx(
        "index", targets=selectors.open_day_targets(user),
        surveys=selectors.surveys_for_staff(user)[:50],
        solicitations=selectors.solicitations_for_staff(user)[:50],
        open_days=selectors.open_days_for_staff(user)[:50]))


# Surveys ------------------------------------------------------------------------------


@staff_view(may_manage)
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    form.set_agencies(_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.get(pk=data.pop("agency"))
        try:
            survey = services.survey_create(actor=request.user, agency=agency, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDeniedError:
            form.add_error("agency", _("您不能为该机构创建调查。"))
        else:
            return redirect("staff:participation_survey", pk=survey.pk)
    return render(request, "participation/staff/form.html", _ctx(
        "index", form=form, heading=_("新建民意调查")), status=400 if form.errors else 200)


def _minute(value: Any) -> Any:
    """The form edits times to the minute: a time's seconds are not a change."""
    return value.replace(second=0, microsecond=0) if isinstance(value, dt.datetime) else value


@staff_view(may_manage)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a survey; once published only the description and the closing time change
    (the service says so when anything else is changed)."""
    survey = _own(request, Survey.objects.select_related("agency"), pk)
    initial = {name: getattr(survey, name) for name in services.SURVEY_FIELDS}
    form = SurveyForm(request.POST or None, initial={**initial, "agency": survey.agency_id})
    form.set_agencies([survey.agency])
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in services.SURVEY_FIELDS
                   if _minute(form.cleaned_data[name]) != _minute(initial[name])}
        try:
            if changed:
                services.survey_update(actor=request.user, survey=survey, **changed)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ParticipationRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("调查已保存。"))
            return redirect("staff:participation_survey", pk=survey.pk)
    return render(request, "participation/staff/form.html", _ctx(
        "index", form=form, heading=_("修改调查：%(title)s") % {"title": survey.title}),
        status=400 if form.errors else 200)


def _question_form(survey: Survey, data: Any = None) -> QuestionForm:
    form = QuestionForm(data)
    form.set_conditions(list(survey.questions.all()))
    return form


def _survey_page(request: HttpRequest, survey: Survey, *, question_form: QuestionForm | None = None,
                 status: int = 200) -> HttpResponse:
    questions = list(survey.questions.select_related("show_if"))
    results_form = ResultsPublishForm(initial={
        "questions": [q.pk for q in questions if q.result_public],
        "summary": survey.results_summary})
    field = results_form.fields["questions"]
    field.choices = [(q.pk, f"{q.position}. {q.text}") for q in questions]  # type: ignore[attr-defined]
    return render(request, "participation/staff/survey.html", _ctx(
        "index", survey=survey, questions=questions,
        question_form=question_form or _question_form(survey), results_form=results_form,
        results=results_context(survey, public_only=False),
        total=selectors.response_count(survey), reason_form=ReasonForm()), status=status)


@staff_view(may_manage)
@require_safe
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_page(request, _own(request, Survey.objects.select_related("agency"), pk))


@staff_view(may_manage)
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _own(request, Survey.objects.select_related("agency"), pk)
    form = _question_form(survey, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        show_if = survey.questions.filter(pk=data["show_if"]).first() if data["show_if"] else None
        spec = services.QuestionSpec(
            kind=data["kind"], text=data["text"], required=data["required"],
            help_text=data["help_text"], options=data["options"].splitlines(),
            rows=data["rows"].splitlines(), scale_min=data["scale_min"],
            scale_max=data["scale_max"], show_if=show_if, show_if_option=data["show_if_option"])
        try:
            services.question_add(actor=request.user, survey=survey, spec=spec)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ParticipationRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("题目已添加。"))
            return redirect("staff:participation_survey", pk=survey.pk)
    return _survey_page(request, survey, question_form=form, status=400)


@staff_view(may_manage)
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except ParticipationRefused as exc:
        _refused(request, exc)
    return redirect("staff:participation_survey", pk=question.survey_id)


def _own_question(request: HttpRequest, pk: int) -> Question:
    question = Question.objects.select_related("survey").filter(pk=pk).first()
    if question is None or not ParticipationPolicy.can_manage(request.user, question.survey):
        raise Http404
    return question


def _survey_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    survey = _own(request, Survey.objects.select_related("agency"), pk)
    try:
        if step == "publish":
            services.survey_publish(actor=request.user, survey=survey)
            messages.success(request, _("调查已发布，将按设定时间开始和截止。"))
        elif step == "withdraw":
            services.survey_withdraw(actor=request.user, survey=survey,
                                     reason=request.POST.get("reason", ""))
            messages.success(request, _("调查已撤销。"))
        elif step == "results":
            form = ResultsPublishForm(request.POST)
            form.fields["questions"].choices = [  # type: ignore[attr-defined]
                (q.pk, q.text) for q in survey.questions.all()]
            if not form.is_valid():
                raise ValidationError(_("请选择要公开结果的题目。"))
            services.survey_results_publish(actor=request.user, survey=survey,
                                            question_ids=form.cleaned_data["questions"],
                                            summary=form.cleaned_data["summary"])
            messages.success(request, _("调查结果已公开。"))
        else:
            services.survey_results_unpublish(actor=request.user, survey=survey)
            messages.success(request, _("调查结果已停止公开。"))
    except (ParticipationRefused, ValidationError) as exc:
        _refused(request, exc)
    return redirect("staff:participation_survey", pk=survey.pk)


@staff_view(may_manage)
@require_POST
def survey_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "publish")


@staff_view(may_manage)
@require_POST
def survey_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "withdraw")


@staff_view(may_manage)
@require_POST
def survey_results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "results")


@staff_view(may_manage)
@require_POST
def survey_results_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "unpublish")


@staff_view(may_manage)
@require_safe
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _own(request, Survey.objects.select_related("agency"), pk)
    name = f"survey-{survey.agency.slug}-{survey.number}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(survey),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(exports.as_csv(survey), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# Solicitations ------------------------------------------------------------------------


@staff_view(may_manage)
@require_http_methods(["GET", "POST"])
def solicitation_new(request: HttpRequest) -> HttpResponse:
    form = SolicitationForm(request.POST or None)
    form.set_agencies(_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.get(pk=data.pop("agency"))
        try:
            item = services.solicitation_create(actor=request.user, agency=agency, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDeniedError:
            form.add_error("agency", _("您不能为该机构创建征集。"))
        else:
            return redirect("staff:participation_solicitation", pk=item.pk)
    return render(request, "participation/staff/form.html", _ctx(
        "index", form=form, heading=_("新建网络征集")), status=400 if form.errors else 200)


@staff_view(may_manage)
@require_safe
def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, Solicitation.objects.select_related("agency"), pk)
    return render(request, "participation/staff/solicitation.html", _ctx(
        "index", solicitation=item, ideas=item.ideas.order_by("status", "-id")[:500],
        answer_form=IdeaAnswerForm()))


@staff_view(may_manage)
@require_POST
def solicitation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, Solicitation.objects.select_related("agency"), pk)
    try:
        services.solicitation_publish(actor=request.user, solicitation=item)
        messages.success(request, _("征集已发布。"))
    except ParticipationRefused as exc:
        _refused(request, exc)
    return redirect("staff:participation_solicitation", pk=item.pk)


def _idea_step(request: HttpRequest, pk: int, decline: bool) -> HttpResponse:
    idea = Idea.objects.select_related("solicitation").filter(pk=pk).first()
    if idea is None or not ParticipationPolicy.can_manage(request.user, idea):
        raise Http404
    text = request.POST.get("answer", "")
    try:
        if decline:
            services.idea_decline(actor=request.user, idea=idea, reason=text)
            messages.success(request, _("已设为不予公开。"))
        else:
            services.idea_answer(actor=request.user, idea=idea, answer=text)
            messages.success(request, _("答复已公开。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("staff:participation_solicitation", pk=idea.solicitation_id)


@staff_view(may_manage)
@require_POST
def idea_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _idea_step(request, pk, decline=False)


@staff_view(may_manage)
@require_POST
def idea_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _idea_step(request, pk, decline=True)


# Open days ----------------------------------------------------------------------------


@staff_view(may_manage)
@require_http_methods(["GET", "POST"])
def open_day_new(request: HttpRequest) -> HttpResponse:
    form = OpenDayForm(request.POST or None)
    form.set_agencies(_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = Agency.objects.get(pk=data.pop("agency"))
        try:
            item = services.open_day_create(actor=request.user, agency=agency, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDeniedError:
            form.add_error("agency", _("您不能为该机构创建活动。"))
        else:
            return redirect("staff:participation_open_day", pk=item.pk)
    return render(request, "participation/staff/form.html", _ctx(
        "index", form=form, heading=_("新建政府开放日活动")), status=400 if form.errors else 200)


@staff_view(may_manage)
@require_safe
def open_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, selectors.open_days_for_staff(request.user), pk)
    return render(request, "participation/staff/open_day.html", _ctx(
        "index", open_day=item, registrations=selectors.registrations_of(item),
        capacity_form=CapacityForm(initial={"capacity": item.capacity}),
        record_form=RecordForm(initial={"summary": item.record_summary}),
        reason_form=ReasonForm(), photos=item.photos.all()))


@staff_view(may_manage)
@require_POST
def open_day_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, OpenDay.objects.select_related("agency"), pk)
    try:
        services.open_day_publish(actor=request.user, open_day=item)
        messages.success(request, _("活动已公告，公众可以报名。"))
    except ParticipationRefused as exc:
        _refused(request, exc)
    return redirect("staff:participation_open_day", pk=item.pk)


@staff_view(may_manage)
@require_POST
def open_day_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, OpenDay.objects.select_related("agency"), pk)
    try:
        services.open_day_cancel(actor=request.user, open_day=item,
                                 reason=request.POST.get("reason", ""))
        messages.success(request, _("活动已取消，已通知报名者。"))
    except (ParticipationRefused, ValidationError) as exc:
        _refused(request, exc)
    return redirect("staff:participation_open_day", pk=item.pk)


@staff_view(may_manage)
@require_POST
def open_day_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, OpenDay.objects.select_related("agency"), pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("名额应为正整数。"))
    else:
        try:
            services.open_day_set_capacity(actor=request.user, open_day=item,
                                           capacity=form.cleaned_data["capacity"])
            messages.success(request, _("名额已更新。"))
        except (ParticipationRefused, ValidationError) as exc:
            _refused(request, exc)
    return redirect("staff:participation_open_day", pk=item.pk)


@staff_view(may_manage)
@require_POST
def open_day_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own(request, OpenDay.objects.select_related("agency"), pk)
    form = RecordForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("staff:participation_open_day", pk=item.pk)
    data = form.cleaned_data
    photos = [(data["photo"], data["photo_caption"])] if data.get("photo") else []
    try:
        services.open_day_record_publish(actor=request.user, open_day=item,
                                         summary=data["summary"], photos=photos)
        messages.success(request, _("活动纪实已发布。"))
    except (ParticipationRefused, ValidationError) as exc:
        _refused(request, exc)
    return redirect("staff:participation_open_day", pk=item.pk)


@staff_view(may_manage)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """The door: a phone page with one field. A scanned QR opens it with ?code=…; the
    code is only checked on POST (a GET never checks anyone in)."""
    form = CheckinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    result, refusal = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            result = services.checkin(actor=request.user, code=form.cleaned_data["code"],
                                      agency_ids=ParticipationPolicy.agencies_managed(request.user))
        except ParticipationRefused as exc:
            refusal = exc.message
        except PermissionDeniedError:
            refusal = _("签到码无效：本机构没有这个签到码。")
        if result is not None:
            form = CheckinForm()
    return render(request, "participation/staff/checkin.html", _ctx(
        "checkin", form=form, result=result, refusal=refusal),
        status=409 if refusal else 200)


@staff_view(may_manage)
@require_safe
def open_day_registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration list as CSV (sign-in sheet, phone calls on the day)."""
    item = _own(request, OpenDay.objects.select_related("agency"), pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["姓名", "电话", "电子邮箱", "状态", "报名时间", "签到时间"])
    for r in selectors.registrations_of(item):
        writer.writerow([exports.safe_cell(v) for v in (
            r.name, r.phone, r.email, r.get_status_display(),
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "")])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="open-day-{item.agency.slug}-{item.number}.csv"')
    return response


@staff_view(may_manage)
@require_POST
def registration_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Check in by hand from the registration list (the person lost the code)."""
    registration = Registration.objects.select_related("open_day").filter(pk=pk).first()
    if registration is None or not ParticipationPolicy.can_manage(request.user,
                                                                  registration.open_day):
        raise Http404
    try:
        services.checkin_by_hand(actor=request.user, registration=registration)
        messages.success(request, _("已签到：%(name)s") % {"name": registration.name})
    except ParticipationRefused as exc:
        _refused(request, exc)
    return redirect("staff:participation_open_day", pk=registration.open_day_id)


urlpatterns = [
    path("", index, name="participation_index"),
    path("surveys/new/", survey_new, name="participation_survey_new"),
    path("surveys/<int:pk>/", survey_detail, name="participation_survey"),
    path("surveys/<int:pk>/edit/", survey_edit, name="participation_survey_edit"),
    path("surveys/<int:pk>/questions/", question_add, name="participation_question_add"),
    path("questions/<int:pk>/delete/", question_delete, name="participation_question_delete"),
    path("surveys/<int:pk>/publish/", survey_publish, name="participation_survey_publish"),
    path("surveys/<int:pk>/withdraw/", survey_withdraw, name="participation_survey_withdraw"),
    path("surveys/<int:pk>/results/publish/", survey_results_publish,
         name="participation_survey_results_publish"),
    path("surveys/<int:pk>/results/unpublish/", survey_results_unpublish,
         name="participation_survey_results_unpublish"),
    path("surveys/<int:pk>/export/", survey_export, name="participation_survey_export"),
    path("solicitations/new/", solicitation_new, name="participation_solicitation_new"),
    path("solicitations/<int:pk>/", solicitation_detail, name="participation_solicitation"),
    path("solicitations/<int:pk>/publish/", solicitation_publish,
         name="participation_solicitation_publish"),
    path("ideas/<int:pk>/answer/", idea_answer, name="participation_idea_answer"),
    path("ideas/<int:pk>/decline/", idea_decline, name="participation_idea_decline"),
    path("open-days/new/", open_day_new, name="participation_open_day_new"),
    path("open-days/<int:pk>/", open_day_detail, name="participation_open_day"),
    path("open-days/<int:pk>/publish/", open_day_publish, name="participation_open_day_publish"),
    path("open-days/<int:pk>/cancel/", open_day_cancel, name="participation_open_day_cancel"),
    path("open-days/<int:pk>/capacity/", open_day_capacity,
         name="participation_open_day_capacity"),
    path("open-days/<int:pk>/registrations.csv", open_day_registrations_csv,
         name="participation_open_day_registrations"),
    path("open-days/<int:pk>/record/", open_day_record, name="participation_open_day_record"),
    path("checkin/", checkin, name="participation_checkin"),
    path("registrations/<int:pk>/checkin/", registration_checkin,
         name="participation_registration_checkin"),
]
