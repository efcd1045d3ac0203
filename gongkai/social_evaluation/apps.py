from gongkai.core.registry import GongkaiAppConfig


class SocialEvaluationConfig(GongkaiAppConfig):
    name = "gongkai.social_evaluation"
    label = "social_evaluation"
