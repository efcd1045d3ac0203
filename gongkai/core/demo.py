"""Demo data: two agencies, their departments, one account per role.

Idempotent: every row is looked up by a natural key first, and nothing is written (nor
audited) when it already matches. Refused in production (settings.GONGKAI_DEMO_ALLOWED).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from gongkai.core.models import Agency, Department, Membership, Role, User
from gongkai.core.services import (
    agency_create,
    department_create,
    membership_grant,
    user_create,
)

DEMO_PASSWORD = "gongkai-demo"

AGENCIES: list[dict[str, Any]] = [
    {
        "slug": "sfj",
        "name": "上海市司法局",
        "short_name": "市司法局",
        "organisation_code": "002420455M",
        "address": "上海市徐汇区肇嘉浜路(演示数据)",
        "postcode": "200032",
        "phone": "12348(公共法律服务热线)",
        "email": "gongkai@sfj.example.gov.cn",
        "office_hours": "工作日 9:00–11:30,13:30–17:00",
        "description": (
            "上海市司法局是市政府组成部门,负责全市司法行政工作:统筹推进法治政府建设,"
            "承担行政复议、行政执法监督,管理律师、公证、司法鉴定、仲裁、人民调解等工作,"
            "推进公共法律服务体系建设。(本页为演示内容。)"
        ),
        "site_sponsor": "上海市司法局",
        "site_code": "3100000099",
        "icp_number": "沪ICP备00000000号(演示)",
        "police_number": "沪公网安备31000000000000号(演示)",
        "sort_order": 1,
        "lists_on_request_entries": True,
    },
    {
        "slug": "xhsfj",
        "name": "上海市徐汇区司法局",
        "short_name": "徐汇区司法局",
        "organisation_code": "00242XH01A",
        "address": "上海市徐汇区(演示数据)",
        "postcode": "200030",
        "phone": "12348",
        "email": "gongkai@xhsfj.example.gov.cn",
        "office_hours": "工作日 9:00–17:00",
        "description": "徐汇区司法局负责本区司法行政工作,指导人民调解、社区矫正和公共法律服务。(演示内容。)",
        "site_sponsor": "上海市徐汇区司法局",
        "site_code": "3101040099",
        "icp_number": "沪ICP备00000001号(演示)",
        "police_number": "",
        "sort_order": 2,
    },
]

DEPARTMENTS = {
    "sfj": [
        ("办公室", "BGS", "负责机关日常运转、政务公开、信息和督查工作。"),
        ("法治调研处", "FZDY", "组织开展法治建设调查研究。"),
        ("行政执法监督处", "ZFJD", "承担行政执法监督和行政执法公示工作。"),
        ("律师工作管理处", "LSGL", "指导监督律师和律师事务所的执业活动。"),
        ("公证工作管理处", "GZGL", "指导监督公证机构和公证员的执业活动。"),
        ("公共法律服务管理处", "GGFW", "统筹公共法律服务平台和12348热线。"),
    ],
    "xhsfj": [
        ("办公室", "BGS", "负责机关日常运转和政务公开工作。"),
        ("人民调解科", "RMTJ", "指导人民调解工作。"),
        ("社区矫正科", "SQJZ", "组织实施社区矫正工作。"),
    ],
}

# (username, display name, role, agency slug, department name or None)
PEOPLE: list[tuple[str, str, str, str | None, str | None]] = [
    ("admin", "平台管理员", Role.PLATFORM_ADMIN, None, None),
    ("sfj-admin", "市局机构管理员", Role.AGENCY_ADMIN, "sfj", None),
    ("editor", "信息编辑", Role.EDITOR, "sfj", "办公室"),
    ("reviewer", "保密审查员", Role.REVIEWER, "sfj", "办公室"),
    ("officer", "依申请公开经办人", Role.DISCLOSURE_OFFICER, "sfj", "办公室"),
    ("head", "办公室负责人", Role.DEPARTMENT_HEAD, "sfj", "办公室"),
    ("xh-admin", "徐汇区机构管理员", Role.AGENCY_ADMIN, "xhsfj", None),
    ("xh-editor", "徐汇区信息编辑", Role.EDITOR, "xhsfj", "办公室"),
]


class DemoRefusedError(RuntimeError):
    pass


def load_demo(stdout=None) -> dict[str, int]:
    if not settings.GONGKAI_DEMO_ALLOWED:
        raise DemoRefusedError("demo data is refused when GONGKAI_ENV=production")
    created = {"agencies": 0, "departments": 0, "users": 0, "memberships": 0}
    with transaction.atomic():
        agencies: dict[str, Agency] = {}
        for spec in AGENCIES:
            agency = Agency.objects.filter(slug=spec["slug"]).first()
            if agency is None:
                agency = agency_create(actor=None, **spec)
                created["agencies"] += 1
            agencies[str(spec["slug"])] = agency
        for slug, rows in DEPARTMENTS.items():
            for order, (name, code, duties) in enumerate(rows):
                if not Department.objects.filter(agency=agencies[slug], name=name).exists():
                    department_create(actor=None, agency=agencies[slug], name=name, code=code,
                                      duties=duties, sort_order=order)
                    created["departments"] += 1
        for username, display, role, person_slug, dept_name in PEOPLE:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(actor=None, username=username, password=DEMO_PASSWORD,
                                   display_name=display, email=f"{username}@example.org")
                created["users"] += 1
            if role == Role.PLATFORM_ADMIN and not user.is_superuser:
                User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            agency = agencies.get(person_slug) if person_slug else None
            department = (
                Department.objects.get(agency=agency, name=dept_name) if dept_name else None
            )
            if not Membership.objects.filter(user=user, role=role, agency=agency,
                                             department=department).exists():
                membership_grant(actor=None, user=user, role=role, agency=agency,
                                 department=department)
                created["memberships"] += 1
    return created
