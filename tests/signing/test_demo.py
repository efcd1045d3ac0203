"""The demo loader gives every active agency a demo-CA certificate, once."""

import pytest

from gongkai.signing.demo import load_demo
from gongkai.signing.models import SigningCertificate

pytestmark = pytest.mark.django_db


def test_demo_issues_one_certificate_per_agency_idempotently(agency, other_agency):
    assert load_demo()["certificates"] == 2
    assert load_demo()["certificates"] == 0
    assert SigningCertificate.objects.filter(is_current=True).count() == 2
    assert all("Gongkai Demo CA" in c.issuer for c in SigningCertificate.objects.all())
