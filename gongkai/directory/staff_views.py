"""Directory staff pages under /staff/directory/: the list, an entry's form with its
history, import (with the report of every refused row) and export, and the connectors'
configuration. Each view wears ``staff_view`` with the coarse policy question and asks
the object-level one again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.directory import connectors, selectors, services, tabular
from gongkai.directory.forms import ConnectorForm, DirectoryFilterForm, EntityForm, ImportForm
from gongkai.directory.models import ConnectorSystem, Entity, EntityKind
from gongkai.directory.policies import DirectoryPolicy

PAGE_SIZE = 50


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.order_by("sort_order", "id")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _forbidden(request):
    return render(request, "staff/forbidden.html", status=403)


@staff_view(DirectoryPolicy.may_edit_any)
@require_safe
def entity_list(request):
    ids = DirectoryPolicy.agencies_editable(request.user)
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    entities = selectors.staff_entity_list(agency_ids=ids, **filters)
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/staff/list.html", {
        "form": form, "filters": filters, "page_obj": page, "kinds": EntityKind.choices,
        "can_import": DirectoryPolicy.may_administer_any(request.user),
        "agencies": _agencies(DirectoryPolicy.agencies_administered(request.user)),
    })


def _form_data(form: EntityForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["licence_issued_on"] = data.get("licence_issued_on")
    return data


def _show_errors(form: EntityForm, exc: services.EntityInvalid) -> None:
    for name, problems in exc.errors.items():
        target = name if name in form.fields else ("parent_licence_number" if name == "parent"
                                                   else None)
        for problem in problems:
            form.add_error(target, problem)


@staff_view(DirectoryPolicy.may_edit_any)
@require_http_methods(["GET", "POST"])
def entity_new(request):
    agencies = _agencies(DirectoryPolicy.agencies_editable(request.user))
    form = EntityForm(request.POST or None, initial={"is_listed": True})
    chosen = request.POST.get("agency") or (agencies[0].slug if agencies else "")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if a.slug == chosen), None)
        if agency is None:
            form.add_error(None, "请选择机构。")
        else:
            try:
                created = services.entity_create(actor=request.user, agency=agency,
                                                  data=_form_data(form))
            except services.EntityInvalid as exc:
                _show_errors(form, exc)
            except PermissionDeniedError:
                return _forbidden(request)
            else:
                messages.success(request, "已登记。")
                return redirect("staff:directory_entity", pk=created.pk)
    return render(request, "directory/staff/entity.html", {
        "form": form, "agencies": agencies, "chosen": chosen, "entity": None})


@staff_view(DirectoryPolicy.may_edit_any)
@require_http_methods(["GET", "POST"])
def entity_edit(request, pk: int):
    entity = Entity.objects.select_related("agency", "parent").filter(pk=pk).first()
    if entity is None or not DirectoryPolicy.can_edit(request.user, entity.agency):
        raise Http404("no such entry")
    form = EntityForm(request.POST or None, initial=EntityForm.initial_for(entity))
    if request.method == "POST" and form.is_valid():
        try:
            services.entity_update(actor=request.user, entity=entity, data=_form_data(form))
        except services.EntityInvalid as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff:directory_entity", pk=entity.pk)
    return render(request, "directory/staff/entity.html", {
        "form": form, "entity": entity, "history": selectors.entity_history(entity)[:50]})


@staff_view(DirectoryPolicy.may_administer_any)
@require_http_methods(["GET", "POST"])
def import_view(request):
    agencies = _agencies(DirectoryPolicy.agencies_administered(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    report = tabular.import_upload(request, form, agencies, services.directory_import)
    return render(request, "directory/staff/import.html", {
        "form": form, "report": report, "columns": services.COLUMNS})


@staff_view(DirectoryPolicy.may_administer_any)
@require_safe
def export_view(request):
    agency = Agency.objects.filter(slug=request.GET.get("agency", "")).first()
    fmt = request.GET.get("format", "csv")
    if agency is None or fmt not in services.EXPORT_FORMATS:
        raise Http404("no such export")
    if not DirectoryPolicy.can_import(request.user, agency):
        raise Http404("no such export")
    body, content_type, filename = services.directory_export(actor=request.user,
                                                             agency=agency, fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view(DirectoryPolicy.may_administer_any)
@require_safe
def connector_list(request):
    rows = [(agency, selectors.connector_configs(agency_id=agency.pk))
            for agency in _agencies(DirectoryPolicy.agencies_administered(request.user))]
    return render(request, "directory/staff/connectors.html", {"rows": rows})


@staff_view(DirectoryPolicy.may_administer_any)
@require_http_methods(["GET", "POST"])
def connector_edit(request, agency: str, system: str):
    found = Agency.objects.filter(slug=agency).first()
    if (found is None or system not in ConnectorSystem.values
            or not DirectoryPolicy.can_configure(request.user, found)):
        raise Http404("no such connector")
    config = selectors.connector_get(agency_id=found.pk, system=system)
    initial = ({"base_url": config.base_url, "timeout_seconds": config.timeout_seconds,
                "retries": config.retries, "enabled": config.enabled} if config else
               {"timeout_seconds": 5, "retries": 1, "enabled": False})
    form = ConnectorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.connector_configure(actor=request.user, agency=found, system=system,
                                         **form.cleaned_data)
        except services.EntityInvalid as exc:
            for name, problems in exc.errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, "接口配置已保存。")
            return redirect("staff:directory_connectors")
    return render(request, "directory/staff/connector.html", {
        "form": form, "target_agency": found, "system": ConnectorSystem(system)})


@staff_view(DirectoryPolicy.may_administer_any)
@require_POST
def connector_test(request, agency: str, system: str):
    """Try the saved configuration with a number the administrator types (检测连接): the
    answer, or the message the public would read, is shown once and not stored."""
    found = Agency.objects.filter(slug=agency).first()
    if (found is None or system not in ConnectorSystem.values
            or not DirectoryPolicy.can_configure(request.user, found)):
        raise Http404("no such connector")
    number = request.POST.get("number", "").strip()
    if not connectors.valid_number(number):
        messages.error(request, "检测编号只能包含数字、字母、括号和连字符，4至40个字符。")
    else:
        config = selectors.connector_get(agency_id=found.pk, system=system)
        if config is not None:
            config.enabled = True  # test the saved address even while switched off
        result = connectors.status_lookup(config=config, number=number)
        if result.found:
            messages.success(request, f"连接正常：{number} 的办理状态为“{result.status_label}”。")
        elif result.available:
            messages.success(request, f"连接正常：{result.message}")
        else:
            messages.error(request, f"连接失败：{result.message}")
    return redirect("staff:directory_connector", agency=found.slug, system=system)


# Licence-expiry reminders (证照到期提醒) ---------------------------------------------------

LICENCE_STATES = (("", "全部"), ("due", "即将到期"), ("late", "已过期或逾期"),
                  ("lapsed", "证照已过期"), ("overdue", "年度考核逾期"))


def due_within_param(raw: str | None, default: int = 90) -> int:
    """The look-ahead window in days from ``?due_within=`` (0 to 3660; else the default)."""
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default
    return min(max(value, 0), 3660)


@staff_view(DirectoryPolicy.may_edit_any)
@require_safe
def licence_list(request):
    """Who is due, overdue, lapsed: each licence's expiry and each yearly assessment up to
    the window, with the reminders already sent (the daily job writes them)."""
    from django.utils import timezone

    from gongkai.directory import limits
    from gongkai.directory.models import ReminderKind

    due_within = due_within_param(request.GET.get("due_within"))
    state = request.GET.get("state", "")
    state = state if state in dict(LICENCE_STATES) else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ReminderKind.values else ""
    rows = selectors.licence_deadlines(
        agency_ids=DirectoryPolicy.agencies_editable(request.user),
        today=timezone.localdate(), due_within=due_within, kind=kind, state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    sent = {}
    for reminder in selectors.reminders_for(entity_ids=[r.entity.pk for r in page.object_list]):
        sent.setdefault((reminder.entity_id, reminder.kind, reminder.due_on), []).append(
            reminder.threshold_days)
    return render(request, "directory/staff/licences.html", {
        "page_obj": page, "due_within": due_within, "state": state, "kind": kind,
        "states": LICENCE_STATES, "kinds": ReminderKind.choices,
        "thresholds": limits.reminder_thresholds(), "article": limits.RENEWAL_ARTICLE,
        "notice_days": limits.RENEWAL_NOTICE_DAYS,
        "rows": [(r, sent.get((r.entity.pk, r.kind, r.due_on), []))
                 for r in page.object_list],
    })


@staff_view(DirectoryPolicy.may_edit_any)
@require_POST
def reminder_consent(request, pk: int):
    """Record the holder's consent to e-mail reminders (or its withdrawal)."""
    entity = Entity.objects.select_related("agency").filter(pk=pk).first()
    if entity is None or not DirectoryPolicy.can_edit(request.user, entity.agency):
        raise Http404("no such entry")
    consent = request.POST.get("consent") == "on"
    try:
        services.reminder_consent_set(actor=request.user, entity=entity, consent=consent,
                                      email=request.POST.get("reminder_email", ""))
    except services.EntityInvalid:
        messages.error(request, "请填写有效的电子邮箱。")
    else:
        messages.success(request, "已记录持证人同意接收到期提醒。" if consent
                         else "已撤回到期提醒同意，邮箱已删除。")
    return redirect("staff:directory_entity", pk=entity.pk)
