from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class LeadershipConfig(GongkaiAppConfig):
    name = "gongkai.leadership"
    label = "leadership"
    verbose_name = _("领导小组")

    agency_urls = ("leadership/", "gongkai.leadership.urls")
    staff_urls = ("leadership/", "gongkai.leadership.staff_urls")
    demo_loader = "gongkai.leadership.demo:load_leadership_demo"

    def workspace_tools(self):
        from gongkai.core.workspace import Tool
        from gongkai.leadership.policies import LeadershipPolicy

        return [Tool("staff:leadership_list", "领导小组", LeadershipPolicy.may_manage_any)]
