"""The administrator's certificate page: list, rotate, import; others are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.signing.models import SigningCertificate
from tests.signing.pki import make_p12

pytestmark = pytest.mark.django_db


def test_admin_rotates_and_imports(client, agency, agency_admin):
    client.force_login(agency_admin)
    assert client.get("/staff/signing/").status_code == 200
    client.post("/staff/signing/rotate/", {"agency": agency.pk})
    client.post("/staff/signing/rotate/", {"agency": agency.pk})
    assert SigningCertificate.objects.filter(agency=agency).count() == 2
    assert SigningCertificate.objects.filter(agency=agency, is_current=True).count() == 1
    data, _ = make_p12("某电子认证服务机构", "上海市司法局", b"pw")
    response = client.post("/staff/signing/import/", {
        "agency": agency.pk, "password": "pw", "p12": SimpleUploadedFile("a.p12", data)})
    assert response.status_code == 302
    current = SigningCertificate.objects.get(agency=agency, is_current=True)
    assert current.source == "pkcs12"
    assert AuditEvent.objects.filter(verb="signing.certificate_import", actor=agency_admin).exists()
    page = client.get("/staff/signing/").content.decode()
    assert current.fingerprint in page
    bad = client.post("/staff/signing/import/", {
        "agency": agency.pk, "password": "wrong", "p12": SimpleUploadedFile("a.p12", data)},
        follow=True)
    assert "密码错误" in bad.content.decode()


def test_editor_and_other_agency_admin_are_refused(client, agency, other_agency, editor):
    client.force_login(editor)
    assert client.get("/staff/signing/").status_code == 403
    from gongkai.core.models import Role
    from tests.factories import staff

    other_admin = staff(Role.AGENCY_ADMIN, other_agency, "otheradmin")
    client.force_login(other_admin)
    assert client.post("/staff/signing/rotate/", {"agency": agency.pk}).status_code == 403
    assert not SigningCertificate.objects.filter(agency=agency).exists()
