"""Target times in working days: weekends and the public holidays of the organization's region skipped."""

import datetime

import pytest
from django.utils import timezone

from regie.core.working_time import HolidayCalendar, add_working_hours, is_working_day


@pytest.fixture
def local():
    zone = timezone.get_current_timezone()
    return lambda *args: datetime.datetime(*args, tzinfo=zone)


def test_friday_evening_plus_three_working_days_is_wednesday(local):
    due = add_working_hours(local(2026, 11, 20, 16, 0), 72, working_days_only=True)
    assert due == local(2026, 11, 25, 16, 0)


def test_around_the_clock_when_not_in_working_days(local):
    assert add_working_hours(local(2026, 11, 20, 16, 0), 72, working_days_only=False) == local(2026, 11, 23, 16, 0)


def test_public_holidays_are_skipped(local):
    # Thursday 30 April 2026 + 2 working days: Friday 1 May and the weekend do not count
    assert add_working_hours(local(2026, 4, 30, 10, 0), 48, working_days_only=True) == local(2026, 5, 5, 10, 0)
    # Ascension (Thursday 14 May 2026)
    assert add_working_hours(local(2026, 5, 13, 9, 0), 24, working_days_only=True) == local(2026, 5, 15, 9, 0)


def test_alsace_moselle_and_overseas_have_their_own_holidays(local):
    good_friday = datetime.date(2026, 4, 3)
    assert is_working_day(good_friday)
    assert not is_working_day(good_friday, HolidayCalendar.MOSELLE)
    assert not is_working_day(good_friday, HolidayCalendar.ALSACE)
    start = local(2026, 4, 2, 12, 0)  # Thursday before Good Friday; Easter Monday is a holiday everywhere
    assert add_working_hours(start, 24, working_days_only=True) == local(2026, 4, 3, 12, 0)
    assert add_working_hours(start, 24, working_days_only=True, calendar="57") == local(2026, 4, 7, 12, 0)
    assert not is_working_day(datetime.date(2026, 5, 27), HolidayCalendar.GUADELOUPE)  # abolition of slavery
    assert not is_working_day(datetime.date(2026, 12, 26), HolidayCalendar.ALSACE)


def test_a_start_on_a_weekend_counts_from_monday_midnight(local):
    assert add_working_hours(local(2026, 11, 21, 15, 0), 24, working_days_only=True) == local(2026, 11, 24, 0, 0)


def test_clock_change_keeps_the_hour(local):
    # the night of 24–25 October 2026 has 25 hours in Paris; a due time stays at 10:00 local
    due = add_working_hours(local(2026, 10, 23, 10, 0), 48, working_days_only=True)
    assert due == local(2026, 10, 27, 10, 0) and due.hour == 10


def test_utc_input_is_read_in_local_time():
    start = datetime.datetime(2026, 11, 20, 22, 30, tzinfo=datetime.UTC)  # Friday 23:30 in Paris
    due = add_working_hours(start, 1, working_days_only=True)
    assert timezone.localtime(due) == timezone.localtime(start).replace(day=23, hour=0, minute=30)
