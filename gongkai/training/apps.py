from gongkai.core.registry import GongkaiAppConfig


class TrainingConfig(GongkaiAppConfig):
    name = "gongkai.training"
    label = "training"
