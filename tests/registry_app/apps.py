from gongkai.core.registry import GongkaiAppConfig
from gongkai.portal.sections import Section


class RegistryAppConfig(GongkaiAppConfig):
    name = "tests.registry_app"
    label = "registry_app"

    agency_urls = ("stand-in/", "tests.registry_app.urls")
    global_urls = ("verify-stand-in/", "tests.registry_app.global_urls")
    staff_urls = ("stand-in/", "tests.registry_app.staff_urls")
    api_router = ("/stand-in", "tests.registry_app.api:router")
    section = Section("consultation", "征求意见", "stand_in:index")
    sitemaps = {"stand-in": "tests.registry_app.api:StandInSitemap"}
    demo_loader = "tests.registry_app.api:load_demo"
    jobs = "tests.registry_app.api"

    def workspace_tools(self):
        from gongkai.core.policies import is_staff_member
        from gongkai.core.workspace import Tool

        return [Tool("staff:stand_in", "替身工具", is_staff_member)]
