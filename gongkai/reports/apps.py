from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("年度报告与考核评价")

    def ready(self) -> None:
        from gongkai.reports import demo, jobs  # noqa: F401  (register the demo loader and jobs)

        self._register_workspace_tools()

    @staticmethod
    def _register_workspace_tools() -> None:
        from gongkai.core.workspace import register_tool
        from gongkai.reports.policies import may_evaluate_any, may_view_any

        register_tool("staff:reports_index", "政府信息公开工作年度报告",
                      may_view_any)
        register_tool("staff:reports_dashboard", "考核评价",
                      may_evaluate_any)
