import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.consultations import selectors, services
from gongkai.consultations.models import (
    Comment,
    ConsultationStatus,
    Disposition,
    Moderation,
    ReportStatus,
)
from gongkai.consultations.workflow import TRANSITIONS, InvalidTransition
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from tests.consultations.factories import comment, consultation, open_consultation
from tests.factories import DepartmentFactory, staff

S = ConsultationStatus
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_transition_table_is_the_documented_one():
    assert TRANSITIONS[(S.DRAFT, "schedule")] == S.SCHEDULED
    assert TRANSITIONS[(S.OPEN, "close")] == S.CLOSED
    assert TRANSITIONS[(S.CLOSED, "report")] == S.REPORTED
    assert (S.REPORTED, "open") not in TRANSITIONS


def test_create_needs_an_editor_of_the_agency(agency, other_agency):
    outsider = staff(Role.EDITOR, other_agency, "outsider")
    with pytest.raises(PermissionDeniedError):
        services.consultation_create(actor=outsider, agency=agency, kind="normative",
                                     title="草案", text="第一条 甲。")
    editor = staff(Role.EDITOR, agency, "ed")
    c = services.consultation_create(actor=editor, agency=agency, kind="normative",
                                     title="草案", text="第一条 甲。")
    assert c.status == S.DRAFT and c.versions.get().number == 1
    assert AuditEvent.objects.filter(verb="consultations.create").exists()


def test_a_period_shorter_than_the_minimum_needs_a_reason_which_is_kept(agency):
    c = consultation(agency, kind="major_decision")
    with pytest.raises(ValidationError) as err:
        services.consultation_schedule(actor=None, consultation=c, opens_on=dt.date(2026, 3, 3),
                                       closes_on=dt.date(2026, 3, 20))
    assert "period_reason" in err.value.message_dict
    c.refresh_from_db()
    assert c.status == S.DRAFT
    c = services.consultation_schedule(actor=None, consultation=c, opens_on=dt.date(2026, 3, 3),
                                       closes_on=dt.date(2026, 3, 20),
                                       period_reason="因防汛工作紧急,需尽快出台。")
    assert c.status == S.SCHEDULED and c.period_reason == "因防汛工作紧急,需尽快出台。"
    assert c.minimum_closes_on == dt.date(2026, 4, 2)


def test_a_full_period_keeps_no_reason(agency):
    c = consultation(agency, kind="normative")
    c = services.consultation_schedule(actor=None, consultation=c, opens_on=dt.date(2026, 3, 3),
                                       closes_on=dt.date(2026, 3, 20), period_reason="不需要")
    assert c.period_reason == ""


def test_scheduled_opens_on_its_day_and_closes_after_its_last_day(agency):
    c = consultation(agency)
    c = services.consultation_schedule(actor=None, consultation=c, opens_on=dt.date(2026, 3, 3),
                                       closes_on=dt.date(2026, 3, 13))
    assert services.tick() == {"opened": 0, "closed": 0}
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 10, tzinfo=NOW.tzinfo), tick=False):
        assert services.tick() == {"opened": 1, "closed": 0}
    c.refresh_from_db()
    assert c.status == S.OPEN
    with time_machine.travel(dt.datetime(2026, 3, 13, 23, 50, tzinfo=NOW.tzinfo), tick=False):
        assert services.tick()["closed"] == 0
        comment(c)  # still the last day
    with time_machine.travel(dt.datetime(2026, 3, 14, 0, 5, tzinfo=NOW.tzinfo), tick=False):
        assert services.tick()["closed"] == 1
    c.refresh_from_db()
    assert c.status == S.CLOSED


def test_staff_cannot_close_before_the_period_ends(agency):
    c = open_consultation(agency)
    with pytest.raises(ValidationError):
        services.consultation_close(actor=None, consultation=c)


def test_invalid_transition_is_refused(agency):
    c = consultation(agency)
    with pytest.raises(InvalidTransition) as err:
        services.consultation_close(actor=None, consultation=c)
    assert "草稿" in err.value.message


def test_a_comment_after_the_closing_moment_is_refused_and_nothing_is_stored(agency):
    c = open_consultation(agency, days=10)
    with time_machine.travel(NOW + dt.timedelta(days=11), tick=False):
        with pytest.raises(services.PeriodClosed) as err:
            comment(c)
    assert "截止" in err.value.message and "未被保存" in err.value.message
    assert Comment.objects.count() == 0


def test_comment_gets_a_tracking_code_and_is_found_with_it(agency):
    c = open_consultation(agency)
    sub = comment(c, anchor="a2p2", display_name="老张", email="zhang@example.com")
    assert sub.created and sub.tracking_code.startswith("YJ-2026-")
    assert sub.comment.anchor_label == "第二条第二款"
    assert sub.comment.moderation == Moderation.PENDING
    assert selectors.comment_by_tracking_code(agency, sub.tracking_code.lower()) == sub.comment
    number, _code = services.split_tracking_code(sub.tracking_code)
    assert selectors.comment_by_tracking_code(agency, f"{number}-ABCDEFGHJK") is None


def test_a_retried_comment_with_the_same_key_is_one_comment(agency):
    c = open_consultation(agency)
    first = comment(c, idempotency_key="k1")
    again = comment(c, idempotency_key="k1")
    assert not again.created and again.comment == first.comment
    assert again.tracking_code == first.tracking_code
    with pytest.raises(services.intake.IdempotencyConflict):
        comment(c, text="另一条意见", idempotency_key="k1")


@pytest.mark.parametrize("fields,field", [
    ({"text": "  "}, "text"), ({"text": "长" * 5001}, "text"),
    ({"anchor": "a99"}, "anchor"), ({"email": "not-an-email"}, "email"),
    ({"display_name": "名" * 41}, "display_name"),
])
def test_bad_comments_are_refused_by_field(agency, fields, field):
    c = open_consultation(agency)
    with pytest.raises(ValidationError) as err:
        comment(c, **fields)
    assert field in err.value.message_dict
    assert Comment.objects.count() == 0


def test_html_is_stored_as_written(agency):
    c = open_consultation(agency)
    sub = comment(c, text="<script>alert(1)</script>意见")
    assert sub.comment.text == "<script>alert(1)</script>意见"


def test_agency_setting_publishes_at_once(agency, agency_admin):
    services.settings_set(actor=agency_admin, agency=agency, publish_immediately=True)
    c = open_consultation(agency)
    assert comment(c).comment.moderation == Moderation.PUBLISHED


def test_settings_are_the_administrators(agency, editor):
    with pytest.raises(PermissionDeniedError):
        services.settings_set(actor=editor, agency=agency, publish_immediately=True)


def test_hiding_needs_a_reason_the_commenter_sees(agency, editor):
    c = open_consultation(agency)
    sub = comment(c)
    with pytest.raises(ValidationError):
        services.comment_moderate(actor=editor, comment=sub.comment, publish=False)
    services.comment_moderate(actor=editor, comment=sub.comment, publish=False,
                              reason="含有他人的个人信息")
    found = selectors.comment_by_tracking_code(agency, sub.tracking_code)
    assert found.moderation == Moderation.HIDDEN and found.hidden_reason == "含有他人的个人信息"


def test_a_version_with_comments_is_never_edited_a_new_one_shows_the_change(agency, editor):
    c = consultation(agency)
    v1 = c.versions.get()
    services.version_edit(actor=editor, version=v1, text="第一条 改正错字。")  # no comments yet
    c = services.consultation_open(actor=editor, consultation=c,
                                   closes_on=dt.date(2026, 3, 31))
    comment(c, anchor="a1")
    with pytest.raises(InvalidTransition):  # open: a change is a new version
        services.version_edit(actor=editor, version=v1, text="第一条 再改。")
    v2 = services.version_add(actor=editor, consultation=c, text="第一条 改正错字。\n第二条 新增。",
                              note="新增第二条")
    assert v2.number == 2
    v1.refresh_from_db()
    assert v1.text == "第一条 改正错字。"
    assert comment(c, anchor="a2").comment.version == v2


def test_offline_comments_keep_their_channel_and_date(agency, editor):
    c = open_consultation(agency)
    with pytest.raises(ValidationError):
        services.comment_enter(actor=editor, consultation=c, text="信函意见", channel="online",
                               received_on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.comment_enter(actor=editor, consultation=c, text="信函意见", channel="post",
                               received_on=dt.date(2026, 2, 1))
    sub = services.comment_enter(actor=editor, consultation=c, text="信函意见", channel="post",
                                 received_on=dt.date(2026, 3, 2))
    assert sub.comment.channel == "post" and sub.comment.entered_by == editor
    assert sub.tracking_code


def _closed_with_comments(agency, editor):
    c = open_consultation(agency, days=10)
    campaign = "我们坚决反对在本小区附近设立垃圾中转站,请重新选址,保护居民健康和生活环境。"
    subs = [comment(c, text=campaign, email="a@example.com"),
            comment(c, text=campaign + "!"),
            comment(c, text=campaign.replace("坚决", "强烈")),
            comment(c, text="建议第三条增加公开办理时限。", anchor="a3", email="b@example.com"),
            comment(c, text="第三条应当明确投诉渠道的答复期限。", anchor="a3"),
            comment(c, text="联系我:13800138000,广告")]
    for s in subs[:-1]:
        services.comment_moderate(actor=editor, comment=s.comment, publish=True)
    services.comment_moderate(actor=editor, comment=subs[-1].comment, publish=False,
                              reason="与征求意见内容无关")
    return c, subs


def test_grouping_and_bulk_answers(agency, editor):
    c, subs = _closed_with_comments(agency, editor)
    assert services.comments_group(actor=editor, consultation=c) == 1
    group = c.groups.get()
    assert group.size == 3
    n = services.comments_answer_bulk(actor=editor, consultation=c, group=group,
                                      disposition=Disposition.NOT_ADOPTED,
                                      answer="选址经过专家论证,符合规划。")
    assert n == 3
    template = services.template_create(actor=editor, agency=agency, title="采纳", disposition="adopted",
                                        text="感谢您的意见,已采纳。")
    n = services.comments_answer_bulk(actor=editor, consultation=c, article="a3",
                                      disposition="adopted", template=template)
    assert n == 2
    assert Comment.objects.get(pk=subs[3].comment.pk).answer == "感谢您的意见,已采纳。"
    with pytest.raises(ValidationError):  # not adopted needs a reason
        services.comment_answer(actor=editor, comment=subs[0].comment, disposition="not_adopted",
                                answer="")


def test_report_from_generation_to_publication(agency, editor, head, settings,
                                               django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    DepartmentFactory(agency=agency, name="办公室")
    c, subs = _closed_with_comments(agency, editor)
    with pytest.raises(InvalidTransition):  # still open
        services.report_generate(actor=editor, consultation=c)
    with time_machine.travel(NOW + dt.timedelta(days=12), tick=False):
        services.tick()
        c.refresh_from_db()
        with pytest.raises(ValidationError) as err:  # unanswered comments
            services.report_generate(actor=editor, consultation=c)
        assert "未答复" in str(err.value)
        services.comments_group(actor=editor, consultation=c)
        services.comments_answer_bulk(actor=editor, consultation=c, group=c.groups.get(),
                                      disposition="not_adopted", answer="选址符合规划。")
        services.comments_answer_bulk(actor=editor, consultation=c, article="a3",
                                      disposition="partly", answer="部分采纳,增加答复期限。")
        # Answers are not public before the report.
        assert not selectors.answers_public(c)
        report = services.report_generate(actor=editor, consultation=c, summary="总体赞同。")
        t = report.figures["totals"]
        assert t == {"received": 6, "published": 5, "hidden": 1, "adopted": 2, "adoption_rate": 40.0}
        assert "共3条相同或相近意见" in report.body and "13800138000" not in report.body
        with pytest.raises(ValidationError):  # not reviewed
            services.report_publish(actor=head, report=report)
        with pytest.raises(PermissionDeniedError):
            services.report_review(actor=editor, report=report)
        report = services.report_review(actor=head, report=report)
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_publish(actor=head, report=report)
    c.refresh_from_db()
    assert c.status == S.REPORTED and report.status == ReportStatus.PUBLISHED
    assert report.record.status == "published"
    assert selectors.answers_public(c)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert AuditEvent.objects.filter(verb="record.publish_external").exists()


def test_extension_is_a_public_notice(agency, editor):
    c = open_consultation(agency, days=10)
    with pytest.raises(ValidationError):
        services.consultation_extend(actor=editor, consultation=c,
                                     closes_on=c.closes_on + dt.timedelta(days=5), notice="")
    c = services.consultation_extend(actor=editor, consultation=c,
                                     closes_on=c.closes_on + dt.timedelta(days=5),
                                     notice="应社会各界要求,延长征求意见期限。")
    assert c.events.filter(verb="extend", public=True).exists()


def test_decision_directory_stages(agency, editor):
    d = services.decision_create(actor=editor, agency=agency, year=2026, title="公共法律服务体系建设规划",
                                 stages={"public_participation": dt.date(2026, 4, 1)})
    assert d.stages.count() == 7 and d.current_stage == ""
    services.decision_stage_update(actor=editor, decision=d, stage="public_participation",
                                   done_on=dt.date(2026, 3, 1))
    services.decision_stage_update(actor=editor, decision=d, stage="expert_review",
                                   done_on=dt.date(2026, 3, 2))
    assert d.current_stage == "expert_review"
    with pytest.raises(ValidationError):
        services.decision_stage_update(actor=editor, decision=d, stage="publication",
                                       done_on=dt.date(2026, 12, 1))


def test_calendar_change_moves_the_minimum(agency):
    from gongkai.workdays.calendar import WorkingCalendar
    from gongkai.workdays.clock import Clock
    from gongkai.workdays.deadlines import CalendarChange

    c = open_consultation(agency)
    from gongkai.consultations.models import Consultation

    Consultation.objects.filter(pk=c.pk).update(minimum_closes_on=dt.date(2026, 1, 1))
    moved = services.recalculate_after_calendar_change(
        CalendarChange(verb="calendar.day_set", summary="测试"), Clock(WorkingCalendar()))
    assert moved == 1
    c.refresh_from_db()
    assert c.minimum_closes_on == dt.date(2026, 3, 11)


def test_a_commented_version_is_not_edited_even_before_opening(agency, editor):
    c = consultation(agency)
    v1 = c.versions.get()
    Comment.objects.create(consultation=c, version=v1, case_number="YJ-2026-999999",
                           text="早先录入的意见", received_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as err:
        services.version_edit(actor=editor, version=v1, text="第一条 再改。")
    assert "新版本" in str(err.value)
