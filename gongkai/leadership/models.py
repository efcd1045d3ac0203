"""The leadership group for openness work (政务公开工作领导小组, work point 8 / 20: 加强组织
保障): its members with their roles over time (a change ends one row and starts another,
so the history stays), and its meetings with minutes and decisions; a meeting's decisions
can be published on the agency's public page (names and posts of the members are public
by nature; the minutes are not published)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE = "office", _("办公室主任")


class LeadershipGroup(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="leadership_groups", verbose_name=_("机构"))
    name = models.CharField(_("名称"), max_length=200)
    duties = models.TextField(_("职责"), blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("领导小组")
        ordering = ["agency_id", "id"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """One person in one role from ``started_on`` until ``ended_on`` (open: still)."""

    group = models.ForeignKey(LeadershipGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    role = models.CharField(_("小组职务"), max_length=20, choices=MemberRole.choices)
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    change_note = models.CharField(_("变动说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["ended_on", "role", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Meeting(models.Model):
    group = models.ForeignKey(LeadershipGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    minutes = models.TextField(_("会议纪要（不公开）"), blank=True)
    decisions_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("议定事项"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:50]
