"""API: subscribe by e-mail (``pending`` until the e-mailed link is followed), read and
cancel a subscription with the subscriber's token (sent in the confirmation e-mail, header
``X-Subscription-Token``). A wrong token answers exactly like an unknown id (404)."""


from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Header, Router, Schema, Status

from gongkai.api.errors import ApiError, responses
from gongkai.catalogue.models import Genre, Topic
from gongkai.core import intake
from gongkai.core.access import public_view
from gongkai.core.selectors import agency_resolve
from gongkai.subscriptions import selectors, services, tokens
from gongkai.subscriptions.models import CriterionKind, Subscription
from gongkai.subscriptions.models import Status as SubStatus

router = Router(tags=["subscriptions"])


class SubscriptionsIn(Schema):
    email: str = Field(..., max_length=254)
    agency: str | None = Field(None, description="机构网址标识或组织机构代码;不填为全部机构")
    topics: list[str] = Field(default_factory=list, description="主题分类代码", max_length=30)
    genres: list[str] = Field(default_factory=list, description="体裁分类代码", max_length=30)
    keywords: list[str] = Field(default_factory=list, max_length=10)
    frequency: Literal["immediate", "daily", "weekly"] = "daily"


class SubscriptionsCreatedOut(Schema):
    id: int
    status: Literal["pending"]


class SubscriptionsOut(Schema):
    id: int
    status: str
    frequency: str
    via: str
    summary: str
    agency: str | None
    topics: list[str]
    genres: list[str]
    keywords: list[str]


def _codes(model, values: list[str], field: str):
    found = list(model.objects.filter(code__in=values))
    if len(found) != len(set(values)):
        raise ApiError(422, "提交的内容有误,请按字段提示修改。", code="invalid",
                       fields={field: ["包含不存在的分类代码。"]})
    return found


@router.post("/subscriptions", auth=None,
             response={201: SubscriptionsCreatedOut, **responses(429)},
             summary="订阅(发送确认邮件;确认前为 pending,不推送任何内容)")
@public_view
@intake.api_rate_limit("subscriptions.subscribe")
def subscription_create(request, payload: SubscriptionsIn):
    agency = None
    if payload.agency:
        agency = agency_resolve(payload.agency)
        if agency is None:
            raise ApiError(422, "提交的内容有误,请按字段提示修改。", code="invalid",
                           fields={"agency": ["未找到该机构。"]})
    wanted = services.Wanted(agency=agency, topics=_codes(Topic, payload.topics, "topics"),
                             genres=_codes(Genre, payload.genres, "genres"),
                             keywords=payload.keywords)
    try:
        sub = services.subscribe(email=payload.email, wanted=wanted,
                                 frequency=payload.frequency)
    except ValidationError as exc:
        fields = {k: list(v) for k, v in getattr(exc, "message_dict", {}).items()}
        raise ApiError(422, "提交的内容有误,请按字段提示修改。", code="invalid",
                       fields=fields) from None
    return Status(201, {"id": sub.pk, "status": "pending"})


def _owned(pk: int, token: str) -> Subscription:
    try:
        values = tokens.read("manage", token)
    except tokens.BadToken:
        values = []
    sub = Subscription.objects.select_related("agency").filter(pk=pk).first()
    if sub is None or values[:1] != [pk]:
        raise ApiError(404, "未找到该订阅,或令牌不正确。")
    return sub


def _out(sub: Subscription) -> dict:
    from gongkai.catalogue.models import Genre, Topic

    found = selectors.criteria_of(sub)
    topics = [int(v) for v in found.get(CriterionKind.TOPIC, [])]
    genres = [int(v) for v in found.get(CriterionKind.GENRE, [])]
    return {"id": sub.pk, "status": sub.status, "frequency": sub.frequency, "via": sub.via,
            "summary": sub.summary, "agency": sub.agency.slug if sub.agency is not None else None,
            "topics": list(Topic.objects.filter(pk__in=topics).values_list("code", flat=True)),
            "genres": list(Genre.objects.filter(pk__in=genres).values_list("code", flat=True)),
            "keywords": found.get(CriterionKind.KEYWORD, [])}


@router.get("/subscriptions/{int:pk}", auth=None,
            response={200: SubscriptionsOut, **responses(429)},
            summary="查看订阅(请求头 X-Subscription-Token:确认邮件中的管理令牌)")
@public_view
@intake.api_rate_limit("subscriptions.manage")
def subscription_get(request, pk: int,
                     token: str = Header("", alias="X-Subscription-Token")):
    return _out(_owned(pk, token))


@router.delete("/subscriptions/{int:pk}", auth=None,
               response={200: SubscriptionsOut, **responses(429)},
               summary="退订(请求头 X-Subscription-Token;重复退订无害)")
@public_view
@intake.api_rate_limit("subscriptions.manage")
def subscription_delete(request, pk: int,
                        token: str = Header("", alias="X-Subscription-Token")):
    sub = _owned(pk, token)
    if sub.status != SubStatus.UNSUBSCRIBED:
        sub, _changed = services.unsubscribe_subscription(pk=sub.pk)
    return _out(sub)
