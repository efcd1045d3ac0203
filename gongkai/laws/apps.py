from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "gongkai.laws"
    label = "laws"
    verbose_name = _("法律法规库")

    def ready(self) -> None:
        pass
