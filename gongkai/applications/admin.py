"""Admin for letter templates and read-only views of applications, scoped by agency.

Applications change only through the services (clock, events, audit): the admin shows
them read-only; letter templates are saved through ``letter_template_save``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from gongkai.applications.models import Application, LetterTemplate
from gongkai.applications.policies import ApplicationPolicy


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("case_number", "agency", "status", "received_on", "due_on", "reply_type")
    list_filter = ("status", "channel", "reply_type")
    search_fields = ("case_number",)
    readonly_fields = [f.name for f in Application._meta.fields]
    exclude = ("access_code_hash", "applicant_key", "submission_fingerprint")

    def get_queryset(self, request: Any) -> Any:
        ids = ApplicationPolicy.agencies_visible(request.user)
        qs = super().get_queryset(request)
        return qs if ids is None else qs.filter(agency_id__in=ids)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        ids = ApplicationPolicy.agencies_visible(request.user)
        if obj is None:
            return ids is None or bool(ids)
        return ids is None or obj.agency_id in ids

    def has_module_permission(self, request: Any) -> bool:
        return self.has_view_permission(request)


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "reply_type", "agency", "title", "updated_at")
    list_filter = ("kind", "agency")
    fields = ("agency", "kind", "reply_type", "title", "body")

    def get_queryset(self, request: Any) -> Any:
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for

        ids = agency_ids_for(request.user, [Role.AGENCY_ADMIN])
        qs = super().get_queryset(request)
        return qs if ids is None else qs.filter(agency_id__in=ids)

    def has_module_permission(self, request: Any) -> bool:
        from gongkai.core.models import Role
        from gongkai.core.policies import agency_ids_for

        ids = agency_ids_for(request.user, [Role.AGENCY_ADMIN])
        return ids is None or bool(ids)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and obj.agency_id is None:
            from gongkai.core.policies import is_platform_admin

            return is_platform_admin(request.user)
        return self.has_module_permission(request)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        from gongkai.applications.services import letter_template_save

        saved = letter_template_save(actor=request.user, agency=obj.agency, kind=obj.kind,
                                     reply_type=obj.reply_type, title=obj.title, body=obj.body)
        obj.pk = saved.pk
