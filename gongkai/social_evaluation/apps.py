from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class SocialEvaluationConfig(GongkaiAppConfig):
    name = "gongkai.social_evaluation"
    label = "social_evaluation"
    verbose_name = _("社会评议")

    agency_urls = ("evaluation/", "gongkai.social_evaluation.urls")
    # The evaluator's own pages sit with the other personal pages under /accounts/.
    global_urls = ("accounts/evaluation/", "gongkai.social_evaluation.evaluator_urls")
    staff_urls = ("evaluation/", "gongkai.social_evaluation.staff_urls")
    demo_loader = "gongkai.social_evaluation.demo:load_social_evaluation_demo"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.social_evaluation.policies import SocialEvaluationPolicy

        return [Tool("staff:social_evaluation_list", "社会评议",
                     SocialEvaluationPolicy.may_manage_any)]

    def ready(self) -> None:
        from gongkai.reports.sources import register_evaluation_source
        from gongkai.social_evaluation.selectors import evaluation_figures

        register_evaluation_source("social_evaluation", "社会评议（各处室得分，满分100）",
                                   evaluation_figures)
