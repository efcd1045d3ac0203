from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class QaConfig(GongkaiAppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = _("智能问答")

    agency_urls = ("qa/", "gongkai.qa.urls")
    staff_urls = ("qa/", "gongkai.qa.staff_urls")
    home_block = "gongkai.qa.home:home_block"
    api_router = ("/", "gongkai.qa.api:router")
    sitemaps = {"qa": "gongkai.qa.sitemaps:QaPagesSitemap", "faqs": "gongkai.qa.sitemaps:FaqSitemap"}
    demo_loader = "gongkai.qa.demo:load_qa_demo"
    jobs = "gongkai.qa.jobs"

    def ready(self) -> None:
        from gongkai.catalogue.publication import register_consumer
        from gongkai.laws.indexing import register_index_step
        from gongkai.laws.signals import laws_imported
        from gongkai.qa import jobs
        from gongkai.qa.embeddings import laws_embed
        from gongkai.qa.indexing import KIND, rebuild_documents
        from gongkai.search.registry import register_kind

        register_kind(KIND, "常见问题", rebuild_documents)
        laws_imported.connect(jobs.on_laws_imported, dispatch_uid="qa.laws_imported")
        from gongkai.qa.routing import forget_index

        laws_imported.connect(forget_index, dispatch_uid="qa.routing_forget")
        register_index_step("语义向量", laws_embed)
        register_consumer(jobs.EmbeddingConsumer())

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.qa.policies import may_edit_any

        return [Tool("staff:qa_faqs", "常见问题与群众提问", may_edit_any, tallies=_question_tallies)]


def _question_tallies(user):
    from django.urls import reverse

    from gongkai.core.workspace import Tally
    from gongkai.qa.policies import FaqPolicy
    from gongkai.qa.selectors import question_queue

    count = question_queue(FaqPolicy.agencies_editable(user)).count()
    return [Tally("智能问答：待答复的群众提问", count, reverse("staff:qa_questions"))]
