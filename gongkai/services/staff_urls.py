"""Staff pages under /staff/services/ (names join the ``staff`` namespace)."""

from django.urls import path

from gongkai.services import staff_views as v

urlpatterns = [
    path("", v.index, name="services_index"),
    path("powers/new/", v.power_new, name="services_power_new"),
    path("powers/<int:pk>/", v.power_edit, name="services_power"),
    path("powers/<int:pk>/remove/", v.power_remove, name="services_power_remove"),
    path("powers/import/", v.powers_import, name="services_powers_import"),
    path("powers/export/", v.powers_export, name="services_powers_export"),
    path("items/new/", v.item_new, name="services_item_new"),
    path("items/<int:pk>/redraft/", v.guide_redraft, name="services_guide_redraft"),
    path("guides/<int:pk>/", v.guide_edit, name="services_guide"),
    path("guides/<int:pk>/materials/", v.material_add, name="services_material_add"),
    path("guides/<int:pk>/submit/", v.guide_submit, name="services_guide_submit"),
    path("guides/<int:pk>/approve/", v.guide_approve, name="services_guide_approve"),
    path("guides/<int:pk>/return/", v.guide_return, name="services_guide_return"),
    path("materials/<int:pk>/files/", v.material_attach, name="services_material_attach"),
    path("files/<int:pk>/", v.material_file, name="services_file"),
    path("scenarios/", v.scenarios, name="services_scenarios"),
]
