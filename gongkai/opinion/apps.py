from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class OpinionConfig(GongkaiAppConfig):
    name = "gongkai.opinion"
    label = "opinion"
    verbose_name = _("舆情回应")

    agency_urls = ("opinion/", "gongkai.opinion.urls")
    staff_urls = ("opinion/", "gongkai.opinion.staff_urls")
    api_router = ("/", "gongkai.opinion.api:router")
    demo_loader = "gongkai.opinion.demo:load_opinion_demo"
    jobs = "gongkai.opinion.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.opinion.policies import may_handle_any, may_manage_feeds_any

        return [Tool("staff:opinion_list", "舆情回应", may_handle_any),
                Tool("staff:opinion_hot", "热点发现", may_handle_any),
                Tool("staff:opinion_feeds", "舆情监测订阅源", may_manage_feeds_any)]

    def ready(self) -> None:
        from gongkai.opinion.hot import own_items, register_inbound_source

        register_inbound_source("opinion", "监测订阅源与人工记录", own_items)
