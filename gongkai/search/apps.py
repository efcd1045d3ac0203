from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class SearchConfig(GongkaiAppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("智能检索")

    agency_urls = ("search/", "gongkai.search.urls")
    staff_urls = ("search/", "gongkai.search.staff_urls")
    api_router = ("/", "gongkai.search.api:router")
    jobs = "gongkai.search.jobs"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.search import records
        from gongkai.search.models import Synonym, Vocabulary
        from gongkai.search.registry import register_kind

        register_kind(records.KIND, _("政府信息"), records.all_record_documents)
        records.connect()
        for model in (Vocabulary, Synonym):
            post_save.connect(_vocabulary_changed, sender=model,
                              dispatch_uid=f"search.{model.__name__}.s")
            post_delete.connect(_vocabulary_changed, sender=model,
                                dispatch_uid=f"search.{model.__name__}.d")

    def workspace_tools(self):
        from gongkai.core.policies import is_staff_member
        from gongkai.core.workspace import Tool
        from gongkai.search.services import can_manage

        return [Tool("staff:search", "检索(含未公开信息)", is_staff_member),
                Tool("staff:search_index", "检索索引与词库", can_manage)]


def _vocabulary_changed(sender, **kwargs) -> None:
    from gongkai.search.text import vocabulary_changed

    vocabulary_changed()
