"""Administration of agencies, departments, people and roles, scoped by policy.

Django's admin is the editing surface (ADR 0004); every save goes through the services
so that it is validated, atomic and audited like any other write.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, ApiToken, Department, Membership, Role, User
from gongkai.core.policies import agency_ids_for, is_platform_admin

# Roles are memberships (agency-scoped), not Django groups: hide groups to avoid two systems.
admin.site.unregister(Group)
admin.site.site_header = "公开 Gongkai 管理"
admin.site.site_title = "公开 Gongkai"
admin.site.index_title = "机构、处室、人员与角色"


def _admin_agency_ids(user) -> list[int] | None:
    return agency_ids_for(user, [Role.AGENCY_ADMIN])


def _is_any_admin(user) -> bool:
    ids = _admin_agency_ids(user)
    return ids is None or bool(ids)


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes inside one transaction with an audit event."""

    def _agency_of(self, obj):
        return getattr(obj, "agency", obj if isinstance(obj, Agency) else None)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            verb = f"{obj._meta.model_name}.{'update' if change else 'create'}"
            audit_record(actor=request.user, verb=verb, obj=obj, agency=self._agency_of(obj),
                         details={"fields": sorted(form.changed_data), "via": "admin"})

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, verb=f"{obj._meta.model_name}.delete", obj=obj,
                         agency=self._agency_of(obj), details={"via": "admin"})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def has_module_permission(self, request):
        return _is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request.user, obj)

    def has_add_permission(self, request):
        return _is_any_admin(request.user)

    def _may(self, user, obj) -> bool:
        ids = _admin_agency_ids(user)
        if ids is None:
            return True
        if obj is None:
            return bool(ids)
        agency = self._agency_of(obj)
        return agency is not None and agency.pk in ids

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = _admin_agency_ids(request.user)
        if ids is None:
            return qs
        field = "pk" if self.model is Agency else "agency_id"
        return qs.filter(**{f"{field}__in": ids})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = _admin_agency_ids(request.user)
        if ids is not None and db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.filter(pk__in=ids)
        if ids is not None and db_field.name == "department":
            kwargs["queryset"] = Department.objects.filter(agency_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ("name", "code", "sort_order", "is_active")


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "organisation_code", "slug", "is_active")
    search_fields = ("name", "short_name", "organisation_code")
    inlines = [DepartmentInline]

    def has_add_permission(self, request):
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # agencies are deactivated, never deleted: their records refer to them


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("name", "agency", "code", "is_active")
    list_filter = ("agency",)
    search_fields = ("name",)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "role", "agency", "department")
    list_filter = ("role", "agency")
    search_fields = ("user__username", "user__display_name")
    autocomplete_fields = ("user",)

    def _may(self, user, obj) -> bool:
        if obj is not None and obj.role == Role.PLATFORM_ADMIN:
            return is_platform_admin(user)
        return super()._may(user, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not is_platform_admin(request.user) and "role" in form.base_fields:
            form.base_fields["role"].choices = [
                c for c in Role.choices if c[0] != Role.PLATFORM_ADMIN
            ]
        return form


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    """People. Agency administrators see the people who hold a role in their agencies."""

    list_display = ("username", "display_name", "email", "is_active", "last_login")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email", "phone")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        ids = _admin_agency_ids(request.user)
        if ids is None:
            return qs
        return qs.filter(memberships__agency_id__in=ids).distinct()

    def has_module_permission(self, request):
        return _is_any_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_any_admin(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or is_platform_admin(obj)):
            return is_platform_admin(request.user)
        return _is_any_admin(request.user)

    def has_add_permission(self, request):
        return _is_any_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # people are deactivated, never deleted: the audit trail names them

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            fields = sorted(f for f in form.changed_data if f not in {"password1", "password2"})
            audit_record(actor=request.user, verb="user.update" if change else "user.create",
                         obj=obj, details={"fields": fields, "via": "admin"})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "user", "created_at", "last_used_at")

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
