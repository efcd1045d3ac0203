from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class WorkdaysConfig(GongkaiAppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    staff_urls = ("calendar/", "gongkai.workdays.staff_urls")
    api_router = ("/workdays", "gongkai.workdays.api:router")
    demo_loader = "gongkai.workdays.demo:load_calendar_demo"
    demo_name = "calendar"
    jobs = "gongkai.workdays.jobs"
