"""The catalogue staff pages, driven through the Django test client as staff use them."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalogue.models import (
    AttributeReview,
    Campaign,
    DisclosureAttribute,
    Genre,
    LinkKind,
    Record,
    RecordLink,
    RecordStatus,
    Topic,
)
from gongkai.catalogue.services import (
    record_approve,
    record_create,
    record_submit,
)
from gongkai.core.models import Membership, Role
from tests.factories import DepartmentFactory, UserFactory, record_fields

MOBILE_BODY = "局机关各处室:请联系张三,手机13812345678,认真贯彻落实。"


def url(name, **kwargs):
    return reverse(f"staff:{name}", kwargs=kwargs or None)


def form_data(agency=None, **overrides):
    """What a browser posts from the record form, built from factories.record_fields."""
    fields = record_fields()
    data = {
        "title": fields["title"], "summary": fields["summary"], "body": fields["body"],
        "keywords": "政务公开 工作要点", "document_number": fields["document_number"],
        "is_official_document": "on", "formed_on": fields["formed_on"].isoformat(),
        "topic": str(fields["topic"].pk), "genre": str(fields["genre"].pk),
        "disclosure_attribute": DisclosureAttribute.PROACTIVE, "withholding_reason": "",
        "withholding_basis": "", "validity": "", "validity_changed_on": "", "replaced_by": "",
        "department": "",
    }
    if agency is not None:
        data["agency"] = str(agency.pk)
    data.update(overrides)
    return data


def in_review(editor, agency, **overrides):
    record = record_create(actor=editor, agency=agency, **record_fields(**overrides))
    return record_submit(actor=editor, record=record)


def published(editor, reviewer, agency, **overrides):
    return record_approve(actor=reviewer, record=in_review(editor, agency, **overrides))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_full_flow_draft_upload_submit_redact_approve(client, agency, editor, reviewer):
    client.force_login(editor)
    page = client.get(url("catalogue_record_new"))
    assert page.status_code == 200
    assert agency.name in page.content.decode()

    response = client.post(url("catalogue_record_new"), form_data(agency, body=MOBILE_BODY))
    record = Record.objects.get()
    assert response.status_code == 302 and response["Location"] == url("catalogue_record",
                                                                        pk=record.pk)
    assert record.status == RecordStatus.DRAFT and record.created_by == editor
    assert record.keywords == "政务公开 工作要点"

    upload = SimpleUploadedFile("说明.txt", "附件:工作要点说明。".encode(), "text/plain")
    response = client.post(url("catalogue_record_attach", pk=record.pk), {"file": upload})
    assert response.status_code == 302
    attachment = record.attachments.get()
    assert attachment.original_name == "说明.txt" and attachment.kind == "txt"
    page = client.get(url("catalogue_record", pk=record.pk)).content.decode()
    assert "说明.txt" in page
    download = client.get(url("catalogue_attachment", pk=record.pk, attachment_pk=attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "附件:工作要点说明。"

    response = client.post(url("catalogue_record_submit", pk=record.pk), follow=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW
    assert any("1 处" in m for m in messages_of(response))

    client.force_login(reviewer)
    queue = client.get(url("catalogue_review_queue"))
    assert [r.pk for r in queue.context["page"]] == [record.pk]
    assert queue.context["page"][0].findings_count == 1
    assert record.title in queue.content.decode()

    page = client.get(url("catalogue_record", pk=record.pk)).content.decode()
    assert 'id="h-review"' in page
    assert "手机号码" in page and "138****5678" in page
    assert "<mark>13812345678</mark>" in page

    response = client.post(url("catalogue_record_redact", pk=record.pk),
                           {"text": "13812345678", "reason": "个人隐私"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert "13812345678" not in record.body and "■" * 11 in record.body
    assert not record.findings.exists()

    response = client.post(url("catalogue_record_approve", pk=record.pk),
                           {"publish_at": "", "comment": ""}, follow=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED and record.is_public
    assert record.index_number == "002420455M/2020-00001"
    page = response.content.decode()
    assert "002420455M/2020-00001" in page
    assert 'id="h-review"' not in page  # nothing left to review
    history = [(e.verb, e.actor) for e in record.events.all()]
    assert history == [("create", editor), ("attach", editor), ("submit", editor),
                       ("redact", reviewer), ("publish", reviewer)]
    assert "个人隐私" in page  # the redaction's reason is in the history


@pytest.mark.django_db
def test_return_with_comment_shows_on_the_record_page(client, agency, editor, reviewer):
    record = in_review(editor, agency)
    client.force_login(reviewer)
    response = client.post(url("catalogue_record_return", pk=record.pk), {"comment": "   "})
    assert response.status_code == 400
    assert 'id="return-comment_error"' in response.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW

    response = client.post(url("catalogue_record_return", pk=record.pk),
                           {"comment": "请删去第二段中的个人姓名"})
    assert response.status_code == 302

    client.force_login(editor)
    page = client.get(url("catalogue_record", pk=record.pk)).content.decode()
    assert "已退回" in page and "请删去第二段中的个人姓名" in page
    assert 'id="h-content">编辑' in page  # returned records are editable again
    response = client.post(url("catalogue_record", pk=record.pk),
                           form_data(body="　　已删去个人姓名的正文。\r\n　　第二段。"))
    assert response.status_code == 302
    record.refresh_from_db()
    # The paragraph indent is kept and the browser's CRLF stored as LF.
    assert record.body == "　　已删去个人姓名的正文。\n　　第二段。"
    assert record.events.last().verb == "update"


@pytest.mark.django_db
def test_scheduling_shows_on_the_schedule_page(client, agency, editor, reviewer):
    record = in_review(editor, agency)
    client.force_login(reviewer)
    response = client.post(url("catalogue_record_approve", pk=record.pk),
                           {"publish_at": "2020-01-02T09:00"})
    assert response.status_code == 400  # a time in the past is refused, not published now
    assert "须晚于现在" in response.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW and not record.index_number

    response = client.post(url("catalogue_record_approve", pk=record.pk),
                           {"publish_at": "2030-01-02T09:00"}, follow=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.SCHEDULED and not record.is_public
    assert any("2030-01-02 09:00" in m for m in messages_of(response))

    schedule = client.get(url("catalogue_schedule"))
    assert [r.pk for r in schedule.context["page"]] == [record.pk]
    page = schedule.content.decode()
    assert record.title in page and "2030-01-02 09:00" in page

    client.force_login(editor)  # editors see the plan for their agency too
    assert record.title in client.get(url("catalogue_schedule")).content.decode()


@pytest.mark.django_db
def test_bad_input_shows_field_errors_and_creates_nothing(client, agency, editor):
    client.force_login(editor)
    # Caught by the form: a missing title and an over-long summary.
    response = client.post(url("catalogue_record_new"),
                           form_data(agency, title="", summary="长" * 101))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="rec-title_error"' in page and 'id="rec-summary_error"' in page
    assert 'aria-invalid="true"' in page
    # Caught by the service: rules across fields come back next to their field.
    response = client.post(url("catalogue_record_new"), form_data(
        agency, disclosure_attribute=DisclosureAttribute.WITHHELD, document_number="沪司办2020年6号",
        formed_on="2099-01-01"))
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"withholding_reason", "document_number", "formed_on"}
    page = response.content.decode()
    assert 'id="rec-withholding_reason_error"' in page
    assert "非主动公开的信息须说明理由" in page
    assert "沪司办2020年6号" in page  # what was typed is kept
    assert not Record.objects.exists()


@pytest.mark.django_db
def test_editor_of_another_agency_cannot_reach_the_record(client, agency, editor, other_editor):
    record = record_create(actor=editor, agency=agency, **record_fields())
    client.force_login(other_editor)
    assert client.get(url("catalogue_record", pk=record.pk)).status_code == 404
    assert client.post(url("catalogue_record", pk=record.pk),
                       form_data(title="改")).status_code == 404
    assert client.post(url("catalogue_record_submit", pk=record.pk)).status_code == 404
    listing = client.get(url("catalogue_records")).content.decode()
    assert record.title not in listing
    # Nor can they create a record for an agency they do not edit.
    response = client.post(url("catalogue_record_new"), form_data(agency))
    assert response.status_code == 400 and "agency" in response.context["form"].errors
    assert Record.objects.count() == 1


@pytest.mark.django_db
def test_editor_cannot_approve(client, agency, editor):
    record = in_review(editor, agency)
    client.force_login(editor)
    page = client.get(url("catalogue_record", pk=record.pk)).content.decode()
    assert 'id="h-review"' not in page
    assert url("catalogue_record_approve", pk=record.pk) not in page
    assert client.post(url("catalogue_record_approve", pk=record.pk)).status_code == 403
    assert client.post(url("catalogue_record_redact", pk=record.pk),
                       {"text": "局机关", "reason": "x"}).status_code == 403
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW and not record.index_number
    assert client.get(url("catalogue_review_queue")).status_code == 403


@pytest.mark.django_db
def test_invalid_transition_is_shown_as_a_message(client, agency, editor):
    record = in_review(editor, agency)
    client.force_login(editor)
    response = client.post(url("catalogue_record_submit", pk=record.pk), follow=True)
    assert any("当前状态“待审查”下不能执行此操作" in m for m in messages_of(response))
    response = client.post(url("catalogue_record", pk=record.pk), form_data(title="改"),
                           follow=True)
    assert any("不能执行此操作" in m for m in messages_of(response))
    record.refresh_from_db()
    assert record.title != "改"


@pytest.mark.django_db
def test_withdraw_needs_a_reason(client, agency, editor, reviewer):
    record = published(editor, reviewer, agency)
    client.force_login(reviewer)
    response = client.post(url("catalogue_record_withdraw", pk=record.pk), {"reason": ""})
    assert response.status_code == 400 and 'id="withdraw-reason_error"' in response.content.decode()
    response = client.post(url("catalogue_record_withdraw", pk=record.pk),
                           {"reason": "内容有误,已另行发布"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.WITHDRAWN and not record.is_public


@pytest.mark.django_db
def test_link_by_index_number(client, agency, editor, reviewer):
    policy = published(editor, reviewer, agency)
    draft = record_create(actor=editor, agency=agency,
                          **record_fields(title="《工作要点》解读", document_number=""))
    client.force_login(editor)
    response = client.post(url("catalogue_record_link", pk=draft.pk),
                           {"target": "002420455M/2020-09999", "kind": LinkKind.RELATED})
    assert response.status_code == 400 and "没有找到索取号" in response.content.decode()
    response = client.post(url("catalogue_record_link", pk=draft.pk),
                           {"target": policy.index_number, "kind": LinkKind.INTERPRETATION})
    assert response.status_code == 302
    assert RecordLink.objects.filter(source=draft, target=policy,
                                     kind=LinkKind.INTERPRETATION).exists()
    assert policy.title in client.get(url("catalogue_record", pk=draft.pk)).content.decode()


@pytest.mark.django_db
def test_rejected_attachment_is_explained(client, agency, editor):
    record = record_create(actor=editor, agency=agency, **record_fields())
    client.force_login(editor)
    upload = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    response = client.post(url("catalogue_record_attach", pk=record.pk), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="att-file_error"' in page and "可执行程序" in page
    assert not record.attachments.exists()


@pytest.mark.django_db
def test_department_editor_is_offered_only_their_department(client, agency):
    office, other = DepartmentFactory(agency=agency, name="办公室"), DepartmentFactory(
        agency=agency, name="律师工作管理处")
    user = UserFactory(username="office-editor")
    Membership.objects.create(user=user, role=Role.EDITOR, agency=agency, department=office)
    client.force_login(user)
    choices = dict(client.get(url("catalogue_record_new")).context["form"]
                   .fields["department"].choices)
    assert office.pk in choices and other.pk not in choices
    response = client.post(url("catalogue_record_new"), form_data(agency))
    assert response.status_code == 400 and "department" in response.context["form"].errors
    response = client.post(url("catalogue_record_new"), form_data(agency,
                                                                  department=str(office.pk)))
    assert response.status_code == 302
    assert Record.objects.get().department == office


@pytest.mark.django_db
def test_timeliness_flags_records_published_after_twenty_working_days(client, agency, editor,
                                                                      reviewer):
    office = DepartmentFactory(agency=agency, name="办公室")
    lawyers = DepartmentFactory(agency=agency, name="律师工作管理处")
    # Formed Thursday 2020-04-23: due 2020-05-22 (workdays worked example); published 06-15.
    with time_machine.travel(dt.datetime(2020, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        late = published(editor, reviewer, agency, department=office, document_number="")
    with time_machine.travel(dt.datetime(2020, 5, 20, 10, tzinfo=dt.UTC), tick=False):
        on_time = published(editor, reviewer, agency, department=lawyers, document_number="",
                            formed_on=dt.date(2020, 5, 6), title="按时发布的通知")
    client.force_login(reviewer)
    response = client.get(url("catalogue_timeliness"), {"year": "2020"})
    assert response.status_code == 200
    rows = {row.record.pk: row for row in response.context["rows"]}
    assert rows[late.pk].late and rows[late.pk].due_on == dt.date(2020, 5, 22)
    assert rows[late.pk].late_days == 24
    assert not rows[on_time.pk].late
    overall = response.context["overall"]
    assert (overall.total, overall.on_time, overall.late) == (2, 1, 1)
    counts = {c.department: (c.total, c.on_time, c.late) for c in response.context["counts"]}
    assert counts == {"办公室": (1, 0, 1), "律师工作管理处": (1, 1, 0)}
    page = response.content.decode()
    assert "2020-05-22" in page and "2020-06-15" in page and "逾期" in page

    response = client.get(url("catalogue_timeliness"), {"year": "2020",
                                                       "department": str(lawyers.pk)})
    assert [row.record.pk for row in response.context["rows"]] == [on_time.pk]

    client.force_login(editor)  # editors do not oversee
    assert client.get(url("catalogue_timeliness")).status_code == 403


@pytest.mark.django_db
def test_attribute_review_bulk_convert_and_campaign_progress(client, agency, agency_admin,
                                                             editor, reviewer):
    office = DepartmentFactory(agency=agency, name="办公室")
    withheld = {"disclosure_attribute": DisclosureAttribute.ON_REQUEST,
                "withholding_reason": "涉及第三方合法权益", "document_number": ""}
    records = [published(editor, reviewer, agency, title=f"历史文件{i}",
                         formed_on=dt.date(2012 + i, 3, 1), department=office if i else None,
                         **withheld) for i in range(3)]
    old = published(editor, reviewer, agency, title="2009年的文件", formed_on=dt.date(2009, 3, 1),
                    **withheld)
    assert not any(r.is_public for r in records)

    client.force_login(reviewer)  # reviewers decide, but only agency admins start campaigns
    assert client.get(url("catalogue_campaigns")).context["form"] is None
    assert client.post(url("catalogue_campaigns"), {"agency": agency.pk, "name": "x",
                                                    "since_year": 2010}).status_code == 403

    client.force_login(agency_admin)
    page = client.get(url("catalogue_campaigns"))
    assert page.context["form"]["since_year"].value() == 2010
    response = client.post(url("catalogue_campaigns"), {
        "agency": agency.pk, "name": "2010年以来历史文件转化", "since_year": "2010"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url("catalogue_campaign",
                                                                        pk=campaign.pk)
    assert set(campaign.reviews.values_list("record_id", flat=True)) == {r.pk for r in records}
    assert not AttributeReview.objects.filter(record=old).exists()

    queue_url = url("catalogue_attribute_reviews") + f"?campaign={campaign.pk}"
    queue = client.get(queue_url)
    reviews = {r.record_id: r for r in queue.context["page"]}
    assert set(reviews) == {r.pk for r in records}
    assert "历史文件0" in queue.content.decode()

    response = client.post(queue_url, {"reviews": [], "decision": "convert", "reason": ""})
    assert response.status_code == 400 and "请至少勾选一条信息" in response.content.decode()

    response = client.post(queue_url, {
        "reviews": [reviews[records[0].pk].pk, reviews[records[1].pk].pk],
        "decision": "convert", "reason": "经审查可以公开"}, follow=True)
    assert any("转为主动公开 2 条" in m for m in messages_of(response))
    for record in records:
        record.refresh_from_db()
    assert [r.is_public for r in records] == [True, True, False]
    assert records[0].disclosure_attribute == DisclosureAttribute.PROACTIVE
    assert records[0].current_version.number == 2

    progress = client.get(url("catalogue_campaign", pk=campaign.pk)).context["progress"]
    assert (progress["total"], progress["reviewed"], progress["converted"], progress["kept"],
            progress["pending"]) == (3, 2, 2, 0, 1)

    keep = {"reviews": [reviews[records[2].pk].pk], "decision": "keep"}
    response = client.post(queue_url, {**keep, "reason": ""})
    assert response.status_code == 400
    assert 'id="ar-reason_error"' in response.content.decode()
    assert client.post(queue_url, {**keep, "reason": "涉及个人隐私"}).status_code == 302

    response = client.get(url("catalogue_campaign", pk=campaign.pk))
    progress = response.context["progress"]
    assert (progress["total"], progress["reviewed"], progress["converted"], progress["kept"],
            progress["pending"]) == (3, 3, 2, 1, 0)
    assert progress["total"] == progress["reviewed"] + progress["pending"]
    assert progress["reviewed"] == progress["converted"] + progress["kept"]
    by_department = progress["by_department"]
    assert sum(d["total"] for d in by_department) == progress["total"]
    assert sum(d["converted"] for d in by_department) == progress["converted"]
    assert {d["record__department__name"]: d["total"] for d in by_department} == {
        None: 1, "办公室": 2}
    assert 'data-testid="pending">0<' in response.content.decode()
    assert list(client.get(queue_url).context["page"]) == []


@pytest.mark.django_db
def test_records_list_query_count_does_not_grow(client, agency, editor,
                                                django_assert_max_num_queries):
    topic, genre = Topic.objects.get(code="general"), Genre.objects.get(code="notice")

    def add(n):
        for i in range(n):
            department = DepartmentFactory(agency=agency)
            record_create(actor=editor, agency=agency, **record_fields(
                title=f"信息{i}", document_number="", topic=topic, genre=genre,
                department=department))

    add(3)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("catalogue_records")).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("catalogue_records"))
    assert response.context["page"].paginator.count == 43
    assert len(response.context["page"].object_list) == 43
    assert len(re.findall(r'href="/staff/catalogue/records/\d+/"', response.content.decode())) == 43


@pytest.mark.django_db
def test_records_list_filters_and_new_button(client, agency, editor, reviewer):
    published(editor, reviewer, agency, title="已发布的通知", document_number="")
    record_create(actor=editor, agency=agency, **record_fields(title="一份草稿"))
    client.force_login(editor)
    page = client.get(url("catalogue_records")).content.decode()
    assert "新建" in page and 'role="region"' in page
    drafts = client.get(url("catalogue_records"), {"status": "draft"})
    assert [r.title for r in drafts.context["page"]] == ["一份草稿"]
    found = client.get(url("catalogue_records"), {"q": "002420455M/2020-00001"})
    assert [r.title for r in found.context["page"]] == ["已发布的通知"]
    client.force_login(reviewer)
    assert url("catalogue_record_new") not in client.get(url("catalogue_records")).content.decode()
    assert client.get(url("catalogue_record_new")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["catalogue_records", "catalogue_record_new",
                                  "catalogue_review_queue", "catalogue_schedule",
                                  "catalogue_timeliness", "catalogue_attribute_reviews",
                                  "catalogue_campaigns"])
def test_anonymous_and_public_users_are_kept_out(client, public_user, name):
    response = client.get(url(name))
    assert response.status_code == 302 and response["Location"].startswith(url("login"))
    client.force_login(public_user)
    assert client.get(url(name)).status_code == 403


@pytest.mark.django_db
def test_posts_need_the_csrf_token(agency, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(url("catalogue_record_new"), form_data(agency)).status_code == 403
    assert not Record.objects.exists()
    page = client.get(url("catalogue_record_new")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.django_db
def test_every_input_on_the_record_page_has_a_label(client, agency, editor, agency_admin):
    """Every visible input, select and textarea has a <label for> (WCAG 1.3.1, 4.1.2)."""
    record = in_review(editor, agency, body=MOBILE_BODY)
    client.force_login(agency_admin)  # sees every panel: edit is closed, review is open
    for target in (url("catalogue_record", pk=record.pk), url("catalogue_record_new"),
                   url("catalogue_records"), url("catalogue_campaigns")):
        page = client.get(target).content.decode()
        ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*'
                         r'\sid="([^"]+)"', page)
        unlabelled = [i for i in ids if f'for="{i}"' not in page]
        inputs = len(re.findall(r'<(?:select|textarea)|<input(?![^>]*type="hidden")', page))
        assert ids and unlabelled == [] and inputs == len(ids), target


@pytest.mark.django_db
def test_campaign_page_says_which_conversions_were_held_for_review(client, agency, editor,
                                                                    reviewer, agency_admin):
    """Issue 14 defect 1, as the reviewer meets it on the page."""
    from gongkai.catalogue.services import campaign_start

    record = record_create(actor=editor, agency=agency, **record_fields(
        formed_on=dt.date(2015, 3, 2), document_number="",
        disclosure_attribute=DisclosureAttribute.ON_REQUEST, withholding_reason="涉及个人信息",
        body="申请人身份证号码11010519491231002X,手机13812345678。"))
    campaign = campaign_start(actor=agency_admin, agency=agency, name="历史信息转化")
    client.force_login(reviewer)
    queue_url = url("catalogue_attribute_reviews") + f"?campaign={campaign.pk}"
    response = client.post(queue_url, {"reviews": [campaign.reviews.get().pk],
                                       "decision": "convert", "reason": ""}, follow=True)
    assert any("1 条经保密检查发现需复核的内容" in m for m in messages_of(response))
    record.refresh_from_db()
    assert not record.is_public and record.status == RecordStatus.IN_REVIEW
    page = client.get(reverse("catalogue:record", kwargs={"agency": agency.slug,
                                                          "pk": record.pk}))
    assert page.status_code == 404 and "13812345678" not in page.content.decode()


@pytest.mark.django_db
def test_editor_marks_required_fields_and_previews_without_saving(client, agency, editor):
    """Issue 15: required markers ("*" and aria-required) and a server-side preview of the
    public page; nothing is saved until 保存."""
    client.force_login(editor)
    page = client.get(url("catalogue_record_new")).content.decode()
    title_label = re.search(r'<label for="rec-title">(.*?)</label>', page).group(1)
    assert 'class="required-mark"' in title_label
    assert re.search(r'<input[^>]*name="title"[^>]*aria-required="true"', page)
    assert 'required-mark' not in re.search(r'<label for="rec-summary">(.*?)</label>', page).group(1)
    response = client.post(url("catalogue_record_new"),
                           form_data(agency, action="preview", document_number="沪司办[2020]6号"))
    preview = response.content.decode().split('data-testid="record-preview"')[1]
    assert response.status_code == 200 and not Record.objects.exists()
    assert record_fields()["title"] in preview and "沪司办〔2020〕6号" in preview
    record = record_create(actor=editor, agency=agency, **record_fields())
    response = client.post(url("catalogue_record", pk=record.pk),
                           form_data(action="preview", title="改过的标题"))
    assert "改过的标题" in response.content.decode().split('data-testid="record-preview"')[1]
    record.refresh_from_db()
    assert record.title == record_fields()["title"]
