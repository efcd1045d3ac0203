from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class NotificationsConfig(GongkaiAppConfig):
    name = "gongkai.notifications"
    label = "notifications"
    verbose_name = _("通知")

    global_urls = ("accounts/notifications/", "gongkai.notifications.urls")
    jobs = "gongkai.notifications.jobs"

    def ready(self) -> None:
        from gongkai.core.account import register_account_panel
        from gongkai.notifications.account import panel

        register_account_panel("notifications", panel)
