"""Staff pages of signing, mounted under /staff/signing/ in the ``staff`` namespace."""

from django.urls import path

from gongkai.signing import staff_views

urlpatterns = [
    path("", staff_views.certificates, name="signing_certificates"),
    path("rotate/", staff_views.certificate_rotate, name="signing_certificate_rotate"),
    path("import/", staff_views.certificate_import, name="signing_certificate_import"),
]
