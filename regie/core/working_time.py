"""Working days: weekends and French public holidays (metropolitan, Alsace-Moselle, overseas departments).

Target times such as "3 jours ouvrés" count only working days: a request filed on Friday at 16:00 with a
72-hour target is due on Wednesday at 16:00, not on Monday; a 1 May or an Ascension Thursday is skipped too.
The public holidays come from the `holidays` library (maintained, with the local holidays of Alsace-Moselle
— Good Friday, 26 December — and of each overseas department: the abolition of slavery, etc.).
"""

import datetime
from functools import lru_cache

import holidays
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayCalendar(models.TextChoices):
    METROPOLITAN = "", _("Metropolitan France")
    ALSACE = "6AE", _("Alsace (Bas-Rhin, Haut-Rhin)")
    MOSELLE = "57", _("Moselle")
    GUADELOUPE = "971", _("Guadeloupe")
    MARTINIQUE = "972", _("Martinique")
    GUYANE = "973", _("French Guiana")
    REUNION = "974", _("La Réunion")
    MAYOTTE = "976", _("Mayotte")


@lru_cache(maxsize=64)
def public_holidays(calendar: str, year: int) -> frozenset:
    """The public holidays of `year` in `calendar` (a HolidayCalendar value)."""
    return frozenset(holidays.country_holidays("FR", subdiv=calendar or None, years=year))


def is_working_day(day: datetime.date, calendar: str = "") -> bool:
    return day.weekday() < 5 and day not in public_holidays(calendar, day.year)


def add_working_hours(start: datetime.datetime, hours, *, working_days_only: bool, calendar: str = ""):
    """`start` + `hours`, counting only the hours of working days when `working_days_only`.

    Working days count whole (24 hours each, as "3 jours ouvrés" = 72 hours): the clock stops at midnight
    before a weekend or a public holiday and starts again at midnight after it. A start on a non-working day
    counts from the next working day's midnight. The arithmetic is on local wall-clock time (Python's, for
    datetimes of one time zone), so a clock change does not shift a due time off its hour.
    """
    if not working_days_only:
        return start + datetime.timedelta(hours=hours)
    cursor = timezone.localtime(start) if timezone.is_aware(start) else start
    remaining = datetime.timedelta(hours=hours)
    for _day in range(5000):  # far beyond any target time
        midnight = datetime.datetime.combine(cursor.date() + datetime.timedelta(days=1), datetime.time.min)
        midnight = midnight.replace(tzinfo=cursor.tzinfo)
        if is_working_day(cursor.date(), calendar):
            if remaining <= midnight - cursor:
                return cursor + remaining
            remaining -= midnight - cursor
        cursor = midnight
    raise ValueError("target time too long to count in working days")
