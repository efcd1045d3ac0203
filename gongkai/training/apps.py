from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class TrainingConfig(GongkaiAppConfig):
    name = "gongkai.training"
    label = "training"
    verbose_name = _("培训")

    staff_urls = ("training/", "gongkai.training.staff_urls")
    demo_loader = "gongkai.training.demo:load_training_demo"

    def workspace_tools(self):
        from gongkai.core.access import any_staff
        from gongkai.core.workspace import Tool
        from gongkai.training.policies import TrainingPolicy

        return [Tool("staff:training_list", "培训管理", TrainingPolicy.may_manage_any),
                Tool("staff:training_my_record", "我的培训记录", any_staff)]

    def ready(self) -> None:
        from gongkai.reports.sources import register_evaluation_source
        from gongkai.training.selectors import evaluation_figures

        register_evaluation_source("training", "培训覆盖率（按处室）", evaluation_figures)
