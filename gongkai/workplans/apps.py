from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class WorkplansConfig(GongkaiAppConfig):
    name = "gongkai.workplans"
    label = "workplans"
    verbose_name = _("工作要点")

    agency_urls = ("workplans/", "gongkai.workplans.urls")
    staff_urls = ("workplans/", "gongkai.workplans.staff_urls")
    api_router = ("/", "gongkai.workplans.api:router")
    section = Section("work_plan", "工作要点", "workplans:index")
    sitemaps = {"workplans": "gongkai.workplans.sitemaps:WorkPlanSitemap"}
    demo_loader = "gongkai.workplans.demo:load_workplans_demo"
    jobs = "gongkai.workplans.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.workplans.policies import may_use_any

        return [Tool("staff:workplans_list", "年度工作要点", may_use_any)]

    def ready(self) -> None:
        from gongkai.reports.sources import register_evaluation_source
        from gongkai.workplans import evaluation

        register_evaluation_source("workplans", "年度工作要点", evaluation.figures)
