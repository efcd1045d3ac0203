import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.workdays import calendar as wd
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import CalendarImportError, calendar_changed, calendar_import

CSV_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-05,休,春节
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-20,班,春节调休
"""

ICS_2027 = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:1
DTSTART;VALUE=DATE:20270501
DTEND;VALUE=DATE:20270506
SUMMARY:劳动节
END:VEVENT
BEGIN:VEVENT
UID:2
DTSTART;VALUE=DATE:20270425
DTEND;VALUE=DATE:20270426
SUMMARY:劳动节补班
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.django_db
def test_csv_import_writes_days_declares_year_and_audits(platform_admin):
    report = calendar_import(actor=platform_admin, filename="2027.csv",
                             data=CSV_2027.encode(), year=2027)
    assert report.created == 6
    assert CalendarDay.objects.count() == 6
    assert CalendarYear.objects.filter(year=2027).exists()
    assert wd.day_status(dt.date(2027, 2, 20)).is_working_day is True
    assert wd.add_working_days(dt.date(2027, 2, 4), 1).date == dt.date(2027, 2, 9)
    assert wd.add_working_days(dt.date(2027, 2, 4), 1).provisional is False
    event = AuditEvent.objects.get(verb="calendar.import")
    assert event.details["created"] == 6 and event.actor_label == "padmin"


@pytest.mark.django_db(transaction=True)
def test_import_sends_calendar_changed_after_commit(platform_admin):
    received = []

    def listener(sender, dates, reason, **kwargs):
        received.append((dates, reason))

    calendar_changed.connect(listener, dispatch_uid="t2")
    try:
        calendar_import(actor=platform_admin, filename="2027.csv", data=CSV_2027.encode())
    finally:
        calendar_changed.disconnect(dispatch_uid="t2")
    assert len(received) == 1
    assert dt.date(2027, 2, 20) in received[0][0]


@pytest.mark.django_db
def test_gbk_csv_is_detected():
    report = calendar_import(actor=None, filename="2027.csv", data=CSV_2027.encode("gbk"))
    assert {d.name for d in report.days} >= {"元旦", "春节", "春节调休"}


@pytest.mark.django_db
def test_ical_import_expands_multi_day_events():
    report = calendar_import(actor=None, filename="2027.ics", data=ICS_2027.encode())
    assert report.created == 6
    assert wd.day_status(dt.date(2027, 5, 3)).is_working_day is False
    assert wd.day_status(dt.date(2027, 4, 25)).is_working_day is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,kind\n2027-13-01,holiday\n", "第2行:日期"),
        ("date,kind\n2027-01-01,maybe\n", "第2行:类型"),
        ("when,what\n2027-01-01,holiday\n", "表头"),
        ("date,kind\n", "没有任何日期"),
        ("date,kind\n2027-01-01,holiday\n2027-01-01,workday\n", "同时被标为"),
    ],
)
def test_bad_csv_gets_specific_message_and_writes_nothing(content, message):
    with pytest.raises(CalendarImportError) as info:
        calendar_import(actor=None, filename="x.csv", data=content.encode())
    assert message in str(info.value)
    assert CalendarDay.objects.count() == 0
    assert CalendarYear.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="calendar.import").exists()


@pytest.mark.django_db
def test_one_bad_row_among_good_ones_writes_nothing():
    content = CSV_2027 + "2027-02-30,holiday,错\n"
    with pytest.raises(CalendarImportError) as info:
        calendar_import(actor=None, filename="x.csv", data=content.encode())
    assert "第8行" in str(info.value)
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_wrong_year_and_wrong_type_are_refused():
    with pytest.raises(CalendarImportError, match="2028"):
        calendar_import(actor=None, filename="x.csv", data=CSV_2027.encode(), year=2028)
    with pytest.raises(CalendarImportError, match=".csv 或 .ics"):
        calendar_import(actor=None, filename="x.xlsx", data=b"PK\x03\x04")
    with pytest.raises(CalendarImportError, match="过大"):
        calendar_import(actor=None, filename="x.csv", data=b"a" * (300 * 1024))
