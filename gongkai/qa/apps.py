from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaConfig(AppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = _("智能问答")

    def ready(self) -> None:
        from gongkai.catalogue.publication import register_consumer
        from gongkai.core.workspace import register_tool
        from gongkai.laws.indexing import register_index_step
        from gongkai.laws.signals import laws_imported
        from gongkai.qa import demo, jobs  # noqa: F401  (register the demo loader and jobs)
        from gongkai.qa.embeddings import laws_embed
        from gongkai.qa.indexing import KIND, rebuild_documents
        from gongkai.qa.policies import may_edit_any
        from gongkai.search.registry import register_kind

        register_kind(KIND, "常见问题", rebuild_documents)
        laws_imported.connect(jobs.on_laws_imported, dispatch_uid="qa.laws_imported")
        register_index_step("语义向量", laws_embed)
        register_consumer(jobs.EmbeddingConsumer())
        register_tool("staff:qa_faqs", "常见问题与群众提问", may_edit_any)
