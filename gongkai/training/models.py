"""Training (培训) for the agency's staff: events with their topic, date, trainer, hours
and materials, and who attended — from which each person's training record and the
year's coverage per department (work point 20: 加强组织保障, 业务培训) follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Training(models.Model):
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT,
                               related_name="trainings", verbose_name=_("机构"))
    topic = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"), db_index=True)
    trainer = models.CharField(_("授课人"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=2)
    place = models.CharField(_("地点或方式"), max_length=200, blank=True)
    materials = models.TextField(_("培训材料（每行一项：名称或链接）"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.topic

    @property
    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class Attendance(models.Model):
    """One person at one training; the department is the one they belonged to then, so a
    later move does not rewrite last year's coverage."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="training_attendances")
    department = models.ForeignKey("core.Department", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["training", "user"],
                                               name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.training_id}/{self.user_id}"
