"""Staff pages under /staff/training/: the trainings (and a new one), one training with
its attendance list, and a person's training record (their own, or anyone's in the
agencies an administrator manages)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.access import any_staff, staff_view
from gongkai.core.models import Agency, User
from gongkai.core.policies import PermissionDeniedError
from gongkai.training import selectors, services
from gongkai.training.models import Training
from gongkai.training.policies import TrainingPolicy


def _agencies(user) -> list[Agency]:
    ids = TrainingPolicy.agencies_managed(user)
    qs = Agency.objects.order_by("sort_order", "id")
    return list(qs if ids is None else qs.filter(pk__in=ids))


@staff_view(TrainingPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def training_list(request):
    agencies = _agencies(request.user)
    errors: list[str] = []
    if request.method == "POST":
        agency = next((a for a in agencies if a.slug == request.POST.get("agency")), None)
        try:
            held_on = dt.date.fromisoformat(request.POST.get("held_on", ""))
            hours = Decimal(request.POST.get("hours", "2") or "2")
        except (ValueError, InvalidOperation):
            held_on = hours = None
        if agency is None or held_on is None:
            errors = ["请选择机构并填写日期和学时。"]
        else:
            try:
                training = services.training_create(
                    actor=request.user, agency=agency, topic=request.POST.get("topic", ""),
                    held_on=held_on, trainer=request.POST.get("trainer", ""), hours=hours,
                    place=request.POST.get("place", ""),
                    materials=request.POST.get("materials", ""))
            except services.TrainingInvalid as exc:
                errors = [m for problems in exc.errors.values() for m in problems]
            except PermissionDeniedError:
                errors = ["无权为该机构登记培训。"]
            else:
                messages.success(request, "已登记培训，请勾选参训人员。")
                return redirect("staff:training_detail", pk=training.pk)
    return render(request, "training/list.html", {
        "trainings": selectors.staff_trainings(
            agency_ids=TrainingPolicy.agencies_managed(request.user))[:200],
        "agencies": agencies, "errors": errors, "today": timezone.localdate(),
    }, status=422 if errors else 200)


@staff_view(TrainingPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def training_detail(request, pk: int):
    training = Training.objects.select_related("agency").filter(pk=pk).first()
    if training is None or not TrainingPolicy.can_manage(request.user, training.agency):
        raise Http404("no such training")
    people = selectors.agency_staff(training.agency_id)
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        count = services.attendance_set(actor=request.user, training=training,
                                        users=[p for p in people if p.pk in chosen])
        messages.success(request, f"已保存：{count}人参训。")
        return redirect("staff:training_detail", pk=training.pk)
    attended = set(training.attendances.values_list("user_id", flat=True))
    return render(request, "training/detail.html", {
        "training": training, "people": people, "attended": attended})


@staff_view(any_staff)
@require_safe
def training_record(request, user_id: int):
    person = User.objects.filter(pk=user_id).first()
    if person is None or not TrainingPolicy.can_view_record(request.user, person):
        raise Http404("no such record")
    year = request.GET.get("year", "")
    rows, hours = selectors.training_record(person, year=int(year) if year.isdigit() else None)
    return render(request, "training/record.html", {
        "person": person, "rows": rows, "hours": hours, "year": year})


@staff_view(any_staff)
@require_safe
def my_record(request):
    return redirect("staff:training_record", user_id=request.user.pk)
