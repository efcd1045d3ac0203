from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class ProposalsConfig(GongkaiAppConfig):
    name = "gongkai.proposals"
    label = "proposals"
    inspection_columns = "gongkai.proposals.inspection:inspection_columns"
    verbose_name = _("建议提案")

    agency_urls = ("proposals/", "gongkai.proposals.urls")
    staff_urls = ("proposals/", "gongkai.proposals.staff_urls")
    api_router = ("/", "gongkai.proposals.api:router")
    section = Section("proposal", "建议提案", "proposals:index")
    home_block = "gongkai.proposals.home:home_block"
    sitemaps = {"proposals": "gongkai.proposals.sitemaps:ProposalSitemap"}
    demo_loader = "gongkai.proposals.demo:load_proposals_demo"
    jobs = "gongkai.proposals.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.proposals.policies import may_handle_any

        return [Tool("staff:proposals_list", "建议提案办理", may_handle_any)]

    def ready(self) -> None:
        from gongkai.proposals import evaluation
        from gongkai.reports.sources import register_evaluation_source

        register_evaluation_source("proposals", "建议提案办理", evaluation.figures)
        from gongkai.proposals.services import recalculate_after_calendar_change
        from gongkai.workdays.deadlines import register_deadline_owner

        register_deadline_owner("proposals", recalculate_after_calendar_change)
