from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class CoreConfig(GongkaiAppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("机构与人员")

    global_urls = ("accounts/", "gongkai.core.public_urls")
    staff_urls = ("", "gongkai.core.staff_urls")
    api_router = ("/", "gongkai.core.api:router")

    def ready(self) -> None:
        from gongkai.core.demo_registry import collect_declared

        collect_declared()  # every app's demo loader, in GONGKAI_APPS order
