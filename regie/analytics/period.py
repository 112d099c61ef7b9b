"""The period an indicator covers, and the one before it that it is compared with.

A period is whole days in the organization's time zone, from `start` to `end` included. Presets name the ones a
director asks for (this month, last month, this year…); any two dates do too, within bounds: an end before the
start, a range over `MAX_DAYS`, a date before `EARLIEST` or more than a year ahead is an error in the user's
language (a 400 in the API), never an empty or endless answer.

The previous period has the same shape: the month before a month, the year before a year, the same number of
whole months before a run of whole months, else the same number of days just before.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
MAX_DAYS = 5 * 366 + 1  # five years, leap days included

PRESETS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_quarter": _("This quarter"),
    "last_quarter": _("Last quarter"),
    "this_year": _("This year"),
    "last_year": _("Last year"),
    "last_12_months": _("The last 12 months"),
}
DEFAULT_PRESET = "this_year"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def after(self):
        """The first moment of the period (midnight of its first day, in the current time zone)."""
        return _midnight(self.start)

    @property
    def before(self):
        """The first moment after the period (midnight after its last day)."""
        return _midnight(self.end + datetime.timedelta(days=1))

    @property
    def next_day(self):
        return self.end + datetime.timedelta(days=1)

    @property
    def months(self):
        """The number of whole calendar months it is, or None when it is not a run of whole months."""
        following = self.end + datetime.timedelta(days=1)
        if self.start.day != 1 or following.day != 1:
            return None
        return (following.year - self.start.year) * 12 + following.month - self.start.month

    def previous(self):
        months = self.months
        if months:
            start = self.start - relativedelta(months=months)
            return Period(start, self.start - datetime.timedelta(days=1))
        return Period(self.start - datetime.timedelta(days=self.days), self.start - datetime.timedelta(days=1))

    def query(self):
        """The period as the dashboards' query parameters."""
        return {"date_from": self.start.isoformat(), "date_to": self.end.isoformat()}

    def __str__(self):
        months = self.months
        if months == 12 and self.start.month == 1:
            return str(self.start.year)
        if months == 1:
            return date_format(self.start, "F Y")
        return f"{date_format(self.start, 'SHORT_DATE_FORMAT')} – {date_format(self.end, 'SHORT_DATE_FORMAT')}"


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def preset(name, today=None):
    """The period a preset names, around `today` (default: today in the current time zone)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    year = month.replace(month=1)
    starts = {
        "this_month": (month, relativedelta(months=1)),
        "last_month": (month - relativedelta(months=1), relativedelta(months=1)),
        "this_quarter": (quarter, relativedelta(months=3)),
        "last_quarter": (quarter - relativedelta(months=3), relativedelta(months=3)),
        "this_year": (year, relativedelta(years=1)),
        "last_year": (year - relativedelta(years=1), relativedelta(years=1)),
        "last_12_months": (month - relativedelta(months=11), relativedelta(months=12)),
    }
    start, length = starts[name]
    return Period(start, start + length - datetime.timedelta(days=1))


def _day(value, field, errors):
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
        return None
    latest = timezone.localdate() + datetime.timedelta(days=366)
    if not EARLIEST <= day <= latest:
        errors[field] = [
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {
                "earliest": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
            }
        ]
        return None
    return day


def parse_period(query, today=None):
    """The period a query string (a QueryDict or a dict) asks for: `period` (a preset), or `date_from` and
    `date_to` (a missing end is today, a missing start the first of January of the end's year); the default
    preset without any. Raises ValidationError({field: [message]}) for what cannot be a period."""
    errors = {}
    name = query.get("period") or ""
    if name and name not in PRESETS:
        raise ValidationError(
            {"period": [_("Unknown period: choose one of %(names)s.") % {"names": ", ".join(PRESETS)}]}
        )
    start, end = _day(query.get("date_from"), "date_from", errors), _day(query.get("date_to"), "date_to", errors)
    if errors:
        raise ValidationError(errors)
    if name or (start is None and end is None):
        if start is not None or end is not None:
            raise ValidationError({"period": [_("Give a period or dates, not both.")]})
        return preset(name or DEFAULT_PRESET, today)
    end = end or today or timezone.localdate()
    start = start or end.replace(month=1, day=1)
    if end < start:
        raise ValidationError({"date_to": [_("The end of the period must not be before its start.")]})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError({"date_to": [_("A period covers at most five years.")]})
    return Period(start, end)
