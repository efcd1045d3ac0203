from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class ApiConfig(GongkaiAppConfig):
    name = "gongkai.api"
    label = "gongkai_api"
    verbose_name = _("接口")
