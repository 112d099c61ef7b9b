"""When a plan falls due: its recurrence rule (RFC 5545, read by python-dateutil), its meter, its season.

Pure functions of a plan, what happened on one asset (`History`) and the asset's meter readings (`Readings`):
the generator, the plan page's next occurrences and the tests share them; they read nothing from the database.

- Fixed schedule: the rule's dates from the plan's start, whatever happened (due every 1 March).
- Floating schedule: counted from the last completion (or the last skipped due date): the next occurrence waits
  until the previous one is done.
- Meter: due when the asset's meter has run `meter_interval` units since the last completion (floating) or at
  every multiple of the interval (fixed); a replacement reading (a new meter) restarts the count from its value.
- Both: whichever comes first, counted from the last completion (floating only).
- Season (months from–to, may span the new year): a calendar date outside is moved to the first day of the next
  season (`move`: several collapse into one) or dropped for the rule's next date inside it (`skip`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from dateutil.rrule import DAILY, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SEARCH_LIMIT = 400  # rule dates examined for one next date (a skipped season of a weekly rule is ~30)
HORIZON_YEARS = 50  # a rule whose next date is further away is refused as producing none
MAX_LEAD = 365  # the longest lead time a plan may have (days), as the model bounds it

# (key, label, rule): the form's presets
PRESETS = (
    ("weekly", gettext_lazy("Every week"), "FREQ=WEEKLY"),
    ("monthly", gettext_lazy("Every month"), "FREQ=MONTHLY"),
    ("first_monday", gettext_lazy("First Monday of the month"), "FREQ=MONTHLY;BYDAY=1MO"),
    ("quarterly", gettext_lazy("Every three months"), "FREQ=MONTHLY;INTERVAL=3"),
    ("six_weeks", gettext_lazy("Every 6 weeks"), "FREQ=WEEKLY;INTERVAL=6"),
    ("twice_yearly", gettext_lazy("Twice a year (April and October)"), "FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=1"),
    ("yearly_march", gettext_lazy("Every year in March"), "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"),
    ("yearly_september", gettext_lazy("Every year in September"), "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1"),
    ("yearly", gettext_lazy("Every year"), "FREQ=YEARLY"),
    ("every_two_years", gettext_lazy("Every two years"), "FREQ=YEARLY;INTERVAL=2"),
    ("every_five_years", gettext_lazy("Every five years"), "FREQ=YEARLY;INTERVAL=5"),
)
PRESET_RULES = {key: rule for key, _label, rule in PRESETS}


def normalise_rule(text):
    """The rule as stored: upper case, no "RRULE:" prefix, no spaces."""
    text = (text or "").strip().replace(" ", "").upper()
    return text.removeprefix("RRULE:")


def parse_rule(text, dtstart):
    """The dateutil rule of `text` starting on `dtstart` (a date). Raises ValidationError in the user's language."""
    text = normalise_rule(text)
    if not text:
        raise ValidationError(_("Give a recurrence rule."), code="rule_empty")
    if "\n" in text or "DTSTART" in text or "RRULE" in text or ":" in text:
        raise ValidationError(
            _("Give one rule without DTSTART: the plan's start date is its first day."), code="rule_invalid"
        )
    start = datetime(dtstart.year, dtstart.month, dtstart.day)
    try:
        rule = rrulestr(text, dtstart=start, cache=False)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationError(
            _("This recurrence rule is not valid (RFC 5545, e.g. FREQ=YEARLY;BYMONTH=3): %(error)s")
            % {"error": str(error)[:200]},
            code="rule_invalid",
        ) from None
    if rule._freq > DAILY:  # HOURLY, MINUTELY, SECONDLY: not a maintenance schedule
        raise ValidationError(_("A maintenance plan recurs at most daily."), code="rule_too_frequent")
    return rule


def validate_rule(text, starts_on):
    """The rule normalised, once checked: it parses and gives at least one date within HORIZON_YEARS."""
    rule = parse_rule(text, starts_on)
    first = rule.after(datetime(starts_on.year, starts_on.month, starts_on.day), inc=True)
    if first is None or first.year > starts_on.year + HORIZON_YEARS:
        raise ValidationError(_("This recurrence rule gives no date."), code="rule_empty_set")
    return normalise_rule(text)


@dataclass(frozen=True)
class History:
    """What happened on one asset under one plan, as the generator reads it (one aggregate query)."""

    last_scheduled: date | None = None  # the latest occurrence's scheduled date (any status)
    open: bool = False  # an occurrence's work order is not finished (nor cancelled)
    last_closed: date | None = None  # the latest completion date (or due date of a skipped/cancelled one)
    last_completed_at: datetime | None = None  # the latest completion moment (for the meter's value then)
    last_threshold: Decimal | None = None  # the meter threshold of the latest meter occurrence


@dataclass(frozen=True)
class Reading:
    read_at: datetime
    value: Decimal
    replacement: bool = False


class Readings:
    """One meter's readings, oldest first."""

    def __init__(self, readings):
        self.readings = sorted(readings, key=lambda r: r.read_at)

    @property
    def latest(self):
        return self.readings[-1] if self.readings else None

    def segment_start(self):
        """The latest replacement reading (a new meter), or the first reading."""
        for reading in reversed(self.readings):
            if reading.replacement:
                return reading
        return self.readings[0] if self.readings else None

    def value_at(self, moment):
        """The latest reading at or before `moment` (None if none)."""
        found = None
        for reading in self.readings:
            if reading.read_at > moment:
                break
            found = reading
        return found

    def daily_rate(self, days=365):
        """Average units a day over the current meter's readings of the last `days` (None if unknown)."""
        start, latest = self.segment_start(), self.latest
        if latest is None:
            return None
        since = latest.read_at - timedelta(days=days)
        window = [r for r in self.readings if r.read_at >= max(since, start.read_at)]
        if len(window) < 2:
            return None
        elapsed = (window[-1].read_at - window[0].read_at).total_seconds() / 86400
        used = window[-1].value - window[0].value
        return used / Decimal(str(elapsed)) if elapsed > 0 and used > 0 else None


@dataclass(frozen=True)
class Due:
    """The next occurrence of a plan on an asset: its key date, due date, what triggered it."""

    scheduled_on: date
    trigger: str  # "calendar" | "meter"
    threshold: Decimal | None = None
    estimated: bool = False  # a meter date extrapolated from the usage rate (shown, never generated)


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def season_start_after(plan, day):
    """The first day of the plan's season on or after `day`."""
    year = day.year if day.month <= plan.season_start_month else day.year + 1
    return date(year, plan.season_start_month, 1)


def next_calendar_date(plan, history, *, rule=None):
    """The next calendar date of the plan on the asset (None: no rule, waiting for a completion, or ended)."""
    if not plan.has_calendar:
        return None
    floating = plan.schedule == plan.Schedule.FLOATING
    if floating and history.open:
        return None
    if floating and history.last_closed is not None:
        start, inclusive = history.last_closed, False
    elif history.last_scheduled is not None:
        start, inclusive = plan.starts_on, None
    else:
        start, inclusive = plan.starts_on, True
    rule = parse_rule(plan.rule, start) if rule is None or floating else rule
    after = datetime(start.year, start.month, start.day)
    if inclusive is None:  # fixed: the rule's dates after the latest occurrence
        last = history.last_scheduled
        after, inclusive = datetime(last.year, last.month, last.day), False
    floor = history.last_scheduled
    for _step in range(SEARCH_LIMIT):
        found = rule.after(after, inc=inclusive)
        if found is None:
            return None
        day = found.date()
        inclusive = False
        after = found
        if plan.ends_on is not None and day > plan.ends_on:
            return None
        if not plan.in_season(day.month):
            if plan.season_policy == plan.SeasonPolicy.SKIP:
                continue
            day = season_start_after(plan, day)
            if plan.ends_on is not None and day > plan.ends_on:
                return None
        if floor is not None and day <= floor:
            continue  # moved onto (or before) an occurrence already made: they collapse into it
        return day
    return None


def next_meter_due(plan, history, readings, today):
    """The meter's next threshold and whether it is reached: (threshold, reached) or None (no meter)."""
    if not plan.has_meter or readings is None or readings.latest is None:
        return None
    interval, latest, origin = plan.meter_interval, readings.latest, readings.segment_start()
    if plan.schedule == plan.Schedule.FLOATING:
        if history.open:
            return None
        base = None
        if history.last_completed_at is not None and history.last_completed_at >= origin.read_at:
            at_completion = readings.value_at(history.last_completed_at)
            base = at_completion.value if at_completion is not None else None
        if base is None:
            started = datetime.combine(plan.starts_on, datetime.min.time(), tzinfo=origin.read_at.tzinfo)
            at_start = readings.value_at(started)
            base = at_start.value if at_start is not None and at_start.read_at >= origin.read_at else origin.value
        threshold = base + interval
    else:
        start = origin.value if origin.replacement else Decimal(0)
        reached = start + ((latest.value - start) // interval) * interval
        threshold = start + interval
        if history.last_threshold is not None and history.last_threshold >= start:
            threshold = history.last_threshold + interval
        if reached >= threshold:
            threshold = reached  # far behind: one occurrence for the last threshold passed, not one for each
    return threshold, latest.value >= threshold


def next_due(plan, history, readings, today, *, rule=None):
    """The plan's next occurrence on one asset (None: nothing to come). A meter threshold reached is due today;
    one not reached yet gives an estimated date (from the usage rate) that is shown but never generated."""
    calendar = next_calendar_date(plan, history, rule=rule)
    meter = next_meter_due(plan, history, readings, today)
    meter_due = None
    if meter is not None:
        threshold, reached = meter
        if reached:
            meter_due = Due(today, "meter", threshold)
        else:
            rate = readings.daily_rate()
            if rate:
                days = int((threshold - readings.latest.value) / rate) + 1
                estimate = _as_date(readings.latest.read_at) + timedelta(days=min(days, 366 * HORIZON_YEARS))
                meter_due = Due(max(estimate, today), "meter", threshold, estimated=True)
    if calendar is None:
        return meter_due
    calendar_due = Due(calendar, "calendar")
    if meter_due is not None and meter_due.scheduled_on < calendar:
        return meter_due
    return calendar_due


def generation_day(plan, due_on):
    """The day the work order of an occurrence due on `due_on` is generated (lead time before)."""
    return due_on - timedelta(days=plan.lead_days)


def overdue_since(plan, due_on):
    """The first day an occurrence due on `due_on` is overdue (after the grace period)."""
    return due_on + timedelta(days=plan.grace_days + 1)


def late_after(plan, due_on, zone):
    """The moment an occurrence due on `due_on` becomes overdue: midnight in `zone` after the grace period."""
    day = overdue_since(plan, due_on)
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def upcoming(plan, history, readings, today, count=5):
    """The next `count` occurrences of a plan on one asset, as the schedule says now (for the plan's page):
    each assumed generated on its date (fixed) or done on its due date (floating)."""
    dues, rule = [], None
    if plan.has_calendar:
        rule = parse_rule(plan.rule, plan.starts_on)
    for _step in range(count):
        due = next_due(plan, history, readings, today, rule=rule)
        if due is None:
            break
        dues.append(due)
        if due.trigger == "meter":
            break  # after a meter occurrence, the next one depends on readings not taken yet
        history = History(last_scheduled=due.scheduled_on, last_closed=due.scheduled_on)
    return dues
