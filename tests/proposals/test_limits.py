"""Worked examples of every limit (limits.py), across month ends and holidays."""

import datetime as dt

import pytest

from gongkai.proposals import limits
from gongkai.workdays.clock import Unit

D = dt.date
pytestmark = pytest.mark.django_db


def test_limits_are_data_with_citations():
    assert (limits.handling().amount, limits.handling().unit) == (3, Unit.MONTHS)
    assert (limits.redo().amount, limits.redo().unit) == (3, Unit.MONTHS)
    assert (limits.publication().amount, limits.publication().unit) == (20, Unit.WORKING_DAYS)
    assert limits.max_months() == 6 and limits.max_extension_months() == 3
    for limit in (limits.handling(), limits.redo(), limits.publication()):
        assert limit.citation and limit.label


@pytest.mark.parametrize(("assigned", "due"), [
    (D(2020, 3, 15), D(2020, 6, 15)),   # the same day three months later
    (D(2020, 11, 30), D(2021, 2, 28)),  # no 30 February: the month's last day (民法典 Art. 202)
    (D(2023, 11, 30), D(2024, 2, 29)),  # a leap year's last day of February
    (D(2020, 12, 31), D(2021, 3, 31)),  # over the year end
    (D(2020, 7, 1), D(2020, 10, 1)),    # a due date on National Day is not moved (months)
])
def test_handling_three_months_from_assignment(assigned, due):
    assert limits.handling_due(assigned) == due


def test_extension_up_to_six_months_in_all():
    assert limits.handling_due(D(2020, 1, 31)) == D(2020, 4, 30)
    assert limits.handling_due(D(2020, 1, 31), extension_months=3) == D(2020, 7, 31)
    assert limits.handling_due(D(2020, 8, 31), extension_months=3) == D(2021, 2, 28)


def test_redo_three_more_months_from_dissatisfaction():
    assert limits.redo_due(D(2020, 8, 31)) == D(2020, 11, 30)
    assert limits.redo_due(D(2021, 11, 29)) == D(2022, 2, 28)


def test_publication_twenty_working_days_across_may_day_2020():
    # Thu 2020-04-23; Sun 26 Apr and Sat 9 May were working days; 1–5 May holidays.
    due = limits.publication_due(D(2020, 4, 23))
    assert (due.date, due.provisional) == (D(2020, 5, 22), False)


def test_publication_across_national_day_2020():
    # Fri 2020-09-25; Sun 27 Sep and Sat 10 Oct were working days; 1–8 Oct holidays.
    assert limits.publication_due(D(2020, 9, 25)).date == D(2020, 10, 29)


def test_publication_across_spring_festival_2021():
    # Mon 2021-02-01; 11–17 Feb holidays; Sun 7 and Sat 20 Feb were working days:
    # Feb 2–5 (4), 7–10 (8), 18–20 (11), 22–26 (16), Mar 1–4 (20).
    assert limits.publication_due(D(2021, 2, 1)).date == D(2021, 3, 4)


def test_settings_change_a_local_figure(settings):
    settings.GONGKAI_PROPOSALS_HANDLING_MONTHS = 5  # some provinces for CPPCC proposals
    assert limits.handling_due(D(2020, 3, 15)) == D(2020, 8, 15)
    assert limits.max_extension_months() == 1


def test_cppcc_proposals_may_have_their_own_figure(settings):
    settings.GONGKAI_PROPOSALS_CPPCC_HANDLING_MONTHS = 5
    assert limits.handling_due(D(2020, 3, 15), kind="cppcc_proposal") == D(2020, 8, 15)
    assert limits.handling_due(D(2020, 3, 15), kind="deputy_suggestion") == D(2020, 6, 15)
    assert limits.max_extension_months("cppcc_proposal") == 1
