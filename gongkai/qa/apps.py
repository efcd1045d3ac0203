from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaConfig(AppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = _("智能问答")

    def ready(self) -> None:
        pass
