from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("智能检索")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.core.policies import is_staff_member
        from gongkai.core.workspace import register_tool
        from gongkai.search import jobs, records  # noqa: F401  (register the job)
        from gongkai.search.models import Synonym, Vocabulary
        from gongkai.search.registry import register_kind
        from gongkai.search.services import can_manage

        register_tool("staff:search", "检索(含未公开信息)", is_staff_member)
        register_tool("staff:search_index", "检索索引与词库", can_manage)
        register_kind(records.KIND, _("政府信息"), records.all_record_documents)
        records.connect()
        for model in (Vocabulary, Synonym):
            post_save.connect(_vocabulary_changed, sender=model,
                              dispatch_uid=f"search.{model.__name__}.s")
            post_delete.connect(_vocabulary_changed, sender=model,
                                dispatch_uid=f"search.{model.__name__}.d")


def _vocabulary_changed(sender, **kwargs) -> None:
    from gongkai.search.text import vocabulary_changed

    vocabulary_changed()
