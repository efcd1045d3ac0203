"""Agencies (tenants), their departments, people and the roles people hold in them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "static", "media", "staff", "healthz", "accounts", "i18n",
        "robots.txt", "sitemap.xml", "preferences", "accessibility", "agencies",
        "verify", "transparency", "bench",
    }
)

slug_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,39}$", _("只能使用小写字母、数字和连字符,以字母开头,2–40个字符。")
)
# GB 32100-2015 unified social credit codes are 18 characters; older 组织机构代码 are 9
# characters plus check digit (e.g. 002420455M). Both appear in Shanghai index numbers.
organisation_code_validator = RegexValidator(
    r"^[0-9A-Z]{9,18}$", _("组织机构代码应为9至18位数字或大写字母,例如 002420455M。")
)


def validate_slug_not_reserved(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s”是系统保留地址,请换一个。"), params={"slug": value})


class User(AbstractUser):
    """A person: staff of an agency, or a member of the public who chose to register."""

    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Agency(models.Model):
    """A government body that publishes: the tenant of the platform."""

    slug = models.SlugField(
        _("网址标识"), unique=True, max_length=40,
        validators=[slug_validator, validate_slug_not_reserved],
    )
    name = models.CharField(_("机构全称"), max_length=200, unique=True)
    short_name = models.CharField(_("机构简称"), max_length=50)
    organisation_code = models.CharField(
        _("组织机构代码"), max_length=18, unique=True, validators=[organisation_code_validator]
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    logo = models.FileField(_("标志"), upload_to="agency-logos/", blank=True)
    description = models.TextField(_("机构职能"), blank=True)
    # Identity a government website must show in its footer (国办发〔2017〕47号).
    site_sponsor = models.CharField(_("主办单位"), max_length=200, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    # Shanghai's disclosure catalogues also list what is disclosed on request (依申请公开),
    # metadata only, so people know what to ask for; an agency chooses to (catalogue
    # views.on_request).
    lists_on_request_entries = models.BooleanField(
        _("公开依申请公开信息目录"), default=False,
        help_text=_("开启后,在政府信息公开目录中列出已通过审查的依申请公开信息的标题、索取号、"
                    "文件编号、处室和日期(不含正文和附件),并可据此直接提出申请。"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:agency_home", kwargs={"agency": self.slug})


class Department(models.Model):
    """An internal unit (处室) of an agency; it owns items and work."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("机构")
    )
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("代码"), max_length=30, blank=True)
    duties = models.TextField(_("职责"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("处室")
        verbose_name_plural = _("处室")
        ordering = ["agency_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.short_name} · {self.name}"


class Role(models.TextChoices):
    EDITOR = "editor", _("信息编辑")
    REVIEWER = "reviewer", _("保密审查员")
    DISCLOSURE_OFFICER = "disclosure_officer", _("依申请公开经办人")
    DEPARTMENT_HEAD = "department_head", _("处室负责人")
    AGENCY_ADMIN = "agency_admin", _("机构管理员")
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    #: An invited social evaluator (社会评议): signs in, sees the public pages and the
    #: published figures of the rounds they are invited to, and no staff page at all
    #: (gongkai.core.policies leaves this role out of every staff question).
    EVALUATOR = "evaluator", _("社会评议员")
    #: A machine account of a hotline (12345/12348) connected to one agency: its API token
    #: imports that agency's work orders and reads their replies, and nothing else — it is
    #: not staff (gongkai.core.policies leaves it out of every staff question).
    HOTLINE_INTEGRATION = "hotline_integration", _("热线对接账号")


class Membership(models.Model):
    """A role a person holds in one agency (and, where it matters, one department).

    Every permission in the product is scoped by these rows: there is no global role but
    platform administrator, which is the only membership without an agency.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("机构"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True,
        related_name="memberships", verbose_name=_("处室"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            # Three partial constraints instead of NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "agency", "department"],
                condition=models.Q(department__isnull=False),
                name="membership_unique_department",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=models.Q(department__isnull=True, agency__isnull=False),
                name="membership_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(agency__isnull=True),
                name="membership_unique_platform",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="platform_admin", agency__isnull=True, department__isnull=True)
                    | (~models.Q(role="platform_admin") & models.Q(agency__isnull=False))
                ),
                name="membership_scope",
            ),
        ]

    def __str__(self) -> str:
        scope = self.department or self.agency or _("全平台")
        return f"{self.user} · {self.get_role_display()} · {scope}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


# Public intake (gongkai/core/intake.py) ----------------------------------------------


class CaseCounter(models.Model):
    """Last serial given per agency, kind of case and year (``intake.next_serial``).

    One table for every app that numbers cases (applications, comments, messages,
    registrations): the row is locked while a number is drawn, so two submissions never
    get the same number, on either database.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"],
                                               name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.year}: {self.last_serial}"


class PublicCase(models.Model):
    """What a case submitted by the public without an account carries: the hash of its
    access code, the idempotency key and fingerprint of the submission (a retried request
    answers with the same case) and when it was submitted (the replay window counts from
    it). Behaviour in ``gongkai/core/intake.py``."""

    access_code_hash = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    # SHA-256 of the submitted form: a replay with the same key but other content is refused.
    submission_fingerprint = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # The public account that submitted the case while signed in (None: anonymous, or by
    # staff on someone's behalf). The only link between a person's account and their
    # cases: never inferred from an e-mail address, which anyone could register.
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("提交账号"))

    class Meta:
        abstract = True

    def set_access_code(self, code: str) -> None:
        from gongkai.core import intake

        self.access_code_hash = intake.hash_access_code(code)

    def check_access_code(self, code: str) -> bool:
        from gongkai.core import intake

        return intake.check_access_code(self.access_code_hash, code)


class CaseEventBase(models.Model):
    """One entry of a case's append-only history (who did what, from which state to which,
    why). Each app subclasses it with a foreign key to its case and any facts of its own
    (an application adds the due dates that moved)."""

    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    comment = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]
