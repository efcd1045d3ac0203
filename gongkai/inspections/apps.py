from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class InspectionsConfig(GongkaiAppConfig):
    """No portal section of its own: the enforcement section (执法公示) links here."""

    name = "gongkai.inspections"
    label = "inspections"
    inspection_columns = "gongkai.inspections.inspection:inspection_columns"
    verbose_name = _("双随机、一公开")

    agency_urls = ("inspections/", "gongkai.inspections.urls")
    staff_urls = ("inspections/", "gongkai.inspections.staff_urls")
    api_router = ("/", "gongkai.inspections.api:router")
    demo_loader = "gongkai.inspections.demo:load_inspections_demo"
    jobs = "gongkai.inspections.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.inspections.policies import may_view_any

        return [Tool("staff:inspections_plans", "双随机、一公开", may_view_any)]

    def ready(self) -> None:
        from gongkai.workdays.deadlines import register_deadline_owner

        def recalculate(change, clock):
            from gongkai.inspections.services import recalculate_after_calendar_change

            return recalculate_after_calendar_change(change, clock)

        register_deadline_owner("inspections", recalculate)
