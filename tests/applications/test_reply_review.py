"""审核 of replies (reply_review, issue 14/2): a refusal no longer goes out on the officer's
word alone; the department head or office lead approves or returns the draft, the
decision and comments are in the case history and on the letter, the clock runs on, and
the queue shows what waits for review. Which reply types need review is per agency."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import letters, reply_review, selectors, services
from gongkai.applications.models import (
    ApplicationStatus,
    DisclosureItem,
    NoticeKind,
    ReplyReview,
    ReplyReviewStatus,
)
from gongkai.applications.workflow import InvalidTransition
from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from tests.factories import staff

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2020, 4, 23)  # due 2020-05-22
WITHHELD = {"reply_type": "withheld", "reply_type_reason": "third_party",
            "reply_text": "该信息涉及第三方商业秘密。"}


@pytest.fixture
def admin(agency):
    return staff(Role.AGENCY_ADMIN, agency, "office_lead")


def _submit(officer, case, **extra):
    return services.reply_submit_for_review(actor=officer, application=case, **{**WITHHELD, **extra})


def test_a_refusal_cannot_be_sent_without_review(make_case, officer, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)), pytest.raises(InvalidTransition) as caught:
        services.reply(actor=officer, application=case, **WITHHELD)
    assert "审核" in caught.value.message
    case.refresh_from_db()
    assert case.status == ApplicationStatus.RECEIVED and not case.notices.filter(
        kind=NoticeKind.REPLY_LETTER).exists()


def test_default_reviewed_types_are_the_refusals(agency):
    assert reply_review.reply_types_needing_review(agency.pk) == {
        "withheld", "partially_disclosed", "not_processed"}
    assert not reply_review.needs_review(agency.pk, "disclosed")


def test_submit_then_approve_issues_the_reply_with_the_sign_off(make_case, officer, head, at):
    case = make_case(RECEIVED)
    due = case.due_on
    with at(D(2020, 5, 6)):
        review = _submit(officer, case, files=[("说明.txt", "内容".encode())])
    case.refresh_from_db()
    assert case.status == ApplicationStatus.AWAITING_REPLY_REVIEW
    assert case.due_on == due  # the clock keeps running: no pause, no new due date
    assert "政府信息公开申请告知书" in review.preview_html and "第十五条" in review.preview_html
    assert not case.notices.filter(kind=NoticeKind.REPLY_LETTER).exists()
    with at(D(2020, 5, 8)):
        case = services.reply_review_approve(actor=head, application=case, comment="同意,按此答复")
    assert case.status == ApplicationStatus.REPLIED and case.replied_on == D(2020, 5, 8)
    assert case.reply_type == "withheld" and case.reply_type_reason == "third_party"
    assert DisclosureItem.objects.filter(application=case, kind="file",
                                         original_name="说明.txt").exists()
    review.refresh_from_db()
    assert review.status == ReplyReviewStatus.APPROVED and review.decided_by == head
    event = case.events.get(verb="reply_review_approve")
    assert event.actor == head and event.comment == "同意,按此答复"
    assert event.details["submitted_by"] == officer.username
    assert list(case.events.values_list("verb", flat=True)).count("reply_submit_for_review") == 1
    notice = case.notices.get(kind=NoticeKind.REPLY_LETTER)
    assert notice.context["review"]["approved_by"] == head.username
    assert notice.context["review"]["approved_at"].startswith("2020-05-08")
    assert notice.context["review"]["comment"] == "同意,按此答复"
    html = letters.render_notice_html(notice)
    assert f'<meta name="description" content="审核:{head.username}于2020-05-08' in html
    assert AuditEvent.objects.filter(verb="application.reply_review_approve").count() == 1


def test_the_signed_pdf_names_the_approver(make_case, officer, head, at):
    from pypdf import PdfReader

    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        _submit(officer, case)
        services.reply_review_approve(actor=head, application=case)
    notice = case.notices.get(kind=NoticeKind.REPLY_LETTER)
    reader = PdfReader(io.BytesIO(letters.render_notice_pdf(notice)))
    assert f"审核:{head.username}" in (reader.metadata.subject or "")
    from gongkai.signing.models import SignedDocument

    assert f"审核:{head.username}" in SignedDocument.objects.latest("id").reason


def test_return_with_comments_and_resubmit(make_case, officer, head, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        _submit(officer, case)
        with pytest.raises(ValidationError):
            services.reply_review_return(actor=head, application=case, comment=" ")
        services.reply_review_return(actor=head, application=case, comment="理由不充分,请补充依据。")
    case.refresh_from_db()
    assert case.status == ApplicationStatus.IN_PROGRESS
    event = case.events.get(verb="reply_review_return")
    assert event.comment == "理由不充分,请补充依据。" and event.actor == head
    with at(D(2020, 5, 7)):
        _submit(officer, case, reply_text="补充:依据第十五条。")
        services.reply_review_approve(actor=head, application=case)
    assert list(ReplyReview.objects.filter(application=case).values_list("status", flat=True)) == [
        "returned", "approved"]


def test_who_may_review(make_case, officer, head, admin, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        _submit(officer, case)
        with pytest.raises(PermissionDeniedError):
            services.reply_review_approve(actor=officer, application=case)
        with pytest.raises(PermissionDeniedError):
            services.reply_review_return(actor=officer, application=case, comment="x")
        other = make_case(RECEIVED, description="另一条信息")
        services.reply_submit_for_review(actor=head, application=other, **WITHHELD)
        with pytest.raises(InvalidTransition, match="本人"):
            services.reply_review_approve(actor=head, application=other)
        services.reply_review_approve(actor=admin, application=other)  # the office lead
    other.refresh_from_db()
    assert other.status == ApplicationStatus.REPLIED


def test_invalid_review_steps(make_case, officer, head, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        with pytest.raises(InvalidTransition):
            services.reply_review_approve(actor=head, application=case)
        _submit(officer, case)
        with pytest.raises(InvalidTransition):
            _submit(officer, case)
        with pytest.raises(InvalidTransition):
            services.reply(actor=officer, application=case, reply_type="unavailable",
                           reply_type_reason="not_held")


def test_review_is_configured_per_agency_and_reply_type(make_case, officer, head, admin, agency,
                                                        other_agency, at):
    with pytest.raises(PermissionDeniedError):
        services.reply_review_setting_save(actor=head, agency=agency, reply_type_codes=["disclosed"])
    with pytest.raises(ValidationError):
        services.reply_review_setting_save(actor=admin, agency=agency, reply_type_codes=["nope"])
    services.reply_review_setting_save(actor=admin, agency=agency, reply_type_codes=["disclosed"])
    assert reply_review.reply_types_needing_review(agency.pk) == {"disclosed"}
    assert reply_review.reply_types_needing_review(other_agency.pk) == reply_review.DEFAULT_REPLY_TYPES
    first = make_case(RECEIVED)
    second = make_case(RECEIVED, description="另一条信息")
    with at(D(2020, 5, 6)):
        services.reply(actor=officer, application=first, **WITHHELD)  # no review configured
        with pytest.raises(InvalidTransition):
            services.reply(actor=officer, application=second, reply_type="disclosed",
                           reply_type_reason="provided", reply_text="见附件")
    services.reply_review_setting_save(actor=admin, agency=agency, reply_type_codes=[])
    with at(D(2020, 5, 6)):
        services.reply(actor=officer, application=second, reply_type="disclosed",
                       reply_type_reason="provided", reply_text="见附件")


def test_queue_shows_cases_waiting_for_review_and_the_clock_runs(make_case, officer, head, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        _submit(officer, case)
    assert list(selectors.staff_queue(head, "awaiting_reply_review")) == [case]
    assert list(selectors.staff_queue(head, "overdue", today=D(2020, 5, 26))) == [case]
    assert selectors.queue_counts(head, today=D(2020, 5, 6))["awaiting_reply_review"] == 1
    case.refresh_from_db()
    status = selectors.public_status(case)
    assert status.status == "in_progress" and status.step == "正在办理"


def test_withdrawal_closes_a_pending_draft(make_case, officer, at):
    case = make_case(RECEIVED)
    with at(D(2020, 5, 6)):
        review = _submit(officer, case)
        services.withdraw(actor=officer, application=case, reason="申请人来电撤回")
    review.refresh_from_db()
    assert review.status == ReplyReviewStatus.RETURNED


# The staff pages -----------------------------------------------------------------------


def test_case_page_review_form_for_the_reviewer_only(client, make_case, officer, head, at):
    case = make_case(RECEIVED)
    url = reverse("staff:applications_case", kwargs={"pk": case.pk})
    client.force_login(officer)
    with at(D(2020, 5, 6)):
        response = client.post(reverse("staff:applications_reply", kwargs={"pk": case.pk}), {
            "reply_type": "withheld:third_party", "letter_text": "涉及第三方商业秘密。",
            "action": "reply"})
        assert response.status_code == 302, response.content.decode()[:3000]
        case.refresh_from_db()
        assert case.status == ApplicationStatus.AWAITING_REPLY_REVIEW
        html = client.get(url).content.decode()
        assert 'data-testid="reply-review"' in html and "待审核" in html
        assert 'name="decision"' not in html and "不能审核本人提交的答复" in html
        queue = client.get(reverse("staff:applications_queue"),
                           {"queue": "awaiting_reply_review"}).content.decode()
        assert case.case_number in queue and "待审核" in queue
        client.force_login(head)
        html = client.get(url).content.decode()
        assert 'name="decision"' in html and 'data-testid="reply-preview"' in html
        response = client.post(reverse("staff:applications_reply_review", kwargs={"pk": case.pk}),
                               {"decision": "return", "comment": ""})
        assert response.status_code == 400
        response = client.post(reverse("staff:applications_reply_review", kwargs={"pk": case.pk}),
                               {"decision": "approve", "comment": "同意"}, follow=True)
    case.refresh_from_db()
    assert case.status == ApplicationStatus.REPLIED
    page = response.content.decode()
    assert "审核通过并答复" in page and "同意" in page
    client.force_login(officer)
    other = make_case(RECEIVED, description="另一条信息")
    with at(D(2020, 5, 6)):
        services.reply_submit_for_review(actor=officer, application=other, **WITHHELD)
        response = client.post(reverse("staff:applications_reply_review", kwargs={"pk": other.pk}),
                               {"decision": "approve"})
    assert response.status_code == 403
