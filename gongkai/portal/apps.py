from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import GongkaiAppConfig


class PortalConfig(GongkaiAppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        from gongkai.core.registry import gongkai_apps, resolve
        from gongkai.portal import page_cache
        from gongkai.portal.sitemaps import register_sitemap

        page_cache.connect()  # every committed write invalidates the cached pages it may show

        for app in gongkai_apps():  # the apps' declared sitemap.xml sections
            for name, sitemap in app.sitemaps.items():
                register_sitemap(name, resolve(sitemap))
