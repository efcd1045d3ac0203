"""All staff pages under /staff/, gathered from the apps' ``staff_urls`` declarations
(gongkai/core/registry.py): one ``staff`` namespace, so names read ``staff:audit_list``."""

from django.urls import include, path

from gongkai.core.registry import gongkai_apps

app_name = "staff"

urlpatterns = [path(app.staff_urls[0], include(app.staff_urls[1]))
               for app in gongkai_apps() if app.staff_urls]
