from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class LawsConfig(GongkaiAppConfig):
    name = "gongkai.laws"
    label = "laws"
    verbose_name = _("法律法规库")

    agency_urls = ("laws/", "gongkai.laws.urls")
    staff_urls = ("laws/", "gongkai.laws.staff_urls")
    home_block = "gongkai.laws.home:home_block"
    api_router = ("/laws", "gongkai.laws.api:router")
    sitemaps = {"laws": "gongkai.laws.sitemaps:LawsIndexSitemap",
                "law-pages": "gongkai.laws.sitemaps:LawSitemap"}
    section = Section("legal", "法律法规库", "laws:index")
    demo_loader = "gongkai.laws.demo:load_laws_demo"
    jobs = "gongkai.laws.jobs"

    def ready(self) -> None:
        from gongkai.laws.indexing import KIND, rebuild_documents
        from gongkai.search.registry import register_kind

        register_kind(KIND, "法律法规", rebuild_documents)
