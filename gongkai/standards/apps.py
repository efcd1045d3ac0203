from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class StandardsConfig(GongkaiAppConfig):
    name = "gongkai.standards"
    label = "standards"
    verbose_name = _("公开标准目录")

    agency_urls = ("standards/", "gongkai.standards.urls")
    staff_urls = ("standards/", "gongkai.standards.staff_urls")
    api_router = ("/", "gongkai.standards.api:router")
    section = Section("standard", "公开标准目录", "standards:index")
    sitemaps = {"standards": "gongkai.standards.sitemaps:StandardsSitemap"}
    demo_loader = "gongkai.standards.demo:load_standards_demo"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.standards.policies import StandardPolicy

        return [Tool("staff:standards_list", "公开标准目录", StandardPolicy.may_view_any),
                Tool("staff:standards_gaps", "标准目录缺项", StandardPolicy.may_view_any)]
