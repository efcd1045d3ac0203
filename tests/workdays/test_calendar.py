"""Working-day arithmetic, from the worked examples in the reference and the State
Council's published schedules for 2020–2026 (each case names the notice's fact it uses)."""

import datetime as dt

import pytest

from gongkai.workdays import calendar as wd
from gongkai.workdays.services import calendar_day_clear, calendar_day_set, calendar_year_declare

D = dt.date.fromisoformat

WORKED_EXAMPLES = [
    # disclosure-law.md: 26 April (Sun) and 9 May (Sat) worked, 1–5 May off.
    ("2020-04-23", 20, "2020-05-22"),
    # disclosure-law.md: 12 October 2024 was a make-up Saturday.
    ("2024-09-27", 7, "2024-10-12"),
    # 2020: Spring Festival extended to 2 February (国办发明电〔2020〕1号).
    ("2020-01-23", 1, "2020-02-03"),
    # 2021: 7 February (Sun) was a make-up working day.
    ("2021-02-05", 1, "2021-02-07"),
    ("2021-02-05", 3, "2021-02-09"),
    # 2022: 29–30 January (Sat, Sun) were make-up working days.
    ("2022-01-28", 2, "2022-01-30"),
    # 2023: 29 Sept – 6 Oct off, 7 October (Sat) worked.
    ("2023-09-28", 1, "2023-10-07"),
    # 2025: 26 January (Sun) worked, 28 Jan – 4 Feb off.
    ("2025-01-24", 1, "2025-01-26"),
    ("2025-01-24", 3, "2025-02-05"),
    # 2026: 14 February (Sat) worked, 15–23 February off.
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-13", 2, "2026-02-24"),
    # An ordinary week: Monday + 5 working days is the next Monday.
    ("2023-03-06", 5, "2023-03-13"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "due"), WORKED_EXAMPLES)
def test_add_working_days_matches_worked_examples(start, days, due):
    result = wd.add_working_days(D(start), days)
    assert result.date == D(due)
    assert result.provisional is False


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "due"), WORKED_EXAMPLES)
def test_count_is_the_inverse_of_add(start, days, due):
    assert wd.count_working_days(D(start), D(due)) == days


@pytest.mark.django_db
def test_zero_days_is_the_start_and_negative_is_refused():
    assert wd.add_working_days(D("2024-05-01"), 0).date == D("2024-05-01")
    with pytest.raises(wd.CalendarError):
        wd.add_working_days(D("2024-05-01"), -1)
    with pytest.raises(wd.CalendarError):
        wd.count_working_days(D("2024-05-02"), D("2024-05-01"))


@pytest.mark.django_db
def test_day_status_names_holidays_and_make_up_days():
    labour_day = wd.day_status(D("2020-05-01"))
    assert labour_day.is_working_day is False
    assert labour_day.name == "劳动节"
    make_up = wd.day_status(D("2020-04-26"))
    assert make_up.is_working_day is True and make_up.date.weekday() == 6


@pytest.mark.django_db
def test_unknown_year_is_provisional_until_declared():
    """A limit that runs into a year with no schedule is computed from weekends only."""
    start = D("2026-12-21")  # Monday
    due = wd.add_working_days(start, 20)
    assert due.provisional is True
    assert due.date.year == 2027
    assert wd.year_is_known(2027) is False
    calendar_year_declare(actor=None, year=2027, source="国办发明电〔2026〕X号(测试)")
    assert wd.year_is_known(2027) is True
    assert wd.add_working_days(start, 20).provisional is False


@pytest.mark.django_db
def test_limit_inside_known_year_is_not_provisional_even_near_unknown_one():
    assert wd.add_working_days(D("2026-12-01"), 5).provisional is False


@pytest.mark.django_db
def test_administrator_override_moves_the_due_date_and_clearing_restores_it():
    start = D("2023-03-06")
    assert wd.add_working_days(start, 5).date == D("2023-03-13")
    calendar_day_set(actor=None, date=D("2023-03-08"), is_working_day=False, name="临时休假")
    assert wd.add_working_days(start, 5).date == D("2023-03-14")
    calendar_day_set(actor=None, date=D("2023-03-11"), is_working_day=True, name="调休上班")
    assert wd.add_working_days(start, 5).date == D("2023-03-13")
    assert calendar_day_clear(actor=None, date=D("2023-03-08")) is True
    assert calendar_day_clear(actor=None, date=D("2023-03-11")) is True
    assert wd.add_working_days(start, 5).date == D("2023-03-13")


@pytest.mark.django_db
def test_override_in_unknown_year_defines_the_day():
    calendar_day_set(actor=None, date=D("2027-01-01"), is_working_day=False, name="元旦")
    status = wd.day_status(D("2027-01-01"))
    assert status.is_working_day is False and status.source == "override"
    assert status.provisional is False
    # Other days of 2027 remain weekend-rule and provisional.
    assert wd.day_status(D("2027-01-04")).provisional is True


@pytest.mark.django_db
def test_long_limits_cross_the_query_window():
    # 200 working days spans most of a year, beyond the first window of the snapshot.
    due = wd.add_working_days(D("2024-01-02"), 200)
    assert wd.count_working_days(D("2024-01-02"), due.date) == 200


@pytest.mark.django_db
def test_month_statuses_cover_the_month():
    days = wd.month_statuses(2024, 2)
    assert len(days) == 29
    assert [d.date.day for d in days if not d.is_working_day and d.date.weekday() < 5] == [
        12, 13, 14, 15, 16
    ]
