from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "gongkai.signing"
    label = "signing"
    verbose_name = _("防篡改发布与签章")

    def ready(self) -> None:
        pass
