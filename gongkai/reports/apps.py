from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class ReportsConfig(GongkaiAppConfig):
    name = "gongkai.reports"
    label = "reports"
    inspection_columns = "gongkai.reports.inspection:inspection_columns"
    inspection_signals = "gongkai.reports.inspection:inspection_signals"
    verbose_name = _("年度报告与考核评价")

    agency_urls = ("reports/", "gongkai.reports.urls")
    staff_urls = ("reports/", "gongkai.reports.staff_urls")
    home_block = "gongkai.reports.home:home_block"
    api_router = ("/reports", "gongkai.reports.api:router")
    sitemaps = {"reports": "gongkai.reports.sitemaps:ReportIndexSitemap",
                "annual-reports": "gongkai.reports.sitemaps:ReportSitemap"}
    demo_loader = "gongkai.reports.demo:load_reports_demo"
    jobs = "gongkai.reports.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.reports.policies import may_evaluate_any, may_view_any

        return [Tool("staff:reports_index", "政府信息公开工作年度报告", may_view_any),
                Tool("staff:reports_dashboard", "考核评价", may_evaluate_any)]
