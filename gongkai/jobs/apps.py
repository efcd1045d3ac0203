from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class JobsConfig(GongkaiAppConfig):
    name = "gongkai.jobs"
    label = "jobs"
    verbose_name = _("后台任务")

    staff_urls = ("jobs/", "gongkai.jobs.staff_urls")
    jobs = "gongkai.jobs.builtin"

    def ready(self) -> None:
        from gongkai.jobs.registry import load_declared_jobs

        load_declared_jobs()  # every app's ``jobs`` module, so the scheduler knows them all
