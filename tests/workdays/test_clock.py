"""Worked examples of the clock engine, one group per unit.

Each expected date was counted by hand from the State Council's schedules (the comments
name the days skipped or counted); the law modules' own examples are in
tests/applications/test_timelimits.py.
"""

import datetime as dt

import pytest

from gongkai.workdays.calendar import WorkingCalendar
from gongkai.workdays.clock import (
    SHANGHAI,
    Clock,
    ClockError,
    Limit,
    Pause,
    StartRule,
    Unit,
    add_months,
    deadline,
    due,
)

D = dt.date
WD, CD, MONTHS, HOURS = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS, Unit.HOURS


def at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.django_db
class TestWorkingDays:
    def test_spring_festival_2025_with_make_up_sunday(self):
        # Fri 24 Jan 2025: Sun 26 Jan worked (1), Mon 27 (2); 28 Jan–4 Feb off;
        # 5, 6, 7 Feb (3–5). Sat 8 Feb was also a make-up day: the 6th working day.
        limit = Limit(5, WD, "测试")
        assert deadline(limit, D(2025, 1, 24)).due == D(2025, 2, 7)
        assert due(limit.with_amount(6), D(2025, 1, 24)).at == D(2025, 2, 8)
        assert Clock().count(D(2025, 1, 24), D(2025, 2, 8), WD) == 6

    def test_start_rules(self):
        # The day of receipt counted (Mon 6 Mar 2023 is day 1) or not (the default).
        assert due(Limit(5, WD, "测试", StartRule.EVENT_DAY), D(2023, 3, 6)).at == D(2023, 3, 10)
        assert due(Limit(5, WD, "测试"), D(2023, 3, 6)).at == D(2023, 3, 13)
        # An event on a rest day (Sat 5 Oct 2024, National Day) starts on Tue 8 Oct, which
        # is not counted itself.
        rest_day = deadline(Limit(1, WD, "测试", StartRule.NEXT_WORKING_DAY), D(2024, 10, 5))
        assert rest_day.start == D(2024, 10, 8) and rest_day.due == D(2024, 10, 9)
        assert rest_day.steps[0].kind == "start" and "2024-10-08起算" in rest_day.steps[0].text
        assert due(Limit(1, WD, "测试"), D(2024, 10, 5)).at == D(2024, 10, 8)

    def test_pause_and_extension(self):
        # 20 working days from Thu 23 Apr 2020 → 22 May; a pause 6–14 May covers 7 working
        # days (Sat 9 May worked) → 2 Jun; 20 more across Dragon Boat (25–27 Jun off, Sun
        # 28 Jun worked) → 1 Jul.
        found = deadline(Limit(20, WD, "测试"), D(2020, 4, 23), extension=20,
                         pauses=[Pause("征求意见", D(2020, 5, 6), D(2020, 5, 14))])
        assert found.paused == 7 and found.due == D(2020, 7, 1)
        assert found.explanation() == (
            "20个工作日 → 2020-05-22;征求意见暂停7个工作日(2020-05-06至2020-05-14) → 2020-06-02;"
            "经批准延期20个工作日 → 2020-07-01")
        assert [s.as_dict()["working_days"] for s in found.steps] == [20, 7, 20]

    def test_open_pause_assumes_its_own_period(self):
        found = deadline(Limit(20, WD, "测试"), D(2020, 4, 23),
                         pauses=[Pause("征求意见", D(2020, 5, 6), None, Limit(15, WD, "测试"))])
        assert found.paused == 15 and found.due == D(2020, 6, 12)
        assert "尚未结束" in found.steps[-1].text

    def test_provisional_year_says_so(self):
        # 2027 has no schedule (chinese-calendar knows up to 2026): weekends only.
        found = deadline(Limit(20, WD, "测试"), D(2026, 12, 10))
        assert found.due == D(2027, 1, 7) and found.provisional
        assert found.steps[-1].kind == "provisional"

    def test_shared_snapshot_needs_no_query(self, django_assert_num_queries):
        # A single deadline loads its own snapshot (one query); a shared one loads once.
        with django_assert_num_queries(1):
            deadline(Limit(20, WD, "测试"), D(2024, 1, 2))
        clock = Clock(WorkingCalendar())
        with django_assert_num_queries(0):
            for k in range(50):
                clock.deadline(Limit(20, WD, "测试"), D(2024, 1, 2) + dt.timedelta(days=k))


class TestCalendarDays:
    def test_sixty_days_across_february_of_a_leap_year(self):
        # 21 days left in January, 29 in February, 10 in March.
        assert deadline(Limit(60, CD, "测试"), D(2024, 1, 10)).due == D(2024, 3, 10)

    def test_holidays_do_not_matter_and_nothing_is_provisional(self):
        # Ends on 3 Feb 2025, inside the Spring Festival holiday: not moved.
        assert due(Limit(10, CD, "测试"), D(2025, 1, 24)).at == D(2025, 2, 3)
        found = deadline(Limit(30, CD, "测试"), D(2026, 12, 10))
        assert found.due == D(2027, 1, 9) and not found.provisional

    def test_event_day_counts_as_day_one(self):
        assert due(Limit(1, CD, "测试", StartRule.EVENT_DAY), D(2024, 5, 6)).at == D(2024, 5, 6)


class TestMonths:
    def test_end_of_month_rule(self):
        # 民法典 Art. 202: no corresponding day → the month's last day.
        assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
        assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
        assert add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)
        assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
        assert deadline(Limit(1, MONTHS, "测试"), D(2025, 1, 31)).explanation() == "1个月 → 2025-02-28"

    def test_count_inverts_add(self):
        clock = Clock()
        assert clock.count(D(2025, 1, 31), D(2025, 2, 28), MONTHS) == 1
        assert clock.count(D(2025, 1, 31), D(2025, 2, 27), MONTHS) == 0
        assert clock.count(D(2024, 8, 31), D(2025, 2, 28), MONTHS) == 6

    def test_pause_in_days_and_extension_in_months(self):
        found = deadline(Limit(6, MONTHS, "测试"), D(2024, 8, 31), extension=1,
                         pauses=[Pause("中止", D(2024, 9, 10), D(2024, 9, 20))])
        assert found.explanation() == (
            "6个月 → 2025-02-28;中止暂停10日(2024-09-10至2024-09-20) → 2025-03-10;"
            "经批准延期1个月 → 2025-04-10")


class TestHours:
    def test_around_the_clock_across_midnight_and_a_holiday(self):
        # 除夕 2025-01-28 20:00 + 24 h: the Spring Festival holiday is not skipped.
        found = deadline(Limit(24, HOURS, "测试"), at(2025, 1, 28, 20, 0))
        assert found.due == at(2025, 1, 29, 20, 0) and found.due_on == D(2025, 1, 29)
        assert not found.provisional
        assert found.explanation() == "24小时 → 2025-01-29 20:00"

    def test_shanghai_time_whatever_the_input_zone(self):
        # 23:00 UTC on 30 Sep is 07:00 on 1 Oct in Shanghai (National Day): + 5 h → 12:00.
        found = deadline(Limit(5, HOURS, "测试"), dt.datetime(2024, 9, 30, 23, 0, tzinfo=dt.UTC))
        assert found.due == at(2024, 10, 1, 12, 0)
        assert found.due.utcoffset() == dt.timedelta(hours=8)
        assert found.due_on == D(2024, 10, 1)

    def test_pause_to_the_minute_and_extension(self):
        found = deadline(Limit(48, HOURS, "测试"), at(2025, 1, 28, 20, 0), extension=24,
                         pauses=[Pause("核实", at(2025, 1, 29, 9, 0), at(2025, 1, 29, 11, 30))])
        assert found.paused == 150
        assert found.due == at(2025, 1, 31, 22, 30)
        assert [s.kind for s in found.steps] == ["limit", "pause", "extension"]
        assert Clock().count(at(2025, 1, 28, 20, 0), found.due, HOURS) == 74

    def test_hours_need_a_moment(self):
        with pytest.raises(ClockError):
            deadline(Limit(5, HOURS, "测试"), D(2024, 10, 1))
        with pytest.raises(ClockError):
            deadline(Limit(5, HOURS, "测试"), dt.datetime(2024, 10, 1, 9, 0))  # naive
        with pytest.raises(ClockError):
            Limit(5, HOURS, "测试", StartRule.EVENT_DAY)


def test_a_limit_cannot_be_negative():
    with pytest.raises(ClockError):
        Limit(-1, CD, "测试")
    with pytest.raises(ClockError):
        deadline(Limit(1, CD, "测试"), D(2024, 1, 1), extension=-1)


@pytest.mark.django_db
def test_any_page_can_show_the_steps():
    from django.template.loader import render_to_string

    known = deadline(Limit(20, WD, "测试"), D(2020, 4, 23))
    html = render_to_string("workdays/clock_steps.html", {"steps": known.steps_json()})
    assert "<li>20个工作日 → 2020-05-22</li>" in html
    unknown = deadline(Limit(20, WD, "测试"), D(2026, 12, 10))
    html = render_to_string("workdays/clock_steps.html", {"steps": unknown.steps_json()})
    assert '<li class="provisional">期限所在年度的节假日安排尚未公布' in html
