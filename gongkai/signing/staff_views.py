"""Staff page: each agency's signing certificates, what each signed, rotation and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.core.access import staff_view
from gongkai.core.models import Agency
from gongkai.signing import selectors, services
from gongkai.signing.keys import KeyStoreError
from gongkai.signing.models import SignedDocument
from gongkai.signing.policies import SigningPolicy

MAX_P12_BYTES = 64 * 1024


def _agencies(user):
    ids = SigningPolicy.agencies_managed(user)
    qs = Agency.objects.filter(is_active=True).order_by("sort_order", "pk")
    return qs if ids is None else qs.filter(pk__in=ids)


@staff_view(SigningPolicy.can_view_any)
@require_safe
def certificates(request):
    ids = SigningPolicy.agencies_managed(request.user)
    recent = SignedDocument.objects.select_related("certificate", "agency").order_by("-signed_at")
    if ids is not None:
        recent = recent.filter(agency_id__in=ids)
    return render(request, "signing/staff/certificates.html", {
        "certificates": selectors.certificates_for(ids), "agencies": _agencies(request.user),
        "recent": recent[:30],
    })


def _agency_for(request) -> Agency:
    agency = get_object_or_404(Agency, pk=request.POST.get("agency") or 0)
    if not SigningPolicy.can_manage(request.user, agency):
        raise PermissionDenied
    return agency


@staff_view(SigningPolicy.can_view_any)
@require_POST
def certificate_rotate(request):
    agency = _agency_for(request)
    cert = services.certificate_generate(agency=agency, actor=request.user)
    messages.success(request, _("已为%(agency)s签发新证书 %(fp)s，旧证书已停用。") % {
        "agency": agency.name, "fp": cert.fingerprint[:16]})
    return redirect("staff:signing_certificates")


@staff_view(SigningPolicy.can_view_any)
@require_POST
def certificate_import(request):
    agency = _agency_for(request)
    upload = request.FILES.get("p12")
    if upload is None or upload.size > MAX_P12_BYTES:
        messages.error(request, _("请选择不超过 64 KB 的 PKCS#12(.p12/.pfx)文件。"))
        return redirect("staff:signing_certificates")
    password = request.POST.get("password", "").encode() or None
    try:
        cert = services.certificate_import_p12(agency=agency, actor=request.user,
                                               data=upload.read(), password=password)
    except KeyStoreError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已导入证书 %(fp)s。") % {"fp": cert.fingerprint[:16]})
    return redirect("staff:signing_certificates")
