from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class CatalogueConfig(GongkaiAppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"
    inspection_columns = "gongkai.catalogue.inspection:inspection_columns"
    inspection_page_editors = "gongkai.catalogue.inspection:page_editors"
    inspection_signals = "gongkai.catalogue.inspection:inspection_signals"
    verbose_name = _("政府信息公开目录")

    agency_urls = ("disclosure/", "gongkai.catalogue.urls")
    staff_urls = ("catalogue/", "gongkai.catalogue.staff_urls")
    home_block = "gongkai.catalogue.home:home_blocks"
    api_router = ("/", "gongkai.catalogue.api:router")
    section = Section("disclosure", "政府信息公开", "catalogue:index")
    sitemaps = {
        "disclosure": "gongkai.catalogue.sitemaps:CatalogueIndexSitemap",
        "records": "gongkai.catalogue.sitemaps:RecordSitemap",
        "on_request": "gongkai.catalogue.sitemaps:OnRequestSitemap",
    }
    demo_loader = "gongkai.catalogue.demo:load_catalogue_demo"
    jobs = "gongkai.catalogue.jobs"

    def workspace_tools(self):
        from gongkai.catalogue.policies import RecordPolicy, has_any
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for
        from gongkai.core.workspace import Tool

        return [
            Tool("staff:catalogue_records", "政府信息(起草与发布)",
                 lambda u: has_any(RecordPolicy.agencies_visible(u))),
            Tool("staff:catalogue_review_queue", "保密审查",
                 lambda u: has_any(RecordPolicy.agencies_reviewable(u)),
                 tallies=_review_tallies),
            Tool("staff:catalogue_timeliness", "发布及时性",
                 lambda u: has_any(RecordPolicy.agencies_overseen(u))),
            Tool("staff:catalogue_attribute_reviews", "公开属性审查",
                 lambda u: has_any(RecordPolicy.agencies_reviewable(u))),
            Tool("staff:catalogue_campaigns", "历史信息转化",
                 lambda u: has_any(RecordPolicy.agencies_reviewable(u))),
            Tool("staff:catalogue_import", "批量导入与导出",
                 lambda u: has_any(agency_ids_for(u, [Role.AGENCY_ADMIN]))),
        ]


def _review_tallies(user):
    from django.urls import reverse

    from gongkai.catalogue.policies import RecordPolicy
    from gongkai.catalogue.selectors import review_queue
    from gongkai.core.workspace import Tally

    count = review_queue(agency_ids=RecordPolicy.agencies_reviewable(user)).count()
    return [Tally("政府信息：待保密审查", count, reverse("staff:catalogue_review_queue"))]
