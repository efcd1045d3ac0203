from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    verbose_name = _("政府信息公开目录")

    def ready(self) -> None:
        from gongkai.catalogue import jobs  # noqa: F401  (registers periodic jobs)
