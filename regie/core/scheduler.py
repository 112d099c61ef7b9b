"""Periodic jobs that apps declare through their AppConfig (`schedule = (ScheduledJob(...), ...)`)."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class ScheduledJob:
    """A job run every `every` by the scheduler: `function` is the dotted path of a callable taking `now` (an
    aware datetime) and returning a one-line summary of what it did (kept as the run's outcome)."""

    name: str  # unique, "<app label>.<what it does>": "maintenance.generate_work_orders"
    function: str
    every: timedelta
    description: str = ""
