"""What a dispatcher confirms before a move: a slot on a weekend, a public holiday, an agent's absence, or
outside the organization's working hours.

These are warnings, not rules (an emergency is planned on a Sunday night): the move endpoints answer 409
`needs_confirmation` with the reasons unless the request says `confirm`, and the browser asks.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from regie.core.working_time import public_holidays
from regie.people.models import Absence

from ..models import WorkflowSettings


@dataclass(frozen=True)
class Warning:
    code: str  # weekend, holiday, absence, out_of_hours
    message: str

    def as_json(self):
        return {"code": self.code, "message": self.message}


def days_of(start, end):
    """The local days a slot touches (an end at midnight does not touch the next day)."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - datetime.timedelta(microseconds=1)).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def slot_warnings(organization, start, end, agents):
    """The reasons to confirm planning [start, end) for `agents` (Agent rows), in the order a person reads them."""
    settings = WorkflowSettings.for_org(organization)
    days = days_of(start, end)
    warnings = []
    weekend = [day for day in days if day.weekday() >= 5]
    if weekend:
        warnings.append(Warning("weekend", _("%(day)s is a weekend day.") % {"day": _day(weekend[0])}))
    holiday = next((day for day in days if day in public_holidays(settings.holiday_calendar, day.year)), None)
    if holiday:
        warnings.append(Warning("holiday", _("%(day)s is a public holiday.") % {"day": _day(holiday)}))
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if len(days) > 1 or local_start.time() < settings.working_day_start or local_end.time() > settings.working_day_end:
        warnings.append(
            Warning(
                "out_of_hours",
                _("The slot is outside the working hours (%(start)s–%(end)s).")
                % {
                    "start": formats.time_format(settings.working_day_start, "TIME_FORMAT"),
                    "end": formats.time_format(settings.working_day_end, "TIME_FORMAT"),
                },
            )
        )
    ids = [agent.pk for agent in agents]
    if ids:
        absent = (
            Absence.objects.owned_by(organization)
            .active()
            .overlapping(start, end)
            .filter(agent_id__in=ids)
            .select_related("agent")
            .order_by("agent__sort_name", "start")
        )
        names = list(dict.fromkeys(str(absence.agent) for absence in absent))
        if names:
            warnings.append(Warning("absence", _("Absent in this slot: %(names)s.") % {"names": ", ".join(names)}))
    return warnings


def _day(day):
    return formats.date_format(day, "DATE_FORMAT")
