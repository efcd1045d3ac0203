"""Staff pages under /staff/interaction/ (names join the ``staff`` namespace)."""

from django.urls import path

from gongkai.interaction import staff_views as v

urlpatterns = [
    path("", v.inbox, name="interaction_inbox"),
    path("bulk-route/", v.bulk_route, name="interaction_bulk_route"),
    path("<int:pk>/", v.message_detail, name="interaction_message"),
    path("<int:pk>/act/", v.message_act, name="interaction_act"),
    path("<int:pk>/attachment/", v.attachment, name="interaction_attachment"),
    path("templates/", v.templates, name="interaction_templates"),
    path("templates/<int:pk>/delete/", v.template_delete, name="interaction_template_delete"),
    path("limits/", v.limits_page, name="interaction_limits"),
    path("figures/", v.figures, name="interaction_figures"),
    path("hotline/", v.hotline_import, name="interaction_hotline_import"),
    path("hotline/replies/", v.hotline_replies, name="interaction_hotline_replies"),
]
