"""Staff pages under /staff/leadership/: the groups, one group (members now and their
history, appointing, meetings), a member's change, one meeting (decisions, publishing)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.core.policies import PermissionDeniedError
from gongkai.leadership import selectors, services
from gongkai.leadership.models import GroupMember, LeadershipGroup, Meeting, MemberRole
from gongkai.leadership.policies import LeadershipPolicy


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@staff_view(LeadershipPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def group_list(request):
    ids = LeadershipPolicy.agencies_managed(request.user)
    agencies = list(Agency.objects.order_by("sort_order", "id") if ids is None
                    else Agency.objects.filter(pk__in=ids).order_by("sort_order", "id"))
    if request.method == "POST":
        agency = next((a for a in agencies if a.slug == request.POST.get("agency")), None)
        name = request.POST.get("name", "").strip()
        if agency is None or not name:
            messages.error(request, "请选择机构并填写名称。")
        else:
            group = services.group_create(actor=request.user, agency=agency, name=name,
                                          duties=request.POST.get("duties", ""),
                                          established_on=_date(request.POST.get(
                                              "established_on", "")))
            return redirect("staff:leadership_group", pk=group.pk)
    return render(request, "leadership/staff/list.html", {
        "groups": selectors.groups(agency_ids=ids), "agencies": agencies})


def _group(request, pk: int) -> LeadershipGroup:
    group = LeadershipGroup.objects.select_related("agency").filter(pk=pk).first()
    if group is None or not LeadershipPolicy.can_manage(request.user, group.agency):
        raise Http404("no such group")
    return group


@staff_view(LeadershipPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def group_detail(request, pk: int):
    group = _group(request, pk)
    if request.method == "POST":
        action, post = request.POST.get("action"), request.POST
        when = _date(post.get("date", ""))
        try:
            if action == "appoint" and when:
                services.member_appoint(actor=request.user, group=group,
                                        name=post.get("name", ""), post=post.get("post", ""),
                                        role=post.get("role", ""), started_on=when,
                                        note=post.get("note", ""))
                messages.success(request, "已增加成员。")
            elif action == "meeting" and when:
                services.meeting_record(actor=request.user, group=group,
                                        title=post.get("title", ""), held_on=when,
                                        minutes=post.get("minutes", ""),
                                        decisions=post.get("decisions", "").splitlines())
                messages.success(request, "已记录会议。")
            else:
                messages.error(request, "请完整填写。")
        except (services.LeadershipInvalid, PermissionDeniedError):
            messages.error(request, "请完整填写。")
        return redirect("staff:leadership_group", pk=group.pk)
    return render(request, "leadership/staff/group.html", {
        "group": group, "current": selectors.members_on(group, timezone.localdate()),
        "history": selectors.member_history(group), "roles": MemberRole.choices,
        "meetings": group.meetings.all(), "today": timezone.localdate()})


@staff_view(LeadershipPolicy.may_manage_any)
@require_POST
def member_change(request, pk: int):
    member = GroupMember.objects.select_related("group__agency").filter(pk=pk).first()
    if member is None or not LeadershipPolicy.can_manage(request.user, member.group.agency):
        raise Http404("no such member")
    when = _date(request.POST.get("date", ""))
    try:
        if when is None:
            raise services.LeadershipInvalid("date")
        services.member_change(actor=request.user, member=member, on=when,
                               role=request.POST.get("role", ""),
                               post=request.POST.get("post", ""),
                               note=request.POST.get("note", ""))
    except services.LeadershipInvalid:
        messages.error(request, "变动日期须晚于起始日期，且该成员仍在任。")
    else:
        messages.success(request, "已记录变动。")
    return redirect("staff:leadership_group", pk=member.group_id)


@staff_view(LeadershipPolicy.may_manage_any)
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk: int):
    meeting = Meeting.objects.select_related("group__agency").filter(pk=pk).first()
    if meeting is None or not LeadershipPolicy.can_manage(request.user, meeting.group.agency):
        raise Http404("no such meeting")
    if request.method == "POST":
        publish = request.POST.get("publish") == "1"
        services.decisions_publish(actor=request.user, meeting=meeting, publish=publish)
        messages.success(request, "议定事项已公开。" if publish else "已撤回公开。")
        return redirect("staff:leadership_meeting", pk=meeting.pk)
    return render(request, "leadership/staff/meeting.html", {"meeting": meeting})
