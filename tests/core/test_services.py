import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Membership, Role
from gongkai.core.policies import PermissionDeniedError, agency_ids_for, has_role
from gongkai.core.services import (
    agency_create,
    agency_update,
    department_create,
    membership_grant,
    membership_revoke,
    user_create,
)
from tests.factories import DepartmentFactory, UserFactory, staff

AGENCY = {"slug": "newbureau", "name": "测试新机构", "short_name": "新机构",
          "organisation_code": "12310000ABC"}


@pytest.mark.django_db
def test_platform_admin_creates_agency_and_it_is_audited(platform_admin):
    agency = agency_create(actor=platform_admin, **AGENCY)
    event = AuditEvent.objects.get(verb="agency.create")
    assert event.object_id == str(agency.pk) and event.actor_id == platform_admin.pk


@pytest.mark.django_db
def test_agency_admin_cannot_create_agencies(agency_admin):
    with pytest.raises(PermissionDeniedError):
        agency_create(actor=agency_admin, **AGENCY)
    assert not AuditEvent.objects.filter(verb="agency.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("slug", "api"), ("slug", "Bad Slug"), ("organisation_code", "abc"), ("name", "")],
)
def test_invalid_agency_fields_are_refused_and_nothing_written(platform_admin, field, value):
    with pytest.raises(ValidationError):
        agency_create(actor=platform_admin, **{**AGENCY, field: value})
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_agency_admin_updates_own_agency_only(agency_admin, agency, other_agency):
    agency_update(actor=agency_admin, agency=agency, phone="021-12345678")
    event = AuditEvent.objects.get(verb="agency.update")
    assert event.details["changes"]["phone"][1] == "021-12345678"
    with pytest.raises(PermissionDeniedError):
        agency_update(actor=agency_admin, agency=other_agency, phone="x")


@pytest.mark.django_db
def test_update_without_change_writes_no_event(agency_admin, agency):
    agency_update(actor=agency_admin, agency=agency, phone=agency.phone)
    assert not AuditEvent.objects.filter(verb="agency.update").exists()


@pytest.mark.django_db
def test_department_names_unique_per_agency(agency_admin, agency, other_agency):
    department_create(actor=agency_admin, agency=agency, name="办公室")
    with pytest.raises(ValidationError):
        department_create(actor=agency_admin, agency=agency, name="办公室")
    with pytest.raises(PermissionDeniedError):
        department_create(actor=agency_admin, agency=other_agency, name="办公室")


@pytest.mark.django_db
def test_membership_scoping(agency_admin, agency, other_agency):
    person = UserFactory(is_staff=False)
    membership_grant(actor=agency_admin, user=person, role=Role.REVIEWER, agency=agency)
    person.refresh_from_db()
    assert person.is_staff is True
    assert has_role(person, [Role.REVIEWER], agency)
    assert not has_role(person, [Role.REVIEWER], other_agency)
    assert not has_role(person, [Role.EDITOR], agency)
    assert agency_ids_for(person) == [agency.pk]
    with pytest.raises(PermissionDeniedError):
        membership_grant(actor=agency_admin, user=person, role=Role.PLATFORM_ADMIN)
    with pytest.raises(PermissionDeniedError):
        membership_grant(actor=agency_admin, user=person, role=Role.EDITOR, agency=other_agency)


@pytest.mark.django_db
def test_granting_twice_is_idempotent_and_revoke_audited(agency_admin, agency):
    person = UserFactory()
    m1 = membership_grant(actor=agency_admin, user=person, role=Role.EDITOR, agency=agency)
    m2 = membership_grant(actor=agency_admin, user=person, role=Role.EDITOR, agency=agency)
    assert m1.pk == m2.pk
    assert AuditEvent.objects.filter(verb="membership.grant").count() == 1
    membership_revoke(actor=agency_admin, membership=m1)
    assert not Membership.objects.filter(pk=m1.pk).exists()
    assert AuditEvent.objects.filter(verb="membership.revoke").count() == 1


@pytest.mark.django_db
def test_department_must_belong_to_the_agency(agency_admin, agency, other_agency):
    foreign = DepartmentFactory(agency=other_agency)
    with pytest.raises(ValueError):
        membership_grant(actor=agency_admin, user=UserFactory(), role=Role.EDITOR,
                         agency=agency, department=foreign)


@pytest.mark.django_db
def test_database_refuses_platform_admin_with_agency(agency):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.PLATFORM_ADMIN, agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.EDITOR, agency=None)


@pytest.mark.django_db
def test_duplicate_agency_wide_membership_refused_by_database(agency):
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.EDITOR, agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.EDITOR, agency=agency)


@pytest.mark.django_db
@pytest.mark.argon2
def test_user_create_hashes_with_argon2_and_validates_password():
    user = user_create(actor=None, username="newperson", password="a-long-passphrase-1")
    assert user.password.startswith("argon2")
    with pytest.raises(ValidationError):
        user_create(actor=None, username="weak", password="12345678")


@pytest.mark.django_db
def test_inactive_user_holds_no_role(agency):
    person = staff(Role.AGENCY_ADMIN, agency)
    person.is_active = False
    person.save()
    person = type(person).objects.get(pk=person.pk)
    assert not has_role(person, [Role.AGENCY_ADMIN], agency)
