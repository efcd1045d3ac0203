from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    verbose_name = _("政府信息公开目录")

    def ready(self) -> None:
        from gongkai.catalogue import jobs  # noqa: F401  (registers periodic jobs)
        from gongkai.catalogue.sitemaps import CatalogueIndexSitemap, OnRequestSitemap, RecordSitemap
        from gongkai.portal.sections import Section, register_section
        from gongkai.portal.sitemaps import register_sitemap

        register_section(Section("disclosure", "政府信息公开", "catalogue:index"))
        register_sitemap("disclosure", CatalogueIndexSitemap)
        register_sitemap("records", RecordSitemap)
        register_sitemap("on_request", OnRequestSitemap)
        from gongkai.catalogue import demo  # noqa: F401  (registers the demo loader)

        self._register_workspace_tools()

    @staticmethod
    def _register_workspace_tools() -> None:
        from gongkai.catalogue.policies import RecordPolicy, has_any
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for
        from gongkai.core.workspace import register_tool

        register_tool("staff:catalogue_records", "政府信息(起草与发布)",
                      lambda u: has_any(RecordPolicy.agencies_visible(u)))
        register_tool("staff:catalogue_review_queue", "保密审查",
                      lambda u: has_any(RecordPolicy.agencies_reviewable(u)))
        register_tool("staff:catalogue_timeliness", "发布及时性",
                      lambda u: has_any(RecordPolicy.agencies_overseen(u)))
        register_tool("staff:catalogue_attribute_reviews", "公开属性审查",
                      lambda u: has_any(RecordPolicy.agencies_reviewable(u)))
        register_tool("staff:catalogue_campaigns", "历史信息转化",
                      lambda u: has_any(RecordPolicy.agencies_reviewable(u)))
        register_tool("staff:catalogue_import", "批量导入与导出",
                      lambda u: has_any(agency_ids_for(u, [Role.AGENCY_ADMIN])))
