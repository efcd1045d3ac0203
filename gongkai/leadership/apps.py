from gongkai.core.registry import GongkaiAppConfig


class LeadershipConfig(GongkaiAppConfig):
    name = "gongkai.leadership"
    label = "leadership"
