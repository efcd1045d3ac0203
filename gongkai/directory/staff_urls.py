from django.urls import path

from gongkai.directory import staff_views as v

urlpatterns = [
    path("", v.entity_list, name="directory_list"),
    path("new/", v.entity_new, name="directory_entity_new"),
    path("<int:pk>/", v.entity_edit, name="directory_entity"),
    path("<int:pk>/reminder-consent/", v.reminder_consent, name="directory_reminder_consent"),
    path("licences/", v.licence_list, name="directory_licences"),
    path("import/", v.import_view, name="directory_import"),
    path("export/", v.export_view, name="directory_export"),
    path("connectors/", v.connector_list, name="directory_connectors"),
    path("connectors/<slug:agency>/<slug:system>/", v.connector_edit,
         name="directory_connector"),
    path("connectors/<slug:agency>/<slug:system>/test/", v.connector_test,
         name="directory_connector_test"),
]
