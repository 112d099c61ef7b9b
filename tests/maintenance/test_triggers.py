"""When a plan falls due (regie.maintenance.triggers): rules, fixed vs floating, meters, seasons, lead, grace."""

import datetime
from datetime import UTC, date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regie.maintenance import triggers
from regie.maintenance.models import MaintenancePlan
from regie.maintenance.triggers import History, Reading, Readings

F, FL = MaintenancePlan.Schedule.FIXED, MaintenancePlan.Schedule.FLOATING


def plan(**fields):
    values = {"rule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "starts_on": date(2026, 1, 1), "schedule": F}
    return MaintenancePlan(**{**values, **fields})


def at(day, value, replacement=False):
    return Reading(datetime.datetime(day.year, day.month, day.day, 8, tzinfo=UTC), Decimal(value), replacement)


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        ("FREQ=WEEKLY;INTERVAL=6", date(2026, 1, 5), [date(2026, 1, 5), date(2026, 2, 16), date(2026, 3, 30)]),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", date(2026, 4, 1), [date(2027, 3, 1), date(2028, 3, 1)]),
        ("RRULE:FREQ=MONTHLY;BYDAY=1MO", date(2026, 12, 1), [date(2026, 12, 7), date(2027, 1, 4)]),
        ("freq=monthly; interval=3", date(2026, 1, 15), [date(2026, 1, 15), date(2026, 4, 15)]),
    ],
)
def test_rules_give_their_dates_fixed(rule, start, expected):
    p = plan(rule=triggers.validate_rule(rule, start), starts_on=start)
    dues = triggers.upcoming(p, History(), None, start, count=len(expected))
    assert [d.scheduled_on for d in dues] == expected


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=FORTNIGHTLY", "rule_invalid"),
        ("every week", "rule_invalid"),
        ("FREQ=HOURLY", "rule_too_frequent"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "rule_empty_set"),
        ("DTSTART:20260101\nRRULE:FREQ=DAILY", "rule_invalid"),
        ("", "rule_empty"),
    ],
)
def test_invalid_rules_are_refused_with_a_clear_message(rule, code):
    with pytest.raises(ValidationError) as error:
        triggers.validate_rule(rule, date(2026, 1, 1))
    assert error.value.code == code
    assert error.value.messages[0]


def test_presets_are_valid_rules():
    for _key, _label, rule in triggers.PRESETS:
        assert triggers.validate_rule(rule, date(2026, 1, 1)) == rule


def test_fixed_schedule_keeps_its_dates_whatever_happened():
    p = plan()
    history = History(last_scheduled=date(2026, 3, 1), last_closed=date(2026, 6, 20), open=True)
    assert triggers.next_calendar_date(p, history) == date(2027, 3, 1)


def test_floating_schedule_counts_from_the_last_completion_and_waits_for_it():
    p = plan(rule="FREQ=WEEKLY;INTERVAL=6", schedule=FL)
    assert triggers.next_calendar_date(p, History(last_scheduled=date(2026, 1, 1), open=True)) is None
    done = History(last_scheduled=date(2026, 1, 1), last_closed=date(2026, 1, 20))
    assert triggers.next_calendar_date(p, done) == date(2026, 3, 3)


def test_season_move_collapses_dates_outside_into_the_season_start():
    p = plan(rule="FREQ=MONTHLY", season_start_month=4, season_end_month=10, season_policy="move")
    dues = triggers.upcoming(p, History(last_scheduled=date(2026, 10, 1)), None, date(2026, 10, 2), count=3)
    assert [d.scheduled_on for d in dues] == [date(2027, 4, 1), date(2027, 5, 1), date(2027, 6, 1)]


def test_season_skip_drops_dates_outside():
    p = plan(rule="FREQ=WEEKLY;INTERVAL=2", starts_on=date(2026, 10, 19), season_start_month=4,
             season_end_month=10, season_policy="skip")  # fmt: skip
    dues = triggers.upcoming(p, History(), None, date(2026, 10, 1), count=2)
    assert [d.scheduled_on for d in dues] == [date(2026, 10, 19), date(2027, 4, 5)]


def test_a_season_may_span_the_new_year():
    p = plan(season_start_month=11, season_end_month=2)
    assert p.in_season(12) and p.in_season(1) and not p.in_season(3)


def test_lead_time_and_grace_period():
    p = plan(lead_days=10, grace_days=5)
    assert triggers.generation_day(p, date(2027, 3, 1)) == date(2027, 2, 19)
    assert triggers.overdue_since(p, date(2027, 3, 1)) == date(2027, 3, 7)


def test_meter_fixed_thresholds_are_multiples_and_one_occurrence_when_far_behind():
    p = plan(rule="", meter_kind="hours", meter_interval=Decimal(500))
    readings = Readings([at(date(2026, 1, 1), 100), at(date(2026, 6, 1), 1720)])
    assert triggers.next_meter_due(p, History(), readings, date(2026, 6, 2)) == (Decimal(1500), True)
    after = History(last_threshold=Decimal(1500), last_scheduled=date(2026, 6, 2))
    assert triggers.next_meter_due(p, after, readings, date(2026, 6, 3)) == (Decimal(2000), False)


def test_meter_floating_counts_from_the_completion_and_from_a_replacement():
    p = plan(rule="", meter_kind="hours", meter_interval=Decimal(500), schedule=FL)
    done_at = datetime.datetime(2026, 3, 2, tzinfo=UTC)
    readings = Readings([at(date(2026, 1, 1), 100), at(date(2026, 3, 1), 700), at(date(2026, 5, 1), 1150)])
    history = History(last_scheduled=date(2026, 2, 1), last_closed=date(2026, 3, 2), last_completed_at=done_at)
    assert triggers.next_meter_due(p, history, readings, date(2026, 5, 2)) == (Decimal(1200), False)
    replaced = Readings([*readings.readings, at(date(2026, 5, 10), 20, replacement=True), at(date(2026, 6, 1), 530)])
    assert triggers.next_meter_due(p, history, replaced, date(2026, 6, 2)) == (Decimal(520), True)


def test_whichever_comes_first():
    p = plan(rule="FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1", meter_kind="hours", meter_interval=Decimal(500), schedule=FL)
    today = date(2026, 5, 2)
    reached = Readings([at(date(2026, 1, 1), 0), at(date(2026, 5, 1), 600)])
    due = triggers.next_due(p, History(), reached, today)
    assert (due.scheduled_on, due.trigger, due.threshold) == (today, "meter", Decimal(500))
    slow = Readings([at(date(2026, 1, 1), 0), at(date(2026, 5, 1), 10)])
    due = triggers.next_due(p, History(), slow, today)
    assert (due.scheduled_on, due.trigger) == (date(2026, 9, 1), "calendar")
    fast = Readings([at(date(2026, 1, 1), 0), at(date(2026, 5, 1), 400)])
    due = triggers.next_due(p, History(), fast, today)
    assert due.trigger == "meter" and due.estimated and due.scheduled_on < date(2026, 9, 1)
