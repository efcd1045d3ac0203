"""One small world for the access matrix and the leak test: agency A with an object behind
every URL parameter (records in every state, an attachment, a case with a letter and a
file, a law, an FAQ, a job run, a token…), agency B with its own administrator, and one
signed-in person per role. Personal data and non-public content carry marker strings the
leak test looks for.

Built once per test module inside an outer transaction (see ``world_fixture``) and rolled
back afterwards, so the rest of the suite never sees it.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from gongkai.applications.identity import resident_id_check_char
from gongkai.core.models import Role
from tests.factories import AgencyFactory, DepartmentFactory, UserFactory, record_fields, staff
from tests.security.policy_table import (
    ADMIN_A,
    EDITOR,
    EVALUATOR,
    HEAD,
    OFFICER,
    PLATFORM,
    PUBLIC_USER,
    REVIEWER,
    STAFF_B,
)

# Markers: strings that appear nowhere but in the one place they were put.
_ID17 = "31010419870715123"
MARK_ID = _ID17 + resident_id_check_char(_ID17)
MARK_NAME = "泄露测试柏舟"
MARK_PHONE = "13987650321"
MARK_EMAIL = "leak.marker.bozhou@example.org"
MARK_ADDRESS = "上海市虚构路泄露测试弄77号"
MARK_DRAFT = "草稿标记甲乙丙"
MARK_HIDDEN = "不予公开标记丁戊己"
MARK_WITHDRAWN = "撤回标记庚辛壬"
MARK_ATTACHMENT = "附件标记癸子丑"
MARK_ATTACHMENT_NAME = "attachment-marker-quokka"
MARK_CASE = "申请内容标记寅卯辰"
MARKERS = {
    "applicant name": MARK_NAME, "ID number": MARK_ID, "phone": MARK_PHONE,
    "e-mail": MARK_EMAIL, "address": MARK_ADDRESS, "draft": MARK_DRAFT,
    "non-public record": MARK_HIDDEN, "withdrawn record": MARK_WITHDRAWN,
    "attachment text": MARK_ATTACHMENT, "attachment name": MARK_ATTACHMENT_NAME,
    "application text": MARK_CASE,
}


def _merge_app_markers() -> None:
    from tests.security.apps import app_modules

    for module in app_modules():
        MARKERS.update(getattr(module, "MARKERS", {}))


_merge_app_markers()

REPORT_YEAR = 2024  # published
DRAFT_YEAR = 2025  # draft report


@dataclass
class World:
    agency: Any
    other: Any
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _publish(actor_edit: Any, actor_review: Any, record: Any) -> Any:
    from gongkai.catalogue import services

    record = services.record_submit(actor=actor_edit, record=record)
    return services.record_approve(actor=actor_review, record=record)


def _evaluator(agency: Any) -> Any:
    """A social evaluator of agency A: a membership, but no staff account (issue 22)."""
    from tests.factories import MembershipFactory

    user = UserFactory(username="mx-evaluator", is_staff=False)
    MembershipFactory(user=user, role=Role.EVALUATOR, agency=agency)
    return user


def build() -> World:
    """Create the world (inside the caller's transaction)."""
    from django.core.files.base import ContentFile

    from gongkai.applications import services as applications
    from gongkai.applications.models import ConversionProposal, DisclosureItem
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.models import Topic
    from gongkai.core.services import api_token_create
    from gongkai.jobs.models import JobRun
    from gongkai.laws.demo import FIXTURES
    from gongkai.laws.models import Law
    from gongkai.laws.services import laws_import
    from gongkai.qa.models import AskedQuestion
    from gongkai.qa.services import faq_create
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import report_get_or_create
    from gongkai.search import services as search

    agency = AgencyFactory(slug="mxa", name="矩阵测试甲局", short_name="甲局",
                           organisation_code="11223344AA")
    other = AgencyFactory(slug="mxb", name="矩阵测试乙局", short_name="乙局",
                          organisation_code="11223344BB")
    department = DepartmentFactory(agency=agency, name="公开办")
    users = {
        PUBLIC_USER: UserFactory(username="mx-citizen", is_staff=False),
        EDITOR: staff(Role.EDITOR, agency, "mx-editor"),
        REVIEWER: staff(Role.REVIEWER, agency, "mx-reviewer"),
        OFFICER: staff(Role.DISCLOSURE_OFFICER, agency, "mx-officer"),
        HEAD: staff(Role.DEPARTMENT_HEAD, agency, "mx-head"),
        ADMIN_A: staff(Role.AGENCY_ADMIN, agency, "mx-admin-a"),
        STAFF_B: staff(Role.AGENCY_ADMIN, other, "mx-admin-b"),
        PLATFORM: staff(Role.PLATFORM_ADMIN, None, "mx-platform"),
        EVALUATOR: _evaluator(agency),
    }
    editor, reviewer, officer = users[EDITOR], users[REVIEWER], users[OFFICER]
    w = World(agency=agency, other=other, users=users)
    o = w.objects
    o["department"] = department

    # Catalogue: a public record (with an attachment and a second version), a draft, a
    # withdrawn record, a record not to be disclosed, and one in agency B.
    public = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        title="矩阵测试公开文件"))
    catalogue.record_attach(actor=editor, record=public, filename="public.txt",
                            data="公开附件正文。".encode())
    public = _publish(editor, reviewer, public)
    o["record"] = public
    o["attachment"] = public.attachments.first()
    o["topic"] = Topic.objects.get(pk=public.topic_id)

    draft = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        title=f"矩阵测试{MARK_DRAFT}", body=f"草稿正文{MARK_DRAFT}", document_number=""))
    catalogue.record_attach(actor=editor, record=draft,
                            filename=f"{MARK_ATTACHMENT_NAME}.txt",
                            data=f"草稿附件{MARK_ATTACHMENT}".encode())
    o["draft"] = draft
    o["draft_attachment"] = draft.attachments.first()

    hidden = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        title=f"矩阵测试{MARK_HIDDEN}", body=f"不公开正文{MARK_HIDDEN}", document_number="",
        disclosure_attribute="on_request", withholding_reason="涉及第三方",
        withholding_basis="条例第十五条"))
    o["hidden"] = _publish(editor, reviewer, hidden)

    withdrawn = catalogue.record_create(actor=editor, agency=agency, **record_fields(
        title=f"矩阵测试{MARK_WITHDRAWN}", body=f"撤回正文{MARK_WITHDRAWN}", document_number=""))
    withdrawn = _publish(editor, reviewer, withdrawn)
    withdrawn = catalogue.record_withdraw(actor=reviewer, record=withdrawn, reason="矩阵测试撤回")
    o["withdrawn"] = withdrawn
    from gongkai.catalogue.models import Record
    from gongkai.search.records import reindex_records

    reindex_records(Record.objects.values_list("pk", flat=True))  # drafts too: staff search
    o["campaign"] = catalogue.campaign_start(actor=users[ADMIN_A], agency=agency,
                                             name="矩阵测试转化")

    # Search vocabulary (platform-wide).
    o["word"] = search.vocabulary_add(actor=users[PLATFORM], word="矩阵测试词")
    o["synonym"] = search.synonym_add(actor=users[PLATFORM], terms="矩阵甲,矩阵乙")

    # Laws (platform-wide) and Q&A.
    laws_import(FIXTURES, index_async=False)
    versions: dict[tuple[str, str], list[Any]] = {}
    for law in Law.objects.order_by("pk"):
        versions.setdefault((law.title, law.subtitle), []).append(law)
    o["law"], o["other_law"] = next(v for v in versions.values() if len(v) > 1)[:2]
    o["faq"] = faq_create(actor=editor, agency=agency, question="矩阵测试常见问题?",
                          answer="矩阵测试答复。", published=True)
    o["question"] = AskedQuestion.objects.create(agency=agency, text="矩阵测试未答问题",
                                                 normalized="矩阵测试未答问题")

    # Applications: one case with the applicant's personal data, a letter and a file.
    submission = applications.register(
        actor=officer, agency=agency, channel="in_person", received_on=dt.date.today(),
        applicant_type="natural_person", applicant_name=MARK_NAME, id_type="resident_id",
        id_number=MARK_ID, phone=MARK_PHONE, email=MARK_EMAIL, address=MARK_ADDRESS,
        description=f"请公开{MARK_CASE}", delivery_form="electronic",
        receipt_method="email")
    case = submission.application
    o["case"], o["access_code"] = case, submission.access_code
    o["notice"] = case.notices.first()
    item = DisclosureItem(application=case, kind="file", original_name=f"{MARK_NAME}.txt")
    item.file.save("mx-file.txt", ContentFile(MARK_ID.encode()), save=True)
    o["case_file"] = item
    proposal = ConversionProposal.objects.create(agency=agency, title="矩阵测试转化建议",
                                                 key="mx-key")
    proposal.applications.add(case)
    o["proposal"] = proposal

    # Reports: a published one (files included) and a draft.
    published = AnnualReport.objects.create(agency=agency, year=REPORT_YEAR,
                                            status="published", overview="矩阵测试总体情况")
    published.pdf.save("mx-report.pdf", ContentFile(b"%PDF-1.4 mx"), save=True)
    o["report"] = published
    o["draft_report"] = report_get_or_create(actor=users[ADMIN_A], agency=agency,
                                             year=DRAFT_YEAR)

    # Platform: a failed job run, an API token of A's administrator.
    o["job_run"] = JobRun.objects.create(name="audit_verify_daily", key="mx", status="failed",
                                         error="矩阵测试失败")
    o["token"], o["token_secret"] = api_token_create(actor=users[ADMIN_A], user=users[ADMIN_A],
                                                     name="矩阵测试")
    o["membership"] = users[EDITOR].memberships.first()
    from gongkai.applications.models import LetterTemplate

    o["letter_template"] = LetterTemplate.objects.create(
        agency=agency, kind="acknowledgement", title="矩阵测试模板", body="矩阵测试。")
    agency.logo.save("mx-logo.png", ContentFile(b"\x89PNG mx"), save=True)
    o["logo"] = agency.logo.name.removeprefix("agency-logos/")
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    o["axes_accessattempt"] = AccessAttempt.objects.create(username="mx", ip_address="127.0.0.9",
                                                           failures_since_start=1)
    o["axes_accesslog"] = AccessLog.objects.create(username="mx", ip_address="127.0.0.9")
    o["axes_accessfailurelog"] = AccessFailureLog.objects.create(username="mx",
                                                                  ip_address="127.0.0.9")
    from tests.security.apps import app_modules

    for module in app_modules():  # the capability apps' objects (tests/security/apps/)
        if hasattr(module, "build"):
            before = dict(w.objects)
            module.build(w)
            replaced = [k for k, v in before.items() if w.objects[k] is not v]
            assert not replaced, (f"{module.__name__} replaced the world's {replaced}: "
                                  "name the app's objects with a prefix of its own")
    return w


@contextmanager
def world_fixture(django_db_blocker):
    """Build the world in a transaction that is rolled back when the module is done; each
    test's own transaction nests inside it as a savepoint."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
