from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.applications import demo, jobs, signals  # noqa: F401  (register)

        signals.connect()
        self._register_pages()

    @staticmethod
    def _register_pages() -> None:
        """The portal's 依申请公开 section and the staff workspace tools (WEB half)."""
        from gongkai.applications.policies import ApplicationPolicy, has_any
        from gongkai.applications.sitemaps import ApplicationPagesSitemap
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for
        from gongkai.core.workspace import register_tool
        from gongkai.portal.sections import Section, register_section
        from gongkai.portal.sitemaps import register_sitemap

        register_section(Section("application", "依申请公开", "applications:index"))
        register_sitemap("applications", ApplicationPagesSitemap)
        register_tool("staff:applications_queue", "依申请公开办理",
                      lambda u: has_any(ApplicationPolicy.agencies_visible(u)))
        register_tool("staff:applications_register", "登记来信来访申请",
                      lambda u: has_any(ApplicationPolicy.agencies_visible(u)))
        register_tool("staff:applications_proposals", "转主动公开建议",
                      lambda u: has_any(ApplicationPolicy.agencies_convertible(u)))
        register_tool("staff:applications_templates", "依申请公开文书模板",
                      lambda u: has_any(agency_ids_for(u, [Role.AGENCY_ADMIN])))
