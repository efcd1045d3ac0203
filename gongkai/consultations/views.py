"""Public pages under /<agency>/consultations/: the major-decision directory, each
consultation with its draft (versioned, anchored), the comment form (no JavaScript, no
account needed), the look-up by tracking code, the adoption report, open data and a feed.

Privacy: no page shows a commenter's e-mail or account; the public sees the display name or
匿名. Answers are shown only once the adoption report is published.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.consultations import anchors as anchor_rules
from gongkai.consultations import limits, selectors, services
from gongkai.consultations.forms import CommentForm, TrackForm, apply_errors
from gongkai.consultations.models import Consultation, Disposition, Moderation
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.links import absolute_url
from gongkai.core.models import Agency
from gongkai.core.selectors import agency_get_public

SESSION_RECEIPT = "consultations.receipt"
PAGE_SIZE = 50


def _agency_or_404(request: HttpRequest, slug: str) -> Agency:
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404("no such agency")
    request.agency = agency  # type: ignore[attr-defined]
    return agency


def _base(agency: Agency, **extra: Any) -> dict[str, Any]:
    return {"agency": agency, "nav_current": "consultation", **extra}


def _consultation_or_404(agency: Agency, pk: int) -> Consultation:
    found = selectors.consultation_public(agency, pk)
    if found is None:
        raise Http404("no such consultation")
    return found


@public_view
@require_safe
def index(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    rows = list(selectors.consultations_public(found))
    return render(request, "consultations/public/index.html", _base(
        found, open_rows=[(c, selectors.days_left(c)) for c in rows if c.status == "open"],
        closed_rows=[c for c in rows if c.status != "open"],
        years=selectors.decision_years(found), canonical_path=request.path))


@public_view
@require_safe
def decisions(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    years = selectors.decision_years(found)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        raise Http404("bad year") from None
    rows = list(selectors.decisions_public(found, year))
    return render(request, "consultations/public/decisions.html", _base(
        found, year=year, years=years, rows=rows))


@public_view
@require_safe
def decision(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    item = selectors.decisions_public(found).filter(pk=pk).first()
    if item is None:
        raise Http404("no such decision")
    today = services.today()
    calls = [(call, call.status == "open" and today <= call.apply_until,
              list(call.applications.order_by("draw_rank", "id").only(
                  "case_number", "status", "category", "draw_rank")))
             for call in item.attendance_calls.order_by("meeting_on", "id")]
    return render(request, "consultations/public/decision.html", _base(
        found, decision=item, calls=calls))


@public_view
@require_safe
def detail(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    versions = selectors.versions(consultation)
    current = versions[-1]
    comments = Paginator(selectors.public_comments(consultation), PAGE_SIZE).get_page(
        request.GET.get("page"))
    report = getattr(consultation, "report", None) if consultation.status == "reported" else None
    return render(request, "consultations/public/detail.html", _base(
        found, consultation=consultation, versions=versions, current=current,
        days_left=selectors.days_left(consultation),
        taking_comments=selectors.is_taking_comments(consultation),
        notices=consultation.events.filter(public=True).order_by("id"),
        comments=comments, answers_public=selectors.answers_public(consultation),
        report=report, minimum=limits.period_text(consultation.kind),
        canonical_path=request.path))


@public_view
@require_safe
def version(request: HttpRequest, agency: str, pk: int, number: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    versions = selectors.versions(consultation)
    chosen = next((v for v in versions if v.number == number), None)
    if chosen is None:
        raise Http404("no such version")
    previous = next((v for v in versions if v.number == number - 1), None)
    return render(request, "consultations/public/version.html", _base(
        found, consultation=consultation, version=chosen, previous=previous,
        diff=anchor_rules.diff(previous.text, chosen.text) if previous else None))


@public_view
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    current = selectors.versions(consultation)[-1]
    context = _base(found, consultation=consultation,
                    days_left=selectors.days_left(consultation))
    if not selectors.is_taking_comments(consultation):
        context["closed_message"] = services.PeriodClosed(consultation).message
        return render(request, "consultations/public/comment.html", context,
                      status=200 if request.method == "GET" else 409)
    if request.method != "POST":
        form = CommentForm(anchors=current.anchors,
                           initial={"anchor": request.GET.get("anchor", "")})
        return render(request, "consultations/public/comment.html", {**context, "form": form})
    if intake.is_limited(request, "consultations.comment"):
        return intake.rate_limited_response(request, agency=found)
    form = CommentForm(request.POST, anchors=current.anchors)
    if form.is_spam:
        return render(request, "consultations/public/comment.html", {**context, "form": form},
                      status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.comment_submit(
                consultation=consultation, text=data["text"], anchor=data["anchor"],
                display_name=data["display_name"], email=data["email"],
                user=request.user if request.user.is_authenticated else None,
                idempotency_key=data["idempotency_key"])
        except services.PeriodClosed as exc:
            context["closed_message"] = exc.message
            return render(request, "consultations/public/comment.html", context, status=409)
        except intake.IdempotencyConflict:
            form.add_error(None, "这份表单已经提交过。如需再提意见,请重新打开意见页面填写。")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[SESSION_RECEIPT] = {
                "consultation": consultation.pk, "code": submission.tracking_code or "",
                "moderation": submission.comment.moderation}
            return redirect("consultations:comment_done", agency=found.slug, pk=consultation.pk)
    return render(request, "consultations/public/comment.html", {**context, "form": form},
                  status=400)


@public_view
@require_safe
def comment_done(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if not receipt or receipt.get("consultation") != consultation.pk:
        return redirect("consultations:detail", agency=found.slug, pk=consultation.pk)
    return render(request, "consultations/public/comment_done.html", _base(
        found, consultation=consultation, code=receipt["code"],
        published=receipt["moderation"] == Moderation.PUBLISHED))


@public_view
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, agency: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    if request.method != "POST":
        # ?number=: the account page's link; opens only for the account that wrote it.
        mine = selectors.comment_of_submitter(found, request.user, request.GET.get("number", ""))
        response = render(request, "consultations/public/track.html", _base(
            found, form=TrackForm(), item=mine,
            answer_public=mine is not None and selectors.answers_public(mine.consultation)))
        add_never_cache_headers(response)
        return response
    form = TrackForm(request.POST)
    item = None
    if form.is_valid():
        try:
            intake.check_rate(request, "consultations.track")
        except intake.RateLimited:
            return intake.rate_limited_response(request, agency=found)
        item = selectors.comment_by_tracking_code(found, form.cleaned_data["tracking_code"])
        if item is None:
            form.add_error("tracking_code", "查询码不正确,请核对后重新输入。")
    status = 200 if item is not None else 400
    return render(request, "consultations/public/track.html", _base(
        found, form=form, item=item,
        answer_public=item is not None and selectors.answers_public(item.consultation)),
        status=status)


@public_view
@require_safe
def report(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    item = getattr(consultation, "report", None)
    if consultation.status != "reported" or item is None:
        raise Http404("no report yet")
    return render(request, "consultations/public/report.html", _base(
        found, consultation=consultation, report=item, figures=item.figures,
        dispositions=Disposition.choices))


def open_data_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """De-identified: no e-mail, no account, no display name; the thread (comment → answer,
    anchor, group) and the moderation state are kept. Hidden comments keep their row
    without their text; answers appear once the report is out."""
    answers = selectors.answers_public(consultation)
    rows = []
    for c in consultation.comments.order_by("id").values(
            "id", "case_number", "anchor", "anchor_label", "channel", "received_on", "moderation",
            "text", "group_id", "disposition", "answer", "version__number"):
        shown = c["moderation"] == Moderation.PUBLISHED
        rows.append({
            "comment": c["case_number"], "version": c["version__number"],
            "anchor": c["anchor"], "anchor_label": c["anchor_label"] or "草案整体",
            "channel": c["channel"], "received_on": c["received_on"].isoformat(),
            "moderation": c["moderation"], "text": c["text"] if shown else "",
            "group": c["group_id"] or "",
            "disposition": c["disposition"] if answers and shown else "",
            "answer": c["answer"] if answers and shown else ""})
    return rows


OPEN_DATA_FIELDS = ["comment", "version", "anchor", "anchor_label", "channel", "received_on",
                    "moderation", "text", "group", "disposition", "answer"]


@public_view
@require_safe
def open_data(request: HttpRequest, agency: str, pk: int, ext: str) -> HttpResponse:
    found = _agency_or_404(request, agency)
    consultation = _consultation_or_404(found, pk)
    rows = open_data_rows(consultation)
    name = f"consultation-{consultation.pk}-comments.{ext}"
    if ext == "json":
        response = HttpResponse(json.dumps({"consultation": consultation.pk,
                                            "title": consultation.title, "comments": rows},
                                           ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    elif ext == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=OPEN_DATA_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404("no such format")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@public_view
@require_safe
def feed(request: HttpRequest, agency: str) -> HttpResponse:
    """Atom feed of the agency's open consultations."""
    found = _agency_or_404(request, agency)
    link = absolute_url(reverse("consultations:index", kwargs={"agency": found.slug}))
    atom = Atom1Feed(title=f"{found.name}正在征求意见", link=link,
                     description=f"{found.name}公开征求意见的草案", language="zh-cn",
                     feed_url=absolute_url(request.path))
    for c in selectors.consultations_public(found, "open")[:50]:
        url = absolute_url(reverse("consultations:detail", kwargs={"agency": found.slug,
                                                                   "pk": c.pk}))
        atom.add_item(title=c.title, link=url, unique_id=url,
                      description=f"征求意见截止日期:{c.closes_on:%Y年%m月%d日}。{c.summary}",
                      pubdate=c.opened_at, updateddate=c.opened_at)
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@public_view
@require_http_methods(["GET", "POST"])
def attendance_apply(request: HttpRequest, agency: str, pk: int, call_pk: int) -> HttpResponse:
    """Apply to attend a decision meeting (列席), no account needed."""
    from gongkai.consultations import attendance
    from gongkai.consultations.forms import AttendanceApplyForm
    from gongkai.consultations.models import AttendanceCall

    found = _agency_or_404(request, agency)
    call = AttendanceCall.objects.select_related("decision").filter(
        pk=call_pk, decision_id=pk, decision__agency=found).first()
    if call is None:
        raise Http404("no such call")
    context = _base(found, call=call, decision=call.decision)
    if request.method != "POST":
        return render(request, "consultations/public/attendance_apply.html",
                      {**context, "form": AttendanceApplyForm()})
    if intake.is_limited(request, "consultations.comment"):
        return intake.rate_limited_response(request, agency=found)
    form = AttendanceApplyForm(request.POST)
    if form.is_spam or not form.is_valid():
        return render(request, "consultations/public/attendance_apply.html",
                      {**context, "form": form}, status=400)
    data = form.cleaned_data
    try:
        item, _created = attendance.apply(
            call=call, name=data["name"], category=data["category"], reason=data["reason"],
            contact=data["contact"], organisation=data["organisation"],
            idempotency_key=data["idempotency_key"])
    except attendance.AttendanceClosed as exc:
        context["closed_message"] = exc.message
        return render(request, "consultations/public/attendance_apply.html", context, status=409)
    except ValidationError as exc:
        apply_errors(form, exc)
        return render(request, "consultations/public/attendance_apply.html",
                      {**context, "form": form}, status=400)
    return render(request, "consultations/public/attendance_apply.html",
                  {**context, "applied": item})
