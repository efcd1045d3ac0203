"""The vocabulary and synonyms in Django's admin, for platform administrators only (they
are shared by every agency); saves are audited like every other admin write."""

from __future__ import annotations

from django.contrib import admin

from gongkai.core.admin import AuditedAdmin
from gongkai.search.models import Synonym, Vocabulary
from gongkai.search.services import can_manage


class PlatformAdmin(AuditedAdmin):
    def has_module_permission(self, request):
        return can_manage(request.user)

    def has_add_permission(self, request):
        return can_manage(request.user)

    def _may(self, user, obj) -> bool:
        return can_manage(user)

    def get_queryset(self, request):
        """These rows have no agency to scope by (AuditedAdmin's filter would fail with a
        500): all of them for platform administrators, none for anyone else."""
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if can_manage(request.user) else qs.none()


@admin.register(Vocabulary)
class VocabularyAdmin(PlatformAdmin):
    list_display = ("word", "frequency", "note", "updated_at")
    search_fields = ("word", "note")


@admin.register(Synonym)
class SynonymAdmin(PlatformAdmin):
    list_display = ("terms", "updated_at")
    search_fields = ("terms",)
