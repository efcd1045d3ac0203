from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "gongkai.signing"
    label = "signing"
    verbose_name = _("防篡改发布与签章")

    def ready(self) -> None:
        from gongkai.catalogue.publication import register_consumer
        from gongkai.core.demo_registry import register_demo_loader
        from gongkai.core.workspace import register_tool
        from gongkai.signing import jobs  # noqa: F401  (registers the PDF job)
        from gongkai.signing.demo import load_demo
        from gongkai.signing.policies import SigningPolicy
        from gongkai.signing.services import PdfConsumer

        register_consumer(PdfConsumer())
        register_demo_loader("signing", load_demo)
        register_tool("staff:signing_certificates", "签名证书", SigningPolicy.can_view_any)
