from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "gongkai.transparency"
    label = "transparency"
    verbose_name = _("透明日志")

    def ready(self) -> None:
        pass
