"""The calendar's times: wall-clock ISO strings in the organization's zone, parsed and written."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_moment(value):
    """An aware datetime from an ISO date or date-time; naive values are wall-clock time of the organization."""
    value = (value or "").strip()
    if not value or len(value) > 40:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def parse_id(value):
    """None for an absent filter, an int for a valid one; ValueError otherwise."""
    if value in (None, ""):
        return None
    number = int(value)
    if not 0 < number < 2**63:
        raise ValueError(value)
    return number


def wall_clock(moment):
    return timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="seconds")
