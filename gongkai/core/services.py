"""Writes for agencies, departments, people, roles and API tokens.

Each function checks permission, changes data in one transaction, and records an audit
event in that same transaction (STYLE.md: one atomic action per state change).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.models import Agency, ApiToken, Department, Membership, Role, User
from gongkai.core.policies import (
    NON_STAFF_ROLES,
    AgencyPolicy,
    DepartmentPolicy,
    MembershipPolicy,
    PermissionDeniedError,
)

AGENCY_FIELDS = (
    "slug", "name", "short_name", "organisation_code", "address", "postcode", "phone", "email",
    "office_hours", "description", "site_sponsor", "site_code", "icp_number", "police_number",
    "is_active", "sort_order", "lists_on_request_entries",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError


def agency_create(*, actor: Any, **fields: Any) -> Agency:
    _require(actor is None or AgencyPolicy.can_create(actor))
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    with transaction.atomic():
        agency = Agency(**fields)
        agency.full_clean()
        agency.save()
        audit_record(actor=actor, verb="agency.create", obj=agency, agency=agency,
                     details={k: str(v) for k, v in fields.items()})
    return agency


def agency_update(*, actor: Any, agency: Agency, **fields: Any) -> Agency:
    _require(actor is None or AgencyPolicy.can_change(actor, agency))
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        changes = {}
        for name, value in fields.items():
            old = getattr(agency, name)
            if old != value:
                changes[name] = [str(old), str(value)]
                setattr(agency, name, value)
        if not changes:
            return agency
        agency.full_clean()
        agency.save()
        audit_record(actor=actor, verb="agency.update", obj=agency, agency=agency,
                     details={"changes": changes})
    return agency


def department_create(*, actor: Any, agency: Agency, name: str, code: str = "",
                      duties: str = "", sort_order: int = 0) -> Department:
    _require(actor is None or DepartmentPolicy.can_change(actor, None, agency))
    with transaction.atomic():
        department = Department(agency=agency, name=name, code=code, duties=duties,
                                sort_order=sort_order)
        department.full_clean()
        department.save()
        audit_record(actor=actor, verb="department.create", obj=department, agency=agency,
                     details={"name": name, "code": code})
    return department


def user_create(*, actor: Any, username: str, password: str | None, display_name: str = "",
                email: str = "", is_staff: bool = True) -> User:
    """Create a person. ``password=None`` leaves an unusable password (invite later)."""
    with transaction.atomic():
        user = User(username=username, display_name=display_name, email=email,
                    is_staff=is_staff)
        user.full_clean(exclude=["password"])
        if password is None:
            user.set_unusable_password()
        else:
            validate_password(password, user)
            user.set_password(password)
        user.save()
        audit_record(actor=actor, verb="user.create", obj=user,
                     details={"username": username, "is_staff": is_staff})
    return user


def membership_grant(*, actor: Any, user: User, role: str, agency: Agency | None = None,
                     department: Department | None = None) -> Membership:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    _require(actor is None or MembershipPolicy.can_grant(actor, role=role, agency=agency))
    if department is not None and department.agency_id != getattr(agency, "pk", None):
        raise ValueError("the department belongs to another agency")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, role=role, agency=agency, department=department
        )
        if created:
            if not user.is_staff and role not in NON_STAFF_ROLES:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            audit_record(actor=actor, verb="membership.grant", obj=membership, agency=agency,
                         details={"user": user.username, "role": role,
                                  "department": getattr(department, "name", "")})
    return membership


def membership_revoke(*, actor: Any, membership: Membership) -> None:
    _require(actor is None or MembershipPolicy.can_grant(
        actor, role=membership.role, agency=membership.agency))
    with transaction.atomic():
        audit_record(actor=actor, verb="membership.revoke", obj=membership,
                     agency=membership.agency,
                     details={"user": membership.user.username, "role": membership.role})
        membership.delete()


def api_token_create(*, actor: Any, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token row and its secret; the secret is never stored or shown again."""
    secret = "gk_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:10], token_hash=ApiToken.hash_secret(secret)
        )
        audit_record(actor=actor or user, verb="api_token.create", obj=token,
                     details={"user": user.username, "name": name, "prefix": token.prefix})
    return token, secret


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id and not getattr(actor, "is_superuser",
                                                                         False):
        raise PermissionDeniedError
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, verb="api_token.revoke", obj=token,
                         details={"prefix": token.prefix})
    return token


def api_token_authenticate(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
