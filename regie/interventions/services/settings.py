"""The organization's workflow settings: which validation steps it uses, thresholds, reopening delay, the daily
hours cap of time entries, the working hours the planning warns outside of."""

from django.db import IntegrityError, transaction

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict

from ..models import WorkflowSettings

FIELDS = (
    "department_validation",
    "second_approval_threshold",
    "budget_required",
    "budget_counts_labour",
    "reopen_days",
    "acknowledgement_days",
    "holiday_calendar",
    "max_daily_hours",
    "time_entry_horizon_days",
    "working_day_start",
    "working_day_end",
)


@transaction.atomic
def update_workflow_settings(*, by, organization, data):
    """Change the organization's workflow settings (administrators); the row is created on first change."""
    authorize(by, organization, "workflowsettings.manage")
    obj = WorkflowSettings.objects.select_for_update().filter(organization=organization).first()
    created = obj is None
    if created:
        obj = WorkflowSettings(organization=organization)
    fields = [name for name in data if name in FIELDS]
    before = {} if created else audit.snapshot(obj, fields)
    for name in fields:
        setattr(obj, name, data[name])
    obj.full_clean(exclude=["organization"])
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:  # created concurrently by another administrator
        raise Conflict() from error
    after = audit.snapshot(obj) if created else audit.snapshot(obj, fields)
    changes = audit.diff(before, after)
    if created or changes:
        action = audit.Action.CREATE if created else audit.Action.UPDATE
        audit.record(obj, action=action, by=by, changes=changes)
    organization.__dict__["_workflow_settings"] = obj  # WorkflowSettings.for_org reads it from here
    return obj
