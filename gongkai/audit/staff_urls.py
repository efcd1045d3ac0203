"""The audit trail's staff page, mounted at /staff/audit/."""

from django.urls import path

from gongkai.audit import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
]
