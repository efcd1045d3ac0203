from django.urls import path

from gongkai.standards import staff_views as v

urlpatterns = [
    path("", v.item_list, name="standards_list"),
    path("gaps/", v.gaps, name="standards_gaps"),
    path("new/", v.item_new, name="standards_item_new"),
    path("<int:pk>/", v.item_edit, name="standards_item"),
    path("<int:pk>/delete/", v.item_delete, name="standards_item_delete"),
    path("<int:pk>/links/", v.link_add, name="standards_link_add"),
    path("<int:pk>/links/<int:link_pk>/delete/", v.link_remove, name="standards_link_remove"),
    path("import/", v.import_view, name="standards_import"),
    path("export/", v.export_view, name="standards_export"),
]
