from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class SelfInspectionConfig(GongkaiAppConfig):
    name = "gongkai.self_inspection"
    label = "self_inspection"
    verbose_name = _("网站自查")

    staff_urls = ("inspection/", "gongkai.self_inspection.staff_urls")
    api_router = ("/", "gongkai.self_inspection.api:router")
    demo_loader = "gongkai.self_inspection.demo:load_self_inspection_demo"
    jobs = "gongkai.self_inspection.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.self_inspection.policies import may_view_any

        return [Tool("staff:self_inspection_index", "网站自查", may_view_any)]
