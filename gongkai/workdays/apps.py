from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        # The demo loader and the recalculation job register themselves on import.
        from gongkai.workdays import demo, jobs  # noqa: F401
