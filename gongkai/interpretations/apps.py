from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class InterpretationsConfig(GongkaiAppConfig):
    name = "gongkai.interpretations"
    label = "interpretations"
    inspection_columns = "gongkai.interpretations.inspection:inspection_columns"
    inspection_signals = "gongkai.interpretations.inspection:inspection_signals"
    verbose_name = _("政策解读")

    agency_urls = ("interpretations/", "gongkai.interpretations.urls")
    staff_urls = ("interpretations/", "gongkai.interpretations.staff_urls")
    api_router = ("/", "gongkai.interpretations.api:router")
    section = Section("interpretation", "政策解读", "interpretations:index")
    demo_loader = "gongkai.interpretations.demo:load_interpretations_demo"
    jobs = "gongkai.interpretations.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.interpretations.policies import may_view_any

        return [Tool("staff:interpretations_list", "政策解读（三同步）", may_view_any),
                Tool("staff:interpretations_dashboard", "多元化解读占比", may_view_any)]

    def ready(self) -> None:
        from gongkai.interpretations import evaluation
        from gongkai.reports.sources import register_evaluation_source

        register_evaluation_source("interpretations", "政策解读", evaluation.figures)
        from gongkai.catalogue.panels import register_record_panel, register_staff_record_panel
        from gongkai.catalogue.publication import register_consumer, register_publication_guard
        from gongkai.interpretations import services, views

        register_publication_guard("interpretations.synchronised_release", services.sync_guard)
        register_consumer(services.PublishWithPolicy())
        register_record_panel("interpretations", views.record_panel)
        register_staff_record_panel("interpretations", views.staff_record_panel)
