from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "gongkai.laws"
    label = "laws"
    verbose_name = _("法律法规库")

    def ready(self) -> None:
        from gongkai.laws import demo, jobs  # noqa: F401  (register the demo loader and jobs)
        from gongkai.laws.indexing import KIND, rebuild_documents
        from gongkai.portal.sections import Section, register_section
        from gongkai.search.registry import register_kind

        register_section(Section("legal", "法律服务", "laws:index"))
        register_kind(KIND, "法律法规", rebuild_documents)
