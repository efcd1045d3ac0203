"""API of enforcement publicity: the public decisions (party masked) and the staff
operation that records one and answers with its publication limit (``publish_by``)."""


import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.api.auth import BearerToken, StaffSession
from gongkai.api.errors import ApiError, responses
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.enforcement import selectors, services
from gongkai.enforcement.models import Decision

router = Router(tags=["enforcement"])


def _editor(user):
    """The coarse question before the body is read: a role that may not record decisions
    anywhere hears 403, not what its payload lacked (the service asks about the agency)."""
    from gongkai.core.policies import PermissionDeniedError
    from gongkai.enforcement.policies import may_edit_any

    if user is not None and not may_edit_any(user):
        raise PermissionDeniedError
    return user


class EditorBearer(BearerToken):
    def authenticate(self, request, token):
        return _editor(super().authenticate(request, token))


class EditorSession(StaffSession):
    def authenticate(self, request, key):
        return _editor(super().authenticate(request, key))


EDITOR_AUTH = [EditorBearer(), EditorSession()]

CategoryCode = Literal["licence", "penalty", "coercion", "inspection", "other"]


class EnforcementDecisionOut(Schema):
    id: int
    agency: str
    category: str
    category_label: str
    document_number: str
    decided_on: dt.date
    party: str
    facts: str
    basis: str
    decision: str
    published_on: dt.date | None
    url: str


def _public_out(decision: Decision) -> dict:
    from django.urls import reverse

    shown = services.public_fields(decision)
    return {"id": decision.pk, "agency": decision.agency.slug, "category": decision.category,
            "category_label": decision.get_category_display(),
            "document_number": decision.document_number, "decided_on": decision.decided_on,
            "published_on": decision.published_on, **shown,
            "url": reverse("enforcement:decision", kwargs={"agency": decision.agency.slug,
                                                           "pk": decision.pk})}


class PublicPage(PageNumber):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["results"] = [_public_out(d) for d in page["results"]]
        return page


def _agency(value: str):
    found = agency_resolve(value)
    if found is None:
        message = f"没有组织机构代码或网址标识为“{value}”的机构。"
        raise ApiError(422, message, fields={"agency": [message]})
    return found


@router.get("/enforcement/decisions", response=list[EnforcementDecisionOut], auth=None,
            summary="公开的行政执法决定(当事人为自然人的只显示姓氏)")
@paginate(PublicPage)
@public_view
def decision_list(request, agency: str = "", category: CategoryCode | None = None,
                  year: int | None = Query(None, ge=1949, le=9998, description="决定年份")):
    agency_id = _agency(agency).pk if agency else None
    return selectors.public_decisions(agency_id=agency_id, category=category or "", year=year)


class EnforcementDecisionIn(Schema):
    agency: str = Field(..., description="机构网址标识或组织机构代码")
    category: CategoryCode
    decided_on: dt.date
    document_number: str = Field(..., min_length=1, max_length=100)
    party: str = Field(..., min_length=1, max_length=200, description="当事人名称或姓名")
    party_type: Literal["natural_person", "legal_person"] = Field(
        "natural_person", description="默认按自然人处理(公开时遮蔽姓名)")
    party_credit_code: str = Field("", max_length=18)
    facts: str = Field(..., min_length=1)
    decision: str = Field(..., min_length=1)
    basis: str = Field(..., min_length=1)


class StaffDecisionOut(Schema):
    id: int
    agency: str
    category: str
    document_number: str
    decided_on: dt.date
    party: str
    party_public: str
    status: str
    publish_by: dt.date
    published_on: dt.date | None
    published_late: bool


def _staff_out(decision: Decision) -> dict:
    return {"id": decision.pk, "agency": decision.agency.slug, "category": decision.category,
            "document_number": decision.document_number, "decided_on": decision.decided_on,
            "party": decision.party_name,
            "party_public": services.public_fields(decision)["party"],
            "status": decision.status, "publish_by": decision.publish_by,
            "published_on": decision.published_on, "published_late": decision.published_late}


@router.post("/staff/enforcement/decisions", response={201: StaffDecisionOut, **responses(409)},
             auth=EDITOR_AUTH, summary="登记行政执法决定(返回公开期限 publish_by)")
def decision_create(request, payload: EnforcementDecisionIn):
    data = payload.dict()
    agency = _agency(data.pop("agency"))
    try:
        found = services.decision_record(actor=request.auth, agency=agency,
                                         party_name=data.pop("party"), **data)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiError(422, "提交的内容有误。", fields=fields) from exc
    return Status(201, _staff_out(found))
