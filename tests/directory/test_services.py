"""Creating and updating directory entries: validation, refusals, history, audit."""

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.directory import services
from gongkai.directory.models import Entity, EntityChange
from tests.directory.factories import credit_code
from tests.factories import staff

FIRM = {"kind": "law_firm", "name": "上海申江律师事务所", "district": "黄浦区",
        "licence_number": "31310000425097688X", "services": "民事诉讼;公司法务"}


@pytest.mark.django_db
def test_create_records_history_and_audit(agency, editor):
    firm = services.entity_create(actor=editor, agency=agency, data=FIRM)
    assert firm.licence_status == "valid"
    change = EntityChange.objects.get(entity=firm)
    assert change.verb == "created" and change.actor == editor
    assert change.changes["name"] == ["", FIRM["name"]]
    assert AuditEvent.objects.filter(verb="directory.create").count() == 1


@pytest.mark.django_db
def test_update_keeps_old_values(agency, editor):
    firm = services.entity_create(actor=editor, agency=agency, data=FIRM)
    services.entity_update(actor=editor, entity=firm, data={
        "licence_status": "suspended", "phone": "021-1234"})
    latest = firm.changes.first()
    assert latest.verb == "updated"
    assert latest.changes["licence_status"] == ["valid", "suspended"]
    assert latest.changes["phone"] == ["", "021-1234"]
    # An update that changes nothing writes nothing.
    services.entity_update(actor=editor, entity=firm, data={"phone": "021-1234"})
    assert firm.changes.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("overrides,field", [
    ({"licence_number": "123"}, "licence_number"),
    ({"licence_number": "31310000425097688Y"}, "licence_number"),  # bad check character
    ({"credit_code": "91350100M000100Y44"}, "credit_code"),
    ({"name": ""}, "name"),
    ({"kind": "astrologer"}, "kind"),
    ({"email": "not-an-address"}, "email"),
    ({"licence_issued_on": "2024-05-01", "licence_valid_until": "2023-01-01"},
     "licence_valid_until"),
])
def test_invalid_data_is_refused_with_the_field_named(agency, editor, overrides, field):
    with pytest.raises(services.EntityInvalid) as caught:
        services.entity_create(actor=editor, agency=agency, data={**FIRM, **overrides})
    assert field in caught.value.errors
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_duplicate_licence_and_credit_code_are_refused(agency, editor):
    services.entity_create(actor=editor, agency=agency, data={**FIRM, "credit_code": FIRM[
        "licence_number"]})
    with pytest.raises(services.EntityInvalid) as caught:
        services.entity_create(actor=editor, agency=agency, data={**FIRM, "name": "别名"})
    assert "licence_number" in caught.value.errors
    with pytest.raises(services.EntityInvalid) as caught:
        services.entity_create(actor=editor, agency=agency, data={
            **FIRM, "licence_number": credit_code(5), "credit_code": FIRM["licence_number"]})
    assert "credit_code" in caught.value.errors


@pytest.mark.django_db
def test_lawyer_needs_a_firm_of_the_right_kind(agency, editor):
    firm = services.entity_create(actor=editor, agency=agency, data=FIRM)
    lawyer = services.entity_create(actor=editor, agency=agency, data={
        "kind": "lawyer", "name": "张律师", "licence_number": "13101201811234567",
        "parent_licence_number": firm.licence_number})
    assert lawyer.parent == firm
    with pytest.raises(services.EntityInvalid) as caught:
        services.entity_create(actor=editor, agency=agency, data={
            "kind": "lawyer", "name": "李律师", "licence_number": "13101201811234568",
            "parent_licence_number": "99999999999999999"})
    assert "parent_licence_number" in caught.value.errors
    with pytest.raises(services.EntityInvalid):  # a person has no credit code
        services.entity_create(actor=editor, agency=agency, data={
            "kind": "lawyer", "name": "王律师", "licence_number": "13101201811234569",
            "credit_code": credit_code(9)})


@pytest.mark.django_db
def test_kind_cannot_change(agency, editor):
    firm = services.entity_create(actor=editor, agency=agency, data=FIRM)
    with pytest.raises(services.EntityInvalid):
        services.entity_update(actor=editor, entity=firm, data={"kind": "notary_office"})


@pytest.mark.django_db
def test_other_agencies_staff_and_reviewers_may_not_write(agency, other_agency):
    outsider = staff(Role.AGENCY_ADMIN, other_agency, "outsider")
    reviewer = staff(Role.REVIEWER, agency, "rev")
    for actor in (outsider, reviewer):
        with pytest.raises(PermissionDeniedError):
            services.entity_create(actor=actor, agency=agency, data=FIRM)
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_connector_configuration_is_validated_and_audited(agency, agency_admin, editor):
    with pytest.raises(PermissionDeniedError):
        services.connector_configure(actor=editor, agency=agency, system="notary",
                                     base_url="https://gz.example.org/", timeout_seconds=5,
                                     retries=1, enabled=True)
    with pytest.raises(services.EntityInvalid) as caught:
        services.connector_configure(actor=agency_admin, agency=agency, system="notary",
                                     base_url="ftp://x", timeout_seconds=99, retries=9,
                                     enabled=True)
    assert set(caught.value.errors) == {"base_url", "timeout_seconds", "retries"}
    config = services.connector_configure(actor=agency_admin, agency=agency, system="notary",
                                          base_url="https://gz.example.org/api/",
                                          timeout_seconds="2.5", retries=2, enabled=True)
    assert config.enabled and str(config.timeout_seconds) == "2.5"
    assert AuditEvent.objects.filter(verb="directory.connector_configure").count() == 1


@pytest.mark.django_db
def test_licence_and_assessment_dates_for_the_reminders(agency, editor):
    import datetime as dt

    from gongkai.directory import selectors

    soon = services.entity_create(actor=editor, agency=agency, data={
        **FIRM, "licence_valid_until": "2026-12-20", "next_assessment_on": "2026-12-01"})
    services.entity_create(actor=editor, agency=agency, data={
        **FIRM, "name": "后到期所", "licence_number": credit_code(3),
        "licence_valid_until": "2027-06-30"})
    services.entity_create(actor=editor, agency=agency, data={
        **FIRM, "name": "已注销所", "licence_number": credit_code(4),
        "licence_status": "cancelled", "licence_valid_until": "2026-12-01",
        "next_assessment_on": "2026-11-01"})
    day = dt.date(2026, 12, 31)
    assert list(selectors.licences_expiring(agency_id=agency.pk, on_or_before=day)) == [soon]
    assert list(selectors.assessments_due(agency_id=None, on_or_before=day)) == [soon]
