from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class ApplicationsConfig(GongkaiAppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    agency_urls = ("applications/", "gongkai.applications.urls")
    staff_urls = ("applications/", "gongkai.applications.staff_urls")
    home_block = "gongkai.applications.home:home_block"
    api_router = ("/", "gongkai.applications.api:router")
    section = Section("application", "依申请公开", "applications:index")
    sitemaps = {"applications": "gongkai.applications.sitemaps:ApplicationPagesSitemap"}
    demo_loader = "gongkai.applications.demo:load_applications_demo"
    jobs = "gongkai.applications.jobs"

    def ready(self) -> None:
        from gongkai.applications import signals

        signals.connect()
        from gongkai.applications.account import panel
        from gongkai.core.account import register_account_panel

        register_account_panel("applications", panel)

    def workspace_tools(self):
        """The staff workspace tools (WEB half)."""
        from gongkai.applications.policies import ApplicationPolicy, has_any
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for
        from gongkai.core.workspace import Tool

        return [
            Tool("staff:applications_queue", "依申请公开办理",
                 lambda u: has_any(ApplicationPolicy.agencies_visible(u)),
                 tallies=_queue_tallies),
            Tool("staff:applications_register", "登记来信来访申请",
                 lambda u: has_any(ApplicationPolicy.agencies_visible(u))),
            Tool("staff:applications_proposals", "转主动公开建议",
                 lambda u: has_any(ApplicationPolicy.agencies_convertible(u))),
            Tool("staff:applications_templates", "依申请公开文书模板",
                 lambda u: has_any(agency_ids_for(u, [Role.AGENCY_ADMIN]))),
        ]


# The officer's "today": the queues that need someone, overdue first.
_TALLY_QUEUES = (("overdue", True), ("due_soon", False), ("awaiting_reply_review", False),
                 ("new", False), ("mine", False))


def _queue_tallies(user):
    from django.urls import reverse

    from gongkai.applications import selectors
    from gongkai.core.workspace import Tally

    counts = selectors.queue_counts(user)
    url = reverse("staff:applications_queue")
    return [Tally(f"依申请公开：{selectors.QUEUE_LABELS[name]}", counts.get(name, 0),
                  f"{url}?queue={name}", urgent) for name, urgent in _TALLY_QUEUES]
