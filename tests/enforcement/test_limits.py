"""Worked examples of the enforcement limits across holidays (the calendar's data; each
date counted by hand from the State Council's schedules)."""

import datetime as dt

import pytest

from gongkai.enforcement import limits

D = dt.date
pytestmark = pytest.mark.django_db


def test_licence_across_national_day_2025():
    # Fri 26 Sep 2025 + 7 working days: Sun 28 Sep worked (1), 29 (2), 30 (3), 1–8 Oct off,
    # 9 (4), 10 (5), Sat 11 Oct worked (6), Mon 13 (7).
    assert limits.publish_by("licence", D(2025, 9, 26)) == D(2025, 10, 13)
    assert limits.publish_by("penalty", D(2025, 9, 26)) == D(2025, 10, 13)


def test_other_decisions_have_20_working_days_across_spring_festival_2025():
    # Thu 23 Jan 2025: 24 (1), Sun 26 worked (2), 27 (3), 28 Jan–4 Feb off, 5–7 Feb (4–6),
    # Sat 8 Feb worked (7), 10–14 (8–12), 17–21 (13–17), 24, 25, 26 Feb (18–20).
    for category in ("coercion", "inspection", "other"):
        assert limits.publish_by(category, D(2025, 1, 23)) == D(2025, 2, 26)


def test_withdrawal_within_three_working_days():
    # Art. 85: the penalty law's 三日 are working days. Tue 30 Sep 2025 → 9 (1), 10 (2),
    # Sat 11 Oct worked (3).
    assert limits.withdraw_by(D(2025, 9, 30)) == D(2025, 10, 11)
    # An ordinary week: Mon 3 Mar 2025 → Thu 6 Mar.
    assert limits.withdraw_by(D(2025, 3, 3)) == D(2025, 3, 6)


def test_take_down_periods_are_settings(settings):
    assert limits.take_down_on("legal_person", D(2025, 3, 1)) == D(2030, 3, 1)
    assert limits.take_down_on("natural_person", D(2025, 3, 1)) == D(2027, 3, 1)
    settings.GONGKAI_ENFORCEMENT_TAKEDOWN_NATURAL_PERSON_YEARS = 3
    assert limits.take_down_on("natural_person", D(2024, 2, 29)) == D(2027, 2, 28)


def test_lateness_is_counted_in_working_days():
    assert limits.working_days_late(D(2025, 10, 13), D(2025, 10, 13)) == 0
    assert limits.working_days_late(D(2025, 10, 13), D(2025, 10, 15)) == 2
    # Over National Day: due Tue 30 Sep, done Thu 9 Oct = 1 working day late.
    assert limits.working_days_late(D(2025, 9, 30), D(2025, 10, 9)) == 1
