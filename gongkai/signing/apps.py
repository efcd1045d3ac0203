from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class SigningConfig(GongkaiAppConfig):
    name = "gongkai.signing"
    label = "signing"
    verbose_name = _("防篡改发布与签章")

    global_urls = ("verify/", "gongkai.signing.urls")
    staff_urls = ("signing/", "gongkai.signing.staff_urls")
    api_router = ("/", "gongkai.signing.api:router")
    demo_loader = "gongkai.signing.demo:load_demo"
    jobs = "gongkai.signing.jobs"

    def ready(self) -> None:
        from gongkai.catalogue.publication import register_consumer
        from gongkai.signing.services import PdfConsumer

        register_consumer(PdfConsumer())

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.signing.policies import SigningPolicy

        return [Tool("staff:signing_certificates", "签名证书", SigningPolicy.can_view_any)]
