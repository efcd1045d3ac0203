from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class SubscriptionsConfig(GongkaiAppConfig):
    name = "gongkai.subscriptions"
    label = "subscriptions"
    verbose_name = _("订阅推送")

    global_urls = ("accounts/subscriptions/", "gongkai.subscriptions.account_urls")
    agency_urls = ("subscriptions/", "gongkai.subscriptions.urls")
    staff_urls = ("subscriptions/", "gongkai.subscriptions.staff_urls")
    api_router = ("/", "gongkai.subscriptions.api:router")
    demo_loader = "gongkai.subscriptions.demo:load_subscriptions_demo"
    jobs = "gongkai.subscriptions.jobs"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.subscriptions.policies import may_push_any

        return [Tool("staff:subscriptions_index", "定向推送", may_push_any)]

    def ready(self) -> None:
        from gongkai.catalogue.publication import register_consumer
        from gongkai.core import intake
        from gongkai.subscriptions.consumer import SubscriptionsConsumer

        register_consumer(SubscriptionsConsumer())
        from gongkai.core.events import register_event_sink
        from gongkai.subscriptions.consumer import public_events

        register_event_sink("subscriptions", public_events)
        from gongkai.core.account import register_account_panel
        from gongkai.subscriptions.account import panel

        register_account_panel("subscriptions", panel)
        intake.DEFAULT_RATES.setdefault("subscriptions.subscribe", "10/h")
        intake.DEFAULT_RATES.setdefault("subscriptions.manage", "60/h")
