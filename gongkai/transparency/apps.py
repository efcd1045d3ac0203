from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class TransparencyConfig(GongkaiAppConfig):
    name = "gongkai.transparency"
    label = "transparency"
    verbose_name = _("透明日志")

    global_urls = ("transparency/", "gongkai.transparency.urls")
    staff_urls = ("transparency/", "gongkai.transparency.staff_urls")
    api_router = ("/transparency", "gongkai.transparency.api:router")

    def ready(self) -> None:
        from gongkai.audit.chains import register_chain
        from gongkai.catalogue.signals import record_withdrawn, version_published
        from gongkai.transparency.migrations import _triggers
        from gongkai.transparency.selectors import content_verify, log_verify
        from gongkai.transparency.services import on_record_withdrawn, on_version_published

        version_published.connect(on_version_published, dispatch_uid="transparency.publish")
        record_withdrawn.connect(on_record_withdrawn, dispatch_uid="transparency.withdraw")
        register_chain("transparency log", log_verify, drop_triggers=_triggers.drop)
        register_chain("published versions against the log", content_verify)
