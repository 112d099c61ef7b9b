"""Working time of the history: working hours and days, delays, the days requests are filed on."""

from datetime import datetime, time, timedelta

from . import data
from .base import HISTORY_DAYS, _hours, _lognormal


class WorkingTime:
    """When things happen: working hours, days off, log-normal delays by priority."""

    def working(self, t, rank=3):
        """`t`, or the next working slot (weekdays 8:00–17:00 outside public holidays); urgent work any time."""
        if rank == 1:
            return t
        if t.weekday() < 5 and 8 <= t.hour < 17 and t.date() not in self.holidays:
            return t
        day = t.date() if t.hour < 8 else t.date() + timedelta(days=1)
        day = self.working_day(day)
        return datetime.combine(day, time(8), tzinfo=self.tz) + timedelta(minutes=self.rng.randrange(150))

    def working_day(self, day):
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day):
        while day.weekday() >= 5 or day in self.holidays:
            day -= timedelta(days=1)
        return day

    def at(self, day, hour, minute=0):
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def delay(self, table, rank, factor=1.0):
        median, sigma = table[rank] if isinstance(table, dict) else table
        return _hours(_lognormal(self.rng, median * factor, sigma))

    def day_weights(self):
        days = [self.start + timedelta(days=n) for n in range(HISTORY_DAYS + 1)]
        base = []
        for index, day in enumerate(days):
            weight = data.MONTH_FACTOR[day.month - 1] * data.WEEKDAY_FACTOR[day.weekday()]
            if day in self.holidays:
                weight *= 0.08
            base.append(weight * (0.95 + 0.1 * index / HISTORY_DAYS))  # a little more every year
        return days, base

    def moment(self, day):
        hour = self.rng.choices(range(24), data.HOUR_WEIGHTS)[0]
        moment = self.at(day, hour, self.rng.randrange(60)) + timedelta(seconds=self.rng.randrange(60))
        if moment > self.now:
            if day != self.today:
                return None
            moment = self.now - timedelta(minutes=self.rng.randrange(5, 600))
        return moment if moment.date() >= self.start else None
