import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.consultations import attendance, services
from gongkai.consultations.models import ApplicationStatus

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def call(agency, editor):
    with time_machine.travel(NOW, tick=False):
        decision = services.decision_create(actor=editor, agency=agency, year=2026, title="规划")
        return attendance.call_create(actor=editor, decision=decision, meeting="局长办公会议",
                                      meeting_on=dt.date(2026, 3, 20), seats=2,
                                      apply_until=dt.date(2026, 3, 10))


def _apply(call, n):
    return attendance.apply(call=call, name=f"报名人{n}", category="citizen", reason="关心此事",
                            contact=f"1380000000{n}", idempotency_key=f"k{n}")[0]


def test_call_needs_seats_and_an_earlier_closing(agency, editor):
    with time_machine.travel(NOW, tick=False):
        decision = services.decision_create(actor=editor, agency=agency, year=2026, title="规划")
        with pytest.raises(ValidationError) as err:
            attendance.call_create(actor=editor, decision=decision, meeting="会议",
                                   meeting_on=dt.date(2026, 3, 5), seats=0,
                                   apply_until=dt.date(2026, 3, 6))
    assert {"seats", "apply_until"} <= set(err.value.message_dict)


def test_applications_after_the_closing_date_are_refused(call):
    with time_machine.travel(NOW + dt.timedelta(days=9), tick=False):
        with pytest.raises(attendance.AttendanceClosed):
            _apply(call, 1)
    assert not call.applications.exists()


def test_oversubscribed_draw_is_reproducible_from_the_published_seed(call, editor):
    with time_machine.travel(NOW, tick=False):
        items = [_apply(call, n) for n in range(5)]
        assert _apply(call, 0) == items[0]  # a retry is one application
        with pytest.raises(ValidationError):  # before the closing date
            attendance.select(actor=editor, call=call, seed="x")
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        with pytest.raises(ValidationError):  # oversubscribed: a seed is required
            attendance.select(actor=editor, call=call)
        call = attendance.select(actor=editor, call=call, seed="20260312-福彩3D-517")
    order = attendance.draw_order(call.seed, [i.case_number for i in items])
    chosen = {i.case_number for i in call.applications.filter(status=ApplicationStatus.SELECTED)}
    assert chosen == set(order[:2])
    assert [i.case_number for i in call.applications.order_by("draw_rank")] == order


def test_everyone_is_selected_when_seats_suffice_and_attendance_is_recorded(call, editor):
    with time_machine.travel(NOW, tick=False):
        first = _apply(call, 1)
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        call = attendance.select(actor=editor, call=call)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED and call.seed == ""
    attendance.record(actor=editor, application=first, attended=True)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.ATTENDED


def test_public_apply_page_and_results_on_the_decision_page(client, call, editor):
    from django.urls import reverse

    agency = call.decision.agency
    url = reverse("consultations:attendance_apply", kwargs={
        "agency": agency.slug, "pk": call.decision_id, "call_pk": call.pk})
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 200
        bad = client.post(url, {"name": "", "category": "citizen", "reason": "x", "contact": "y"})
        assert bad.status_code == 400 and "请填写姓名" in bad.content.decode()
        for n in range(3):
            done = client.post(url, {"name": f"张{n}", "category": "business", "reason": "关心",
                                     "contact": "13800000000", "idempotency_key": f"w{n}"})
            assert "报名编号 LX-2026-" in done.content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        attendance.select(actor=editor, call=call, seed="公开种子")
        page = client.get(reverse("consultations:decision", kwargs={
            "agency": agency.slug, "pk": call.decision_id})).content.decode()
    assert "公开种子" in page and "入选" in page and "未入选" in page
    assert "张0" not in page and "13800000000" not in page


def test_staff_announce_and_select_on_the_decision_page(client, agency, editor):
    from django.urls import reverse

    with time_machine.travel(NOW, tick=False):
        decision = services.decision_create(actor=editor, agency=agency, year=2026, title="规划")
        client.force_login(editor)
        client.post(reverse("staff:consultations_attendance_call", kwargs={"pk": decision.pk}), {
            "meeting": "局务会议", "meeting_on": "2026-03-20", "seats": "1",
            "apply_until": "2026-03-10"})
        call = decision.attendance_calls.get()
        _apply(call, 1)
        _apply(call, 2)
        page = client.get(reverse("staff:consultations_decision", kwargs={"pk": decision.pk}))
        assert "报名人1" in page.content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        client.force_login(editor)
        response = client.post(reverse("staff:consultations_attendance_select",
                                       kwargs={"pk": call.pk}), {"seed": ""}, follow=True)
        assert "须输入公开的随机种子" in response.content.decode()
        client.post(reverse("staff:consultations_attendance_select", kwargs={"pk": call.pk}),
                    {"seed": "123"})
    assert call.applications.filter(status="selected").count() == 1
