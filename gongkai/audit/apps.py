from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class AuditConfig(GongkaiAppConfig):
    name = "gongkai.audit"
    label = "audit"
    verbose_name = _("审计日志")

    staff_urls = ("audit/", "gongkai.audit.staff_urls")
    api_router = ("/audit", "gongkai.audit.api:router")
