"""Standard-catalogue staff pages under /staff/standards/: the catalogue with each item's
gaps, the gaps page, an item's form and its links, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.directory import tabular
from gongkai.standards import selectors, services
from gongkai.standards.forms import ImportForm, ItemForm, LinkForm
from gongkai.standards.gaps import GapComputer
from gongkai.standards.links import link_kinds
from gongkai.standards.models import StandardItem, StandardLink
from gongkai.standards.policies import StandardPolicy


def _agencies(ids: list[int] | None) -> list[Agency]:
    qs = Agency.objects.order_by("sort_order", "id")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _states(request, *, only_gaps: bool):
    ids = StandardPolicy.agencies_visible(request.user)
    q = request.GET.get("q", "").strip()[:100]
    states = GapComputer().states(selectors.item_list(agency_ids=ids, q=q))
    if only_gaps:
        states = [s for s in states if s.gaps]
    return states, q


@staff_view(StandardPolicy.may_view_any)
@require_safe
def item_list(request):
    states, q = _states(request, only_gaps=False)
    return render(request, "standards/staff/list.html", {
        "states": states, "q": q, "current": "list",
        "can_edit": StandardPolicy.may_edit_any(request.user),
        "export_agencies": _agencies(StandardPolicy.agencies_editable(request.user))})


@staff_view(StandardPolicy.may_view_any)
@require_safe
def gaps(request):
    states, q = _states(request, only_gaps=True)
    return render(request, "standards/staff/gaps.html", {"states": states, "q": q,
                                                          "current": "gaps"})


def _show(form, exc: services.ItemInvalid) -> None:
    for name, problems in exc.errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


@staff_view(StandardPolicy.may_edit_any)
@require_http_methods(["GET", "POST"])
def item_new(request):
    agencies = _agencies(StandardPolicy.agencies_editable(request.user))
    form = ItemForm(request.POST or None)
    chosen = request.POST.get("agency") or (agencies[0].slug if agencies else "")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if a.slug == chosen), None)
        if agency is None:
            form.add_error(None, "请选择机构。")
        else:
            try:
                item = services.item_save(actor=request.user, agency=agency,
                                          data=form.cleaned_data)
            except services.ItemInvalid as exc:
                _show(form, exc)
            else:
                messages.success(request, "已添加。")
                return redirect("staff:standards_item", pk=item.pk)
    return render(request, "standards/staff/item.html", {
        "form": form, "agencies": agencies, "chosen": chosen, "item": None})


def _editable_item(request, pk: int) -> StandardItem:
    item = StandardItem.objects.select_related("agency").filter(pk=pk).first()
    if item is None or not StandardPolicy.can_edit(request.user, item.agency):
        raise Http404("no such item")
    return item


@staff_view(StandardPolicy.may_edit_any)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = _editable_item(request, pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(actor=request.user, agency=item.agency, data=form.cleaned_data,
                               item=item)
        except services.ItemInvalid as exc:
            _show(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("staff:standards_item", pk=item.pk)
    kinds = list(link_kinds().values())
    return render(request, "standards/staff/item.html", {
        "form": form, "item": item, "state": GapComputer().state(item),
        "link_form": LinkForm(kinds=kinds)})


@staff_view(StandardPolicy.may_edit_any)
@require_POST
def item_delete(request, pk: int):
    item = _editable_item(request, pk)
    services.item_delete(actor=request.user, item=item)
    messages.success(request, "已删除。")
    return redirect("staff:standards_list")


@staff_view(StandardPolicy.may_edit_any)
@require_POST
def link_add(request, pk: int):
    item = _editable_item(request, pk)
    kinds = list(link_kinds().values())
    form = LinkForm(request.POST, kinds=kinds)
    if form.is_valid():
        try:
            services.link_add(actor=request.user, item=item, **form.cleaned_data)
        except services.ItemInvalid as exc:
            _show(form, exc)
        else:
            messages.success(request, "已添加关联。")
            return redirect("staff:standards_item", pk=item.pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}
    return render(request, "standards/staff/item.html", {
        "form": ItemForm(initial=initial), "item": item, "state": GapComputer().state(item),
        "link_form": form}, status=422)


@staff_view(StandardPolicy.may_edit_any)
@require_POST
def link_remove(request, pk: int, link_pk: int):
    item = _editable_item(request, pk)
    link = StandardLink.objects.filter(pk=link_pk, item=item).first()
    if link is None:
        raise Http404("no such link")
    services.link_remove(actor=request.user, link=link)
    messages.success(request, "已删除关联。")
    return redirect("staff:standards_item", pk=item.pk)


@staff_view(StandardPolicy.may_administer_any)
@require_http_methods(["GET", "POST"])
def import_view(request):
    agencies = _agencies(StandardPolicy.agencies_administered(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    report = tabular.import_upload(request, form, agencies, services.standards_import)
    return render(request, "standards/staff/import.html", {
        "form": form, "report": report, "columns": services.COLUMNS, "current": "import",
        "kinds": list(link_kinds().values())})


@staff_view(StandardPolicy.may_edit_any)
@require_safe
def export_view(request):
    agency = Agency.objects.filter(slug=request.GET.get("agency", "")).first()
    fmt = request.GET.get("format", "csv")
    if agency is None or fmt not in services.EXPORT_FORMATS or not StandardPolicy.can_edit(
            request.user, agency):
        raise Http404("no such export")
    body, content_type, filename = services.standards_export(actor=request.user, agency=agency,
                                                             fmt=fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
