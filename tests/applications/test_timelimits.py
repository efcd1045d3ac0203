"""Worked examples of the statutory clock across holidays and make-up working days.

Each expected date was counted by hand from the State Council's schedules; the comments
say which days were skipped or counted.
"""

import datetime as dt

import pytest

from gongkai.applications import remedies, timelimits
from gongkai.applications.timelimits import Pause, compute_clock

D = dt.date


@pytest.mark.django_db
class TestReplyLimit:
    def test_reference_example_may_day_2020_with_make_up_days(self):
        # Thu 2020-04-23; Sun 26 Apr and Sat 9 May were working days; 1–5 May holidays.
        clock = compute_clock(received_on=D(2020, 4, 23), channel="in_person")
        assert clock.due_on == D(2020, 5, 22)
        assert not clock.provisional
        assert clock.explanation() == "2020-04-23收到申请(当面提交);20个工作日 → 2020-05-22"

    def test_spring_festival_2020_extension(self):
        # The 2020 Spring Festival holiday was extended to 2 February (Sat 1 Feb lost its
        # make-up status): 21–23 Jan count, 24 Jan–2 Feb do not.
        clock = compute_clock(received_on=D(2020, 1, 20), channel="post")
        assert clock.due_on == D(2020, 2, 25)

    def test_national_day_2025_with_two_make_up_days(self):
        # 1–8 Oct 2025 holidays; Sun 28 Sep and Sat 11 Oct were working days.
        clock = compute_clock(received_on=D(2025, 9, 26), channel="online")
        assert clock.due_on == D(2025, 10, 30)

    def test_national_day_2019(self):
        # 1–7 Oct 2019; Sun 29 Sep and Sat 12 Oct were working days.
        clock = compute_clock(received_on=D(2019, 9, 27), channel="fax")
        assert clock.due_on == D(2019, 10, 30)

    def test_received_on_a_holiday_counts_from_next_working_day(self):
        # Received during the 2024 National Day holiday (1–7 Oct); 8 Oct is day 1.
        # Make-up days 29 Sep and 12 Oct 2024: 12 Oct is day 4.
        clock = compute_clock(received_on=D(2024, 10, 3), channel="ordinary_mail")
        assert clock.due_on == D(2024, 11, 1)

    def test_limit_ending_in_unknown_year_is_provisional(self):
        clock = compute_clock(received_on=D(2026, 12, 10), channel="online")
        assert clock.due_on == D(2027, 1, 7)  # weekends only: 1 Jan 2027 counted
        assert clock.provisional
        assert clock.steps[-1].kind == "provisional"

    def test_declared_year_is_not_provisional(self):
        from gongkai.workdays.models import CalendarDay, CalendarYear

        CalendarYear.objects.create(year=2027, source="测试")
        CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")
        clock = compute_clock(received_on=D(2026, 12, 10), channel="online")
        assert clock.due_on == D(2027, 1, 8)
        assert not clock.provisional

    def test_correction_restarts_the_clock(self):
        # Art. 30: counted from the day the correction arrives, not from receipt.
        clock = compute_clock(received_on=D(2020, 4, 23), channel="in_person",
                              corrected_on=D(2020, 5, 11))
        assert clock.start_on == D(2020, 5, 11)
        assert clock.due_on == D(2020, 6, 8)
        assert [s.kind for s in clock.steps] == ["received", "corrected", "limit"]

    def test_consultation_pause_is_excluded(self):
        # 6 May–14 May 2020 pauses 7 working days (Sat 9 May was a working day).
        clock = compute_clock(received_on=D(2020, 4, 23), channel="in_person",
                              pauses=[Pause("third_party_consultation", D(2020, 5, 6), D(2020, 5, 14))])
        assert clock.paused_working_days == 7
        assert clock.due_on == D(2020, 6, 2)

    def test_open_consultation_assumes_full_fifteen_days(self):
        clock = compute_clock(received_on=D(2020, 4, 23), channel="in_person",
                              pauses=[Pause("third_party_consultation", D(2020, 5, 6), None)])
        assert clock.paused_working_days == 15
        assert clock.due_on == D(2020, 6, 12)
        assert "尚未结束" in clock.explanation()

    def test_extension_across_dragon_boat_2020(self):
        # After the pause: 2 Jun + 20 working days; 25–27 Jun holidays, Sun 28 Jun worked.
        clock = compute_clock(received_on=D(2020, 4, 23), channel="in_person",
                              pauses=[Pause("third_party_consultation", D(2020, 5, 6), D(2020, 5, 14))],
                              extension_working_days=20)
        assert clock.due_on == D(2020, 7, 1)
        assert clock.explanation().endswith("经批准延期20个工作日 → 2020-07-01")

    def test_extension_over_twenty_days_is_refused(self):
        with pytest.raises(timelimits.TimeLimitError):
            compute_clock(received_on=D(2024, 3, 1), channel="post", extension_working_days=21)

    def test_pause_before_the_restart_is_ignored(self):
        clock = compute_clock(received_on=D(2024, 3, 1), channel="post",
                              corrected_on=D(2024, 3, 20),
                              pauses=[Pause("third_party_consultation", D(2024, 3, 4), D(2024, 3, 8))])
        assert clock.paused_working_days == 0
        assert clock.due_on == D(2024, 4, 18)  # 4 Apr 2024 (Qingming) is a holiday


@pytest.mark.django_db
class TestOtherLimits:
    def test_correction_notice_window_reference_example(self):
        # Fri 2024-09-27 + 7 working days → Sat 2024-10-12 (a make-up working day).
        assert timelimits.correction_notice_deadline(D(2024, 9, 27)) == D(2024, 10, 12)

    def test_correction_window_closing_warning(self):
        received = D(2024, 9, 27)
        assert not timelimits.correction_window_closing(received, D(2024, 9, 29))
        assert not timelimits.correction_window_closing(received, D(2024, 10, 9))  # 3 left
        assert timelimits.correction_window_closing(received, D(2024, 10, 10))  # 2 left
        assert timelimits.correction_window_left(received, D(2024, 10, 14)) < 0

    def test_consultation_fifteen_working_days_over_spring_festival_2024(self):
        # 10–17 Feb 2024 holidays; Sun 4 Feb and Sat 18 Feb were working days.
        assert timelimits.third_party_consultation_answer_by(D(2024, 2, 5)) == D(2024, 3, 1)

    def test_fee_period_default_twenty_working_days(self, settings):
        # 29 Sep–6 Oct 2023 holidays; Sat 7 and Sun 8 Oct worked.
        assert timelimits.fee_pay_by(D(2023, 9, 25)) == D(2023, 10, 27)
        settings.GONGKAI_APPLICATIONS_FEE_PAYMENT_WORKING_DAYS = 10
        assert timelimits.fee_pay_by(D(2023, 9, 25)) == D(2023, 10, 13)

    def test_receipt_rules_per_channel(self):
        assert set(timelimits.RECEIPT_RULES) == set(timelimits.CHANNELS)
        assert timelimits.receipt_date("post", D(2024, 5, 6)) == D(2024, 5, 6)
        with pytest.raises(timelimits.TimeLimitError):
            timelimits.receipt_date("ordinary_mail", D(2024, 5, 5), arrived_on=D(2024, 5, 6))
        with pytest.raises(timelimits.TimeLimitError):
            timelimits.receipt_date("pigeon", D(2024, 5, 6))

    def test_online_receipt_on_a_holiday(self, settings):
        submitted = dt.datetime(2024, 10, 3, 9, tzinfo=dt.UTC)
        assert timelimits.online_receipt_date(submitted) == D(2024, 10, 3)
        settings.GONGKAI_APPLICATIONS_ONLINE_RECEIPT = "next_working_day"
        assert timelimits.online_receipt_date(submitted) == D(2024, 10, 8)

    def test_remedy_deadlines(self):
        assert remedies.reconsideration_deadline(D(2024, 1, 10)) == D(2024, 3, 10)
        assert remedies.litigation_deadline(D(2024, 8, 31)) == D(2025, 2, 28)

    def test_days_left_many_signed(self):
        lefts = timelimits.working_days_left_many([D(2020, 5, 22), D(2020, 4, 20)],
                                                  today=D(2020, 4, 23))
        assert lefts == [20, -3]


@pytest.mark.django_db
def test_days_left_many_matches_the_workdays_calendar():
    from gongkai.workdays.calendar import count_working_days

    today = D(2024, 10, 9)  # inside the National Day make-up period
    dues = [today + dt.timedelta(days=k) for k in range(-40, 41, 3)]
    expected = [count_working_days(today, d) if d >= today else -count_working_days(d, today)
                for d in dues]
    assert timelimits.working_days_left_many(dues, today) == expected
