from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class NotificationsConfig(GongkaiAppConfig):
    name = "gongkai.notifications"
    label = "notifications"
    verbose_name = _("通知")

    global_urls = ("accounts/notifications/", "gongkai.notifications.urls")
    jobs = "gongkai.notifications.jobs"
