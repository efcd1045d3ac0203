from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class ServicesConfig(GongkaiAppConfig):
    name = "gongkai.services"
    label = "services"
    inspection_columns = "gongkai.services.inspection:inspection_columns"
    verbose_name = _("办事服务")

    agency_urls = ("services/", "gongkai.services.urls")
    staff_urls = ("services/", "gongkai.services.staff_urls")
    api_router = ("/", "gongkai.services.api:router")
    section = Section("service", "办事服务", "services:index")
    standard_link_kinds = "gongkai.services.standard_links:LINK_KINDS"
    demo_loader = "gongkai.services.demo:load_services_demo"

    def ready(self) -> None:
        from gongkai.core.events import register_followable
        from gongkai.services.selectors import followable

        register_followable("service", followable)

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.services.policies import ServicesPolicy

        return [Tool("staff:services_index", "权责清单与办事指南", ServicesPolicy.may_view_any)]
