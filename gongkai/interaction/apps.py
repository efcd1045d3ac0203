from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class InteractionConfig(GongkaiAppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    inspection_columns = "gongkai.interaction.inspection:inspection_columns"
    inspection_signals = "gongkai.interaction.inspection:inspection_signals"
    verbose_name = _("互动交流")

    agency_urls = ("interaction/", "gongkai.interaction.urls")
    staff_urls = ("interaction/", "gongkai.interaction.staff_urls")
    api_router = ("/", "gongkai.interaction.api:router")
    section = Section("interaction", "互动交流", "interaction:index")
    home_block = "gongkai.interaction.home:home_block"
    sitemaps = {"interaction": "gongkai.interaction.sitemaps:InteractionSitemap"}
    demo_loader = "gongkai.interaction.demo:load_interaction_demo"
    jobs = "gongkai.interaction.jobs"

    def ready(self) -> None:
        from gongkai.interaction import evaluation
        from gongkai.reports.sources import register_evaluation_source

        register_evaluation_source("interaction", "互动交流（信箱与热线）", evaluation.figures)
        from gongkai.interaction.limits import recalculate_after_calendar_change
        from gongkai.workdays.deadlines import register_deadline_owner

        register_deadline_owner("interaction", recalculate_after_calendar_change)
        from gongkai.core import intake

        # The mailbox's rate-limit groups beside the kit's own (GONGKAI_RATELIMIT_RATES, the
        # operator's, still wins): the public form and the status page.
        intake.DEFAULT_RATES.setdefault("interaction.submit", "20/h")
        intake.DEFAULT_RATES.setdefault("interaction.status", "60/h")
        from gongkai.interaction import hot
        from gongkai.opinion.hot import register_inbound_source

        register_inbound_source("interaction", "领导信箱与热线工单", hot.fetch)
        from gongkai.core.account import register_account_panel
        from gongkai.interaction.account import panel

        register_account_panel("interaction", panel)

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.interaction.policies import InteractionPolicy

        return [
            Tool("staff:interaction_inbox", "互动交流收件箱", InteractionPolicy.may_handle_any,
                 tallies=_inbox_tallies),
            Tool("staff:interaction_figures", "互动交流统计", InteractionPolicy.may_handle_any),
        ]


# The workspace's "today": the mailbox and hotline queues that need someone, overdue first.
_TALLY_QUEUES = (("overdue", True), ("due_soon", False), ("review", False), ("new", False),
                 ("mine", False))


def _inbox_tallies(user):
    from django.urls import reverse

    from gongkai.core.workspace import Tally
    from gongkai.interaction.selectors import QUEUES, queue_counts

    labels = dict(QUEUES)
    counts = queue_counts(user)
    url = reverse("staff:interaction_inbox")
    return [Tally(f"互动交流：{labels[key]}", counts.get(key) or 0, f"{url}?queue={key}", urgent)
            for key, urgent in _TALLY_QUEUES]
