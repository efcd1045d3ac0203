"""Staff pages: concerns with their clocks (hours and minutes left), registration, each
step, the response, the press conference; hot topics; inbound texts and feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.core.workflow import InvalidTransition
from gongkai.opinion import hot, selectors, services
from gongkai.opinion.forms import ConcernForm, FeedForm, InboundForm, PressForm, RespondForm, StepForm
from gongkai.opinion.models import Feed, Level, Source, Stage
from gongkai.opinion.policies import (
    OpinionPolicy,
    may_handle_any,
    may_manage_feeds_any,
)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def _agencies(ids: list[int] | None):
    qs = Agency.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


def _apply(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


@staff_view(may_handle_any)
@require_safe
def concern_list(request: HttpRequest) -> HttpResponse:
    ids = OpinionPolicy.agencies_visible(request.user)
    status = request.GET.get("status", "")
    overdue = {"1": True, "0": False}.get(request.GET.get("overdue", ""))
    now = timezone.now()
    qs = selectors.concerns(ids, status=status, overdue=overdue, now=now)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [(c, selectors.clocks(c, now)) for c in page]
    return render(request, "opinion/staff/list.html", {
        "page_obj": page, "rows": rows, "statuses": Stage.choices, "status": status,
        "overdue": request.GET.get("overdue", ""),
        "page_range": page.paginator.get_elided_page_range(page.number)})


@staff_view(may_handle_any)
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    ids = OpinionPolicy.agencies_visible(request.user)
    agencies = list(_agencies(ids))
    form = ConcernForm(request.POST or None, agencies=agencies,
                       initial={"level": Level.GENERAL, "title": request.GET.get("title", "")[:200]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = next(a for a in agencies if a.pk == data["agency"])
        try:
            concern = services.concern_register(
                actor=request.user, agency=agency, title=data["title"], level=data["level"],
                registered_at=data["registered_at"], note=data["note"],
                source=Source.HOT_TOPIC if request.GET.get("from") == "hot" else Source.STAFF)
        except ValidationError as exc:
            _apply(form, exc)
        except PermissionDeniedError:
            return _forbidden(request)
        else:
            messages.success(request, "已登记，时限开始计算。")
            return redirect("staff:opinion_concern", pk=concern.pk)
    return render(request, "opinion/staff/new.html", {"form": form},
                  status=400 if form.errors else 200)


def _concern(request: HttpRequest, pk: int):
    concern = selectors.staff_concern(pk)
    if concern is None or not OpinionPolicy.can_handle(request.user, concern.agency_id):
        raise Http404("no such concern")
    return concern


def _detail(request: HttpRequest, concern, *, step_form=None, respond_form=None,
            press_form=None, status: int = 200) -> HttpResponse:
    return render(request, "opinion/staff/concern.html", {
        "concern": concern, "clocks": selectors.clocks(concern),
        "step_form": step_form or StepForm(), "respond_form": respond_form or RespondForm(
            initial={"summary": concern.summary[:100]}),
        "press_form": press_form or PressForm(),
        "can_respond": OpinionPolicy.can_respond(request.user, concern.agency_id),
        "press": any(d.kind == "press_conference" for d in concern.deadlines.all()),
    }, status=status)


@staff_view(may_handle_any)
@require_safe
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _concern(request, pk))


def _post(request: HttpRequest, pk: int, form_class: Any, name: str, run: Any,
          done: str) -> HttpResponse:
    concern = _concern(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(concern, form.cleaned_data)
        except PermissionDeniedError:
            return _forbidden(request)
        except ValidationError as exc:
            _apply(form, exc)
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("staff:opinion_concern", pk=concern.pk)
    return _detail(request, _concern(request, pk), status=400, **{name: form})


@staff_view(may_handle_any)
@require_POST
def concern_step(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, StepForm, "step_form", lambda c, d: services.concern_step(
        actor=request.user, concern=c, **d), "已记录。")


@staff_view(may_handle_any)
@require_POST
def concern_respond(request: HttpRequest, pk: int) -> HttpResponse:
    if not OpinionPolicy.can_respond(request.user, _concern(request, pk).agency_id):
        return _forbidden(request)
    return _post(request, pk, RespondForm, "respond_form", lambda c, d: services.concern_respond(
        actor=request.user, concern=c, **d), "回应已发布，事件时间线已公开。")


@staff_view(may_handle_any)
@require_POST
def concern_press(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, PressForm, "press_form", lambda c, d: services.press_conference_held(
        actor=request.user, concern=c, **d), "已记录新闻发布会。")


@staff_view(may_handle_any)
@require_http_methods(["GET", "POST"])
def hot_topics(request: HttpRequest) -> HttpResponse:
    ids = OpinionPolicy.agencies_visible(request.user)
    agencies = list(_agencies(ids))
    form = InboundForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = next(a for a in agencies if a.pk == data["agency"])
        try:
            services.inbound_add(actor=request.user, agency=agency, title=data["title"],
                                 text=data["text"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已记录。")
            return redirect("staff:opinion_hot")
    return render(request, "opinion/staff/hot.html", {
        "topics": hot.hot_topics(ids), "form": form, "sources": hot.sources()},
        status=400 if form.errors else 200)


@staff_view(may_manage_feeds_any)
@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    ids = OpinionPolicy.agencies_feeds(request.user)
    agencies = list(_agencies(ids))
    form = FeedForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = next(a for a in agencies if a.pk == data["agency"])
        try:
            services.feed_add(actor=request.user, agency=agency, name=data["name"], url=data["url"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "已添加订阅源。")
            return redirect("staff:opinion_feeds")
    rows = Feed.objects.select_related("agency").order_by("agency__name", "name")
    if ids is not None:
        rows = rows.filter(agency_id__in=ids)
    return render(request, "opinion/staff/feeds.html", {"feeds": rows, "form": form},
                  status=400 if form.errors else 200)


urlpatterns = [
    path("", concern_list, name="opinion_list"),
    path("new/", concern_new, name="opinion_new"),
    path("<int:pk>/", concern_detail, name="opinion_concern"),
    path("<int:pk>/step/", concern_step, name="opinion_step"),
    path("<int:pk>/respond/", concern_respond, name="opinion_respond"),
    path("<int:pk>/press/", concern_press, name="opinion_press"),
    path("hot/", hot_topics, name="opinion_hot"),
    path("feeds/", feeds, name="opinion_feeds"),
]
