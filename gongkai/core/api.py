"""API: agencies and departments (public), the signed-in staff member (staff)."""


from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from gongkai.api.auth import STAFF_AUTH
from gongkai.api.pagination import PageNumber
from gongkai.core.access import public_view
from gongkai.core.policies import is_platform_admin, roles_of
from gongkai.core.selectors import agency_get_public, agency_list_public, department_list

router = Router(tags=["agencies"])


class DepartmentOut(Schema):
    id: int
    name: str
    code: str


class AgencyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    organisation_code: str
    address: str
    phone: str
    email: str
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class AgencyDetailOut(AgencyOut):
    office_hours: str
    description: str
    departments: list[DepartmentOut]

    @staticmethod
    def resolve_departments(obj) -> list:
        return list(department_list(agency=obj))


class RoleOut(Schema):
    role: str
    agency: str | None
    department: str | None


class MeOut(Schema):
    username: str
    display_name: str
    is_platform_admin: bool
    roles: list[RoleOut]


@router.get("/agencies", response=list[AgencyOut], auth=None, summary="机构列表")
@paginate(PageNumber)
@public_view
def agencies(request):
    return agency_list_public()


@router.get("/agencies/{slug}", response=AgencyDetailOut, auth=None, summary="机构详情")
@public_view
def agency_detail(request, slug: str):
    agency = agency_get_public(slug)
    if agency is None:
        raise Http404
    return agency


@router.get("/me", response=MeOut, auth=STAFF_AUTH, summary="当前工作人员")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "is_platform_admin": is_platform_admin(user),
        "roles": [
            {"role": m.role, "agency": m.agency.slug if m.agency else None,
             "department": m.department.name if m.department else None}
            for m in roles_of(user)
        ],
    }
