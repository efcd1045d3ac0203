from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class EnforcementConfig(GongkaiAppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    inspection_columns = "gongkai.enforcement.inspection:inspection_columns"
    verbose_name = _("行政执法公示")

    agency_urls = ("enforcement/", "gongkai.enforcement.urls")
    staff_urls = ("enforcement/", "gongkai.enforcement.staff_urls")
    api_router = ("/", "gongkai.enforcement.api:router")
    section = Section("enforcement", "执法公示", "enforcement:index")
    standard_link_kinds = "gongkai.enforcement.standard_links:LINK_KINDS"
    home_block = "gongkai.enforcement.home:home_block"
    sitemaps = {"enforcement": "gongkai.enforcement.sitemaps:EnforcementSitemap"}
    demo_loader = "gongkai.enforcement.demo:load_enforcement_demo"
    jobs = "gongkai.enforcement.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.enforcement.policies import may_view_any

        return [Tool("staff:enforcement_decisions", "行政执法公示", may_view_any)]

    def ready(self) -> None:
        """Two registrations: a deadline owner (publication and withdrawal limits move with
        the calendar) and the annual report's table 二 source."""
        from gongkai.enforcement import figures
        from gongkai.reports.sources import register_figure_source
        from gongkai.workdays.deadlines import register_deadline_owner

        def recalculate(change, clock):
            from gongkai.enforcement.services import recalculate_after_calendar_change

            return recalculate_after_calendar_change(change, clock)

        register_deadline_owner("enforcement", recalculate)
        register_figure_source("enforcement", figures.NOTE, figures.table_2_counts)
