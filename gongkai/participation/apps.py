from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class ParticipationConfig(GongkaiAppConfig):
    name = "gongkai.participation"
    label = "participation"
    inspection_columns = "gongkai.participation.inspection:inspection_columns"
    verbose_name = _("调查征集")

    agency_urls = ("participation/", "gongkai.participation.urls")
    staff_urls = ("participation/", "gongkai.participation.staff_urls")
    api_router = ("/", "gongkai.participation.api:router")
    section = Section("participation", "调查征集", "participation:index")
    home_block = "gongkai.participation.home:home_block"
    sitemaps = {"participation": "gongkai.participation.sitemaps:ParticipationSitemap"}
    demo_loader = "gongkai.participation.demo:load_participation_demo"
    jobs = "gongkai.participation.jobs"

    def ready(self) -> None:
        from gongkai.core.account import register_account_panel
        from gongkai.participation.account import panel

        register_account_panel("participation", panel)

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.participation.policies import ParticipationPolicy

        return [
            Tool("staff:participation_index", "调查征集与开放日", ParticipationPolicy.may_manage_any,
                 tallies=_idea_tallies),
            Tool("staff:participation_checkin", "开放日现场签到", ParticipationPolicy.may_manage_any),
        ]


def _idea_tallies(user):
    from django.urls import reverse

    from gongkai.core.workspace import Tally
    from gongkai.participation.policies import ParticipationPolicy
    from gongkai.participation.selectors import ideas_waiting

    count = ideas_waiting(ParticipationPolicy.agencies_managed(user)).count()
    return [Tally("网络征集：待答复的意见", count, reverse("staff:participation_index"))]
