from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class QaConfig(GongkaiAppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = _("智能问答")

    agency_urls = ("qa/", "gongkai.qa.urls")
    staff_urls = ("qa/", "gongkai.qa.staff_urls")
    api_router = ("/", "gongkai.qa.api:router")
    demo_loader = "gongkai.qa.demo:load_qa_demo"
    jobs = "gongkai.qa.jobs"

    def ready(self) -> None:
        from gongkai.catalogue.signals import records_imported, version_published
        from gongkai.laws.signals import laws_imported
        from gongkai.qa import jobs
        from gongkai.qa.indexing import KIND, rebuild_documents
        from gongkai.search.registry import register_kind

        register_kind(KIND, "常见问题", rebuild_documents)
        laws_imported.connect(jobs.on_laws_imported, dispatch_uid="qa.laws_imported")
        version_published.connect(jobs.on_version_published, dispatch_uid="qa.version_published")
        records_imported.connect(jobs.on_records_imported, dispatch_uid="qa.records_imported")

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.qa.policies import may_edit_any

        return [Tool("staff:qa_faqs", "常见问题与群众提问", may_edit_any)]
