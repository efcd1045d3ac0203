"""The data every hostile-input test starts from: one agency with a department, a platform
administrator, a draft record with an attachment, a published FAQ, an online application
with its access code, and the report of last year."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from gongkai.core.models import Role
from tests.applications.conftest import person
from tests.factories import DepartmentFactory, record_fields, staff
from tests.security.hostile import PDF_BYTES


def applicant(**overrides: Any) -> dict[str, Any]:
    return person(**{"description": "请公开2020年政务公开工作要点全文", **overrides})


@dataclass
class World:
    agency: Any
    admin: Any
    record: Any
    attachment: Any
    faq: Any
    application: Any
    access_code: str
    report_year: int


def build_world(agency: Any, **application_overrides: Any) -> World:
    from gongkai.applications import services as applications
    from gongkai.catalogue import services as catalogue
    from gongkai.qa import services as qa
    from gongkai.reports import services as reports

    DepartmentFactory(agency=agency, name="办公室")
    admin = staff(Role.PLATFORM_ADMIN, None, "hostile-admin")
    record = catalogue.record_create(actor=admin, agency=agency, **record_fields())
    attachment = catalogue.record_attach(actor=admin, record=record, filename="附件.pdf",
                                         data=PDF_BYTES)
    faq = qa.faq_create(actor=admin, agency=agency, question="如何申请政府信息公开?",
                        answer="可以通过网上申请平台提交申请。", published=True)
    submission = applications.submit_online(agency=agency, idempotency_key=str(uuid.uuid4()),
                                            **applicant(**application_overrides))
    report_year = dt.date.today().year - 1
    reports.report_get_or_create(actor=admin, agency=agency, year=report_year)
    return World(agency=agency, admin=admin, record=record, attachment=attachment, faq=faq,
                 application=submission.application, access_code=submission.access_code or "",
                 report_year=report_year)
