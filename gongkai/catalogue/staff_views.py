"""Catalogue staff pages (drafting, review queue, schedule, timeliness, attribute reviews,
campaigns), mounted under /staff/catalogue/ in the ``staff`` namespace.

Each view wears ``staff_view`` with the coarse question from ``RecordPolicy`` ("may this
person edit/review anywhere at all") and asks the object-level question again for the
record, review or campaign at hand. Writes go through ``services``; a service's
ValidationError is shown next to the fields it names, an InvalidTransition as a message,
and a PermissionDeniedError as the 403 page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.catalogue import document_numbers, richtext, selectors, services
from gongkai.catalogue.files import AttachmentRejected
from gongkai.catalogue.forms import (
    ApproveForm,
    AttachmentForm,
    AttributeReviewDecideForm,
    CampaignForm,
    LinkForm,
    RecordFilterForm,
    RecordForm,
    RedactForm,
    ReturnForm,
    TimelinessFilterForm,
    WithdrawForm,
    apply_errors,
    field_label,
)
from gongkai.catalogue.models import Campaign, Record, RecordStatus, ScanFinding
from gongkai.catalogue.panels import staff_record_panels
from gongkai.catalogue.policies import RecordPolicy, has_any
from gongkai.catalogue.workflow import EDITABLE, TRANSITIONS, InvalidTransition
from gongkai.core.access import staff_view
from gongkai.core.models import Agency, Department
from gongkai.core.policies import PermissionDeniedError

PAGE_SIZE = 50
TEMPLATE_DIR = "catalogue/staff/"


# Coarse checks for ``staff_view`` ---------------------------------------------------


def may_see(user: Any) -> bool:
    return has_any(RecordPolicy.agencies_visible(user))


def may_edit(user: Any) -> bool:
    return has_any(RecordPolicy.agencies_editable(user))


def may_review(user: Any) -> bool:
    return has_any(RecordPolicy.agencies_reviewable(user))


def may_oversee(user: Any) -> bool:
    return has_any(RecordPolicy.agencies_overseen(user))


# Helpers ----------------------------------------------------------------------------


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(qs)


def _campaign_agencies(user: Any) -> list[Agency]:
    """Agencies where this person may start a historical conversion campaign."""
    return [a for a in _agencies(RecordPolicy.agencies_reviewable(user))
            if RecordPolicy.can_run_campaign(user, a)]


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _render(request: HttpRequest, template: str, context: dict[str, Any], *,
            current: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    context["catalogue_nav"] = {
        "current": current, "edit": may_edit(user), "review": may_review(user),
        "oversee": may_oversee(user),
    }
    return render(request, TEMPLATE_DIR + template, context, status=status)


def _form_failed(request: HttpRequest) -> None:
    messages.error(request, _("未能完成，请按字段旁的提示修改后重新提交。"))


def _record_for(user: Any, pk: int) -> Record:
    """The record if this person may see it in the staff pages; 404 otherwise, so that
    another agency's drafts are not even confirmed to exist."""
    record = (selectors.staff_record_list(agency_ids=RecordPolicy.agencies_visible(user))
              .select_related("replaced_by", "current_version").filter(pk=pk).first())
    if record is None or not RecordPolicy.can_view_staff(user, record):
        raise Http404
    return record


def _record_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the record for a POST action and turn the workflow's refusals into pages: a
    permission refusal is the 403 page, a step not allowed in this state a message."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        record = _record_for(request.user, pk)
        try:
            return view(request, record)
        except PermissionDeniedError:
            return _forbidden(request)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("staff:catalogue_record", pk=record.pk)

    return wrapper


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


# The record page --------------------------------------------------------------------

EVENT_LABELS = {
    "create": gettext_lazy("新建"), "update": gettext_lazy("修改"),
    "attach": gettext_lazy("上传附件"), "link": gettext_lazy("关联信息"),
    "submit": gettext_lazy("提交审查"), "return": gettext_lazy("退回修改"),
    "redact": gettext_lazy("遮盖文字"), "schedule": gettext_lazy("定时发布"),
    "publish": gettext_lazy("发布"), "withdraw": gettext_lazy("撤回"),
    "attribute_review_open": gettext_lazy("开启公开属性审查"),
    "attribute_review_keep": gettext_lazy("维持原公开属性"),
}

BODY_SOURCE = "正文"  # the source name services._scan gives title, summary and body


@dataclass
class FindingView:
    """A scan finding with its match picked out of the context for highlighting."""

    finding: ScanFinding
    before: str = ""
    match: str = ""
    after: str = ""
    redactable: bool = False


def _finding_view(finding: ScanFinding) -> FindingView:
    """ScanFinding keeps the context but not the match's offsets, so the context is scanned
    again and the hit of the same kind whose mask equals the stored one is highlighted."""
    from gongkai.catalogue.scan import mask, scan_text

    hits = [h for h in scan_text(finding.context) if h.kind == finding.kind]
    hit = next((h for h in hits if mask(h.match, h.kind)[:80] == finding.masked),
               hits[0] if hits else None)
    if hit is None:
        return FindingView(finding, before=finding.context)
    return FindingView(finding, before=finding.context[:hit.start], match=hit.match,
                       after=finding.context[hit.end:],
                       redactable=finding.source == BODY_SOURCE)


def _preview(form: RecordForm, agency: Agency | None) -> dict[str, Any] | None:
    """What the public page would show from the form as typed: nothing is saved, no script
    is needed (the editor posts with ``action=preview``). None while the form has errors,
    which the form shows."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    attribute = dict(form.fields["disclosure_attribute"].choices).get(  # type: ignore[attr-defined]
        data.get("disclosure_attribute"), "")
    number = data.get("document_number") or ""
    try:
        number = document_numbers.normalise(number)
    except document_numbers.DocumentNumberError:
        pass  # saving reports it beside the field; the preview shows it as typed
    return {
        "agency": agency, "title": data["title"], "summary": data.get("summary") or "",
        **_preview_body(data.get("body") or ""),
        "document_number": number,
        "formed_on": data.get("formed_on"), "topic": data.get("topic"),
        "genre": data.get("genre"), "disclosure_attribute": attribute,
    }


def _preview_body(posted: str) -> dict[str, str]:
    if richtext.is_markup(posted):
        formatted = richtext.clean(posted)
        return {"body": richtext.text_of(formatted), "body_html": formatted}
    return {"body": posted, "body_html": ""}


def _record_page(request: HttpRequest, record: Record, *, status: int = 200,
                 preview: dict[str, Any] | None = None, **forms: Any) -> HttpResponse:
    user = request.user
    can_edit = RecordPolicy.can_edit(user, record)
    editable = can_edit and record.status in EDITABLE
    reviewing = RecordPolicy.can_review(user, record) and record.status == RecordStatus.IN_REVIEW
    can_withdraw = (RecordPolicy.can_withdraw(user, record)
                    and record.status == RecordStatus.PUBLISHED)
    context: dict[str, Any] = {
        "record": record,
        "can_edit": editable,
        "can_submit": can_edit and RecordStatus.IN_REVIEW in TRANSITIONS[record.status]
        and record.status != RecordStatus.IN_REVIEW,
        "can_review": reviewing,
        "can_withdraw": can_withdraw,
        "attachments": list(record.attachments.all()),
        "links_out": list(record.links_out.select_related("target")),
        "links_in": list(record.links_in.select_related("source")),
        "findings": [_finding_view(f) for f in record.findings.all()],
        "events": [(e, EVENT_LABELS.get(e.verb, e.verb))
                   for e in record.events.select_related("actor")],
        "versions": list(record.versions.select_related("published_by").order_by("-number")),
        "panels": staff_record_panels(request, record),
        "preview": preview,
    }
    if editable:
        context["edit_form"] = forms.get("edit_form") or RecordForm(user=user, record=record)
        context["attach_form"] = forms.get("attach_form") or AttachmentForm()
        context["link_form"] = forms.get("link_form") or LinkForm(user=user)
    if reviewing:
        context["approve_form"] = forms.get("approve_form") or ApproveForm()
        context["return_form"] = forms.get("return_form") or ReturnForm()
        context["redact_form"] = forms.get("redact_form") or RedactForm()
    if can_withdraw:
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    return _render(request, "record.html", context, current="records", status=status)


@staff_view(may_see)
def records(request: HttpRequest) -> HttpResponse:
    """Every record this person may see, newest change first."""
    user = request.user
    form = RecordFilterForm(request.GET)
    status = q = ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    qs = selectors.staff_record_list(agency_ids=RecordPolicy.agencies_visible(user),
                                     status=status, q=q)
    return _render(request, "records.html", {
        "form": form, "page": _page(request, qs),
        "query": urlencode({k: v for k, v in (("status", status), ("q", q)) if v}),
        "can_create": may_edit(user),
    }, current="records")


@staff_view(may_edit)
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    agencies = _agencies(RecordPolicy.agencies_editable(user))
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency") else {}
    if request.method != "POST":
        form = RecordForm(user=user, agencies=agencies, initial=initial)
        return _render(request, "record_new.html", {"form": form}, current="records")
    form = RecordForm(request.POST, user=user, agencies=agencies)
    if request.POST.get("action") == "preview":
        return _render(request, "record_new.html", {
            "form": form, "preview": _preview(form, form.chosen_agency() if form.is_valid() else None),
        }, current="records", status=200 if form.is_valid() else 400)
    if form.is_valid():
        try:
            record = services.record_create(actor=user, agency=form.chosen_agency(),
                                            **form.record_fields())
        except PermissionDeniedError:
            return _forbidden(request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存草稿。核对无误后请提交审查。"))
            return redirect("staff:catalogue_record", pk=record.pk)
    _form_failed(request)
    return _render(request, "record_new.html", {"form": form}, current="records", status=400)


@staff_view(may_see)
@require_http_methods(["GET", "POST"])
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record, its edit form when it may be edited, and the steps open to this person."""
    record = _record_for(request.user, pk)
    if request.method != "POST":
        return _record_page(request, record)
    if not RecordPolicy.can_edit(request.user, record):
        return _forbidden(request)
    if record.status not in EDITABLE:
        messages.error(request, InvalidTransition(record.status, RecordStatus.DRAFT).message)
        return redirect("staff:catalogue_record", pk=record.pk)
    form = RecordForm(request.POST, user=request.user, record=record)
    if request.POST.get("action") == "preview":
        return _record_page(request, record, edit_form=form,
                            preview=_preview(form, record.agency),
                            status=200 if form.is_valid() else 400)
    if form.is_valid():
        try:
            services.record_update(actor=request.user, record=record,
                                   **form.record_fields(changed_only=True))
        except PermissionDeniedError:
            return _forbidden(request)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("staff:catalogue_record", pk=record.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("staff:catalogue_record", pk=record.pk)
    _form_failed(request)
    return _record_page(request, record, edit_form=form, status=400)


@staff_view(may_edit)
@require_POST
@_record_action
def record_attach(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_edit(request.user, record))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.record_attach(actor=request.user, record=record, filename=upload.name,
                                   data=upload.read())
        except AttachmentRejected as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("已上传附件“%(name)s”。") % {"name": upload.name})
            return redirect("staff:catalogue_record", pk=record.pk)
    messages.error(request, _("附件未上传，请看附件一栏的提示。"))
    return _record_page(request, record, attach_form=form, status=400)


@staff_view(may_see)
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """Staff open an attachment as it was uploaded (the reviewer must read images and
    .doc/.xls files themselves: they give the scan no text)."""
    record = _record_for(request.user, pk)
    attachment = record.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(may_edit)
@require_POST
@_record_action
def record_link(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_edit(request.user, record))
    return _form_action(
        request, record, LinkForm(request.POST, user=request.user), form_name="link_form",
        run=lambda data: services.record_link(actor=request.user, source=record,
                                              target=data["target"], kind=data["kind"]),
        success=lambda _result: _("已关联信息。"))


@staff_view(may_edit)
@require_POST
@_record_action
def record_submit(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_edit(request.user, record))
    try:
        record = services.record_submit(actor=request.user, record=record)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            for message in errors:
                messages.error(request, f"{field_label(name) or name}:{message}")
        return redirect("staff:catalogue_record", pk=record.pk)
    count = record.findings.count()
    if count:
        messages.success(request, _("已提交审查。预审扫描发现 %(n)d 处需要审查员留意的内容。")
                         % {"n": count})
    else:
        messages.success(request, _("已提交审查。"))
    return redirect("staff:catalogue_record", pk=record.pk)


@staff_view(may_review)
@require_POST
@_record_action
def record_approve(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_review(request.user, record))
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            record = services.record_approve(actor=request.user, record=record,
                                             publish_at=form.cleaned_data["publish_at"],
                                             comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if record.status == RecordStatus.SCHEDULED:
                when = timezone.localtime(record.publish_at).strftime("%Y-%m-%d %H:%M")
                messages.success(request, _("已批准，将于 %(when)s 发布。") % {"when": when})
            else:
                messages.success(request, _("已批准并发布，索取号 %(number)s。")
                                 % {"number": record.index_number})
            return redirect("staff:catalogue_record", pk=record.pk)
    _form_failed(request)
    return _record_page(request, record, approve_form=form, status=400)


@staff_view(may_review)
@require_POST
@_record_action
def record_return(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_review(request.user, record))
    return _form_action(
        request, record, ReturnForm(request.POST), form_name="return_form",
        run=lambda data: services.record_return(actor=request.user, record=record,
                                                comment=data["comment"]),
        success=lambda _result: _("已退回编辑修改。"))


@staff_view(may_review)
@require_POST
@_record_action
def record_redact(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_review(request.user, record))
    return _form_action(
        request, record, RedactForm(request.POST), form_name="redact_form",
        run=lambda data: services.record_redact(actor=request.user, record=record,
                                                text=data["text"], reason=data["reason"]),
        success=lambda count: _("已遮盖 %(n)d 处，并重新扫描。") % {"n": count})


@staff_view(may_review)
@require_POST
@_record_action
def record_withdraw(request: HttpRequest, record: Record) -> HttpResponse:
    _require(RecordPolicy.can_withdraw(request.user, record))
    return _form_action(
        request, record, WithdrawForm(request.POST), form_name="withdraw_form",
        run=lambda data: services.record_withdraw(actor=request.user, record=record,
                                                  reason=data["reason"]),
        success=lambda _result: _("已撤回，公众不再能看到这条信息。"))


def _form_action(request: HttpRequest, record: Record, form: Any, *, form_name: str,
                 run: Callable[[dict[str, Any]], Any],
                 success: Callable[[Any], str]) -> HttpResponse:
    """A record action posted by a form: run the service, report, and go back to the
    record; on bad input show the record page again with the form's errors."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success(result))
            return redirect("staff:catalogue_record", pk=record.pk)
    _form_failed(request)
    return _record_page(request, record, status=400, **{form_name: form})


# Queues and oversight ---------------------------------------------------------------


@staff_view(may_review)
def review_queue(request: HttpRequest) -> HttpResponse:
    qs = selectors.review_queue(agency_ids=RecordPolicy.agencies_reviewable(request.user))
    return _render(request, "review_queue.html", {"page": _page(request, qs)}, current="review")


@staff_view(may_see)
def schedule(request: HttpRequest) -> HttpResponse:
    qs = selectors.publishing_schedule(agency_ids=RecordPolicy.agencies_visible(request.user))
    return _render(request, "schedule.html", {"page": _page(request, qs)}, current="schedule")


@dataclass
class TimelinessCount:
    agency: str
    department: str
    total: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0


def _timeliness_counts(rows: list[selectors.Timeliness]) -> tuple[list[TimelinessCount],
                                                                  TimelinessCount]:
    by_department: dict[tuple[str, str], TimelinessCount] = {}
    overall = TimelinessCount("", "")
    for row in rows:
        key = (row.record.agency.short_name,
               row.record.department.name if row.record.department else "")
        count = by_department.setdefault(key, TimelinessCount(*key))
        for c in (count, overall):
            if row.pending:
                c.pending += 1
                continue
            c.total += 1
            if row.late:
                c.late += 1
            else:
                c.on_time += 1
    return sorted(by_department.values(), key=lambda c: (c.agency, c.department)), overall


@staff_view(may_oversee)
def timeliness(request: HttpRequest) -> HttpResponse:
    """Regulations Art. 26 as ``catalogue.timeliness`` measures it (the dashboard's figures)."""
    ids = RecordPolicy.agencies_overseen(request.user)
    departments = Department.objects.select_related("agency").order_by(
        "agency_id", "sort_order", "id")
    if ids is not None:
        departments = departments.filter(agency_id__in=ids)
    this_year = timezone.localdate().year
    data = request.GET.copy()
    data.setdefault("year", str(this_year))
    form = TimelinessFilterForm(data, departments=list(departments))
    year, department_id = this_year, None
    if form.is_valid():
        year, department_id = form.cleaned_data["year"], form.cleaned_data["department"]
    rows = selectors.timeliness(agency_ids=ids, year=year, department_id=department_id)
    counts, overall = _timeliness_counts(rows)
    return _render(request, "timeliness.html", {
        "form": form, "year": year, "rows": rows, "counts": counts, "overall": overall,
        "limit": selectors.PUBLICATION_LIMIT_WORKING_DAYS,
    }, current="timeliness")


# Attribute reviews and campaigns ----------------------------------------------------


def _visible_campaigns(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("agency")
    ids = RecordPolicy.agencies_reviewable(user)
    return qs if ids is None else qs.filter(agency_id__in=ids)


@staff_view(may_review)
@require_http_methods(["GET", "POST"])
def attribute_reviews(request: HttpRequest) -> HttpResponse:
    """公开属性审查: pending reviews, decided many at a time."""
    user = request.user
    campaign = None
    raw = request.GET.get("campaign", "")
    if raw:
        campaign = _visible_campaigns(user).filter(pk=int(raw)).first() if raw.isdigit() else None
        if campaign is None:
            raise Http404
    queue = selectors.attribute_review_queue(
        agency_ids=RecordPolicy.agencies_reviewable(user),
        campaign_id=campaign.pk if campaign else None)
    status = 200
    if request.method == "POST":
        form = AttributeReviewDecideForm(request.POST, queue=queue)
        if form.is_valid():
            reviews = list(form.cleaned_data["reviews"])
            if not all(RecordPolicy.can_review(user, r.record) for r in reviews):
                return _forbidden(request)
            try:
                result = services.attribute_reviews_decide(
                    actor=user, reviews=reviews, decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"])
            except PermissionDeniedError:
                return _forbidden(request)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _(
                    "已处理:转为主动公开 %(converted)d 条,维持原属性 %(kept)d 条,"
                    "已被他人处理而跳过 %(skipped)d 条。") % {
                    "converted": result.converted, "kept": result.kept,
                    "skipped": result.skipped})
                if result.held:
                    messages.warning(request, _(
                        "其中 %(held)d 条经保密检查发现需复核的内容（如身份证号码、手机号码），"
                        "未发布，已转入保密审查。") % {"held": result.held})
                return redirect(request.get_full_path())
        _form_failed(request)
        status = 400
    else:
        form = AttributeReviewDecideForm(queue=queue)
    selected = {str(v) for v in form["reviews"].value() or []}
    return _render(request, "attribute_reviews.html", {
        "form": form, "page": _page(request, queue), "campaign": campaign,
        "selected": selected, "query": urlencode({"campaign": campaign.pk} if campaign else {}),
    }, current="attribute_reviews", status=status)


@staff_view(may_review)
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    """Historical conversion campaigns (work plan point 10) and the form to start one."""
    user = request.user
    agencies = _campaign_agencies(user)
    status = 200
    form = CampaignForm(agencies=agencies) if agencies else None
    if request.method == "POST":
        if not agencies:
            return _forbidden(request)
        form = CampaignForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                campaign = services.campaign_start(
                    actor=user, agency=form.chosen_agency(), name=form.cleaned_data["name"],
                    since_year=form.cleaned_data["since_year"])
            except PermissionDeniedError:
                return _forbidden(request)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已启动“%(name)s”，%(n)d 条信息进入属性审查。") % {
                    "name": campaign.name, "n": campaign.reviews.count()})
                return redirect("staff:catalogue_campaign", pk=campaign.pk)
        _form_failed(request)
        status = 400
    listing = _visible_campaigns(user).annotate(
        total=Count("reviews"), pending=Count("reviews", filter=Q(reviews__decision=""))
    ).order_by("-created_at", "-id")
    return _render(request, "campaigns.html", {"campaigns": listing, "form": form},
                   current="campaigns", status=status)


@staff_view(may_review)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaigns(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    progress = selectors.campaign_progress(campaign)
    return _render(request, "campaign.html", {
        "campaign": campaign, "progress": progress,
        "queue_url": reverse("staff:catalogue_attribute_reviews") + "?"
        + urlencode({"campaign": campaign.pk}),
    }, current="campaigns")


urlpatterns = [
    path("", records, name="catalogue_records"),
    path("records/new/", record_new, name="catalogue_record_new"),
    path("records/<int:pk>/", record_detail, name="catalogue_record"),
    path("records/<int:pk>/attachments/", record_attach, name="catalogue_record_attach"),
    path("records/<int:pk>/attachments/<int:attachment_pk>/", attachment_download,
         name="catalogue_attachment"),
    path("records/<int:pk>/links/", record_link, name="catalogue_record_link"),
    path("records/<int:pk>/submit/", record_submit, name="catalogue_record_submit"),
    path("records/<int:pk>/approve/", record_approve, name="catalogue_record_approve"),
    path("records/<int:pk>/return/", record_return, name="catalogue_record_return"),
    path("records/<int:pk>/redact/", record_redact, name="catalogue_record_redact"),
    path("records/<int:pk>/withdraw/", record_withdraw, name="catalogue_record_withdraw"),
    path("review/", review_queue, name="catalogue_review_queue"),
    path("schedule/", schedule, name="catalogue_schedule"),
    path("timeliness/", timeliness, name="catalogue_timeliness"),
    path("attribute-reviews/", attribute_reviews, name="catalogue_attribute_reviews"),
    path("campaigns/", campaigns, name="catalogue_campaigns"),
    path("campaigns/<int:pk>/", campaign_detail, name="catalogue_campaign"),
]
