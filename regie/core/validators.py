"""Validators: French public identifiers, and the bounds (text sizes, amounts, plausible dates) of every field."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The code of a reference record (department, team, category, cost code...): short, URL- and export-safe.
code_validator = RegexValidator(r"^[A-Za-z0-9_.-]+$", _("Letters, digits, dots, dashes and underscores only."))


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid (INSEE)."""
    if not (isinstance(value, str) and len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_valid(value):
        raise ValidationError(_("This SIREN number is not valid (checksum)."), code="siren_checksum")


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits (SIREN + establishment number) with a valid Luhn checksum."""
    if not (isinstance(value, str) and len(value) == 14 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    # La Poste's establishments are the documented exception to the Luhn rule.
    if not (luhn_valid(value) or (value.startswith("356000000") and sum(map(int, value)) % 5 == 0)):
        raise ValidationError(_("This SIRET number is not valid (checksum)."), code="siret_checksum")


# --- bounds every field of every model has (docs/conventions.md) --------------------------------------------

# Free text, in characters. A name or a label fits on a line; a description or a report is a few pages.
NAME_LENGTH = 200
ADDRESS_LENGTH = 500
REASON_LENGTH = 2000
DESCRIPTION_LENGTH = 5000
REPORT_LENGTH = 10000
# One amount in euros (an estimate, a unit cost, a threshold): beyond it is a typing slip, not a plan.
MAX_AMOUNT = Decimal("99999999.99")
MAX_HOURLY_RATE = Decimal("1000.00")


@deconstructible
class PlausibleDate:
    """A date (or date-time) within a window around today: a year 598 or 0001 is a slip or an attack, not a plan.

    `days_back` / `days_ahead` (or `years_back` / `years_ahead`) bound the window; None leaves a side open, 0
    means today (`days_ahead=0`: never in the future). Today is the active time zone's (the organization's).
    """

    def __init__(self, *, years_back=None, years_ahead=None, days_back=None, days_ahead=None):
        self.years_back, self.years_ahead = years_back, years_ahead
        self.days_back, self.days_ahead = days_back, days_ahead

    @staticmethod
    def _days(years, days):
        if years is None and days is None:
            return None
        return round(365.25 * (years or 0)) + (days or 0)

    def window(self, today=None):
        """(earliest, latest) accepted dates, either None when open."""
        today = today or timezone.localdate()
        back, ahead = self._days(self.years_back, self.days_back), self._days(self.years_ahead, self.days_ahead)
        return (
            None if back is None else today - timedelta(days=back),
            None if ahead is None else today + timedelta(days=ahead),
        )

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        earliest, latest = self.window()
        if earliest is not None and day < earliest:
            raise ValidationError(
                _("This date is too far in the past: the earliest accepted is %(limit)s."),
                code="date_too_early",
                params={"limit": formats.date_format(earliest, "SHORT_DATE_FORMAT")},
            )
        if latest is not None and day > latest:
            raise ValidationError(
                _("This date is too far ahead: the latest accepted is %(limit)s.")
                if self._days(self.years_ahead, self.days_ahead)
                else _("This date is in the future."),
                code="date_too_late",
                params={"limit": formats.date_format(latest, "SHORT_DATE_FORMAT")},
            )

    def _key(self):
        return (self.years_back, self.years_ahead, self.days_back, self.days_ahead)

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())


def plausible_date(*, years_back=None, years_ahead=None, days_back=None, days_ahead=None):
    """The validator of a date field that users type: see PlausibleDate."""
    return PlausibleDate(years_back=years_back, years_ahead=years_ahead, days_back=days_back, days_ahead=days_ahead)


def bounded(minimum, maximum):
    """Min and max validators for a number field (both ends always set: docs/conventions.md)."""
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def moving_bounds(obj, changed=()):
    """Fields of `obj` bounded relative to today that are not in `changed`: an update leaves them out of
    `full_clean`, so a record planned years ago can still be edited without re-dating it."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.name not in changed and any(isinstance(v, PlausibleDate) for v in field.validators)
    ]
