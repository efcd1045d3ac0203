"""API: the audit trail for those allowed to read it."""


import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.pagination import PageNumber
from gongkai.audit.selectors import audit_chain_verify, audit_event_list
from gongkai.core.policies import AuditPolicy, PermissionDeniedError, is_platform_admin

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_label: str
    agency_id: int | None
    verb: str
    object_type: str
    object_id: str
    object_repr: str
    details: dict
    ip_address: str | None
    hash: str


class VerifyOut(Schema):
    ok: bool
    checked: int
    broken_seq: int | None
    problem: str


@router.get("/events", response=list[AuditEventOut], auth=STAFF_AUTH, summary="审计事件")
@paginate(PageNumber)
def events(request, verb: str = "", actor: str = "", object_type: str = "",
           date_from: dt.date | None = None, date_to: dt.date | None = None):
    if not AuditPolicy.can_view(request.auth):
        raise PermissionDeniedError
    return audit_event_list(
        agency_ids=AuditPolicy.visible_agency_ids(request.auth), verb=verb, actor=actor,
        object_type=object_type, date_from=date_from, date_to=date_to,
    )


@router.get("/verify", response=VerifyOut, auth=STAFF_AUTH, summary="校验审计链")
def verify(request):
    if not is_platform_admin(request.auth):
        raise PermissionDeniedError
    return audit_chain_verify().__dict__
