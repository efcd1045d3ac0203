from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class TransparencyConfig(GongkaiAppConfig):
    name = "gongkai.transparency"
    label = "transparency"
    verbose_name = _("透明日志")

    global_urls = ("transparency/", "gongkai.transparency.urls")
    staff_urls = ("transparency/", "gongkai.transparency.staff_urls")
    api_router = ("/transparency", "gongkai.transparency.api:router")
    sitemaps = {"verification": "gongkai.transparency.sitemaps:VerificationSitemap"}

    def ready(self) -> None:
        from gongkai.audit.chains import register_chain
        from gongkai.catalogue.publication import register_consumer
        from gongkai.transparency.migrations import _triggers
        from gongkai.transparency.selectors import content_verify, log_verify
        from gongkai.transparency.services import LogConsumer

        register_consumer(LogConsumer())
        register_chain("transparency log", log_verify, drop_triggers=_triggers.drop)
        register_chain("published versions against the log", content_verify)
