from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class ConsultationsConfig(GongkaiAppConfig):
    name = "gongkai.consultations"
    label = "consultations"
    inspection_columns = "gongkai.consultations.inspection:inspection_columns"
    verbose_name = _("决策公开")

    agency_urls = ("consultations/", "gongkai.consultations.urls")
    staff_urls = ("consultations/", "gongkai.consultations.staff_urls")
    api_router = ("/", "gongkai.consultations.api:router")
    section = Section("consultation", "决策公开", "consultations:index")
    home_block = "gongkai.consultations.home:home_block"
    demo_loader = "gongkai.consultations.demo:load_consultations_demo"
    jobs = "gongkai.consultations.jobs"

    def workspace_tools(self):
        from gongkai.consultations.policies import ConsultationPolicy
        from gongkai.core.workspace import Tool

        return [Tool("staff:consultations_list", "决策公开与征求意见", ConsultationPolicy.may_edit_any)]

    def ready(self) -> None:
        from gongkai.consultations import evaluation
        from gongkai.reports.sources import register_evaluation_source

        register_evaluation_source("consultations", "决策公开与征求意见", evaluation.figures)
        from gongkai.consultations import limits
        from gongkai.core import intake
        from gongkai.workdays.deadlines import register_deadline_owner

        # The app's rate-limit groups, beside the kit's own (an operator still overrides
        # them with GONGKAI_RATELIMIT_RATES): added here so core stays untouched.
        for group, rate in limits.RATES.items():
            intake.DEFAULT_RATES.setdefault(group, rate)
        from gongkai.consultations.services import recalculate_after_calendar_change

        register_deadline_owner("consultations", recalculate_after_calendar_change)
        from gongkai.consultations import hot
        from gongkai.opinion.hot import register_inbound_source

        register_inbound_source("consultations", "征求意见", hot.fetch)
        from gongkai.consultations.selectors import followable
        from gongkai.core.events import register_followable

        register_followable("consultation", followable)
        from gongkai.consultations.account import panel
        from gongkai.core.account import register_account_panel

        register_account_panel("consultations", panel)
