"""An organization's workflow settings (validation steps, thresholds, time recording rules, working hours)."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import Organization, TenantManager
from regie.core.validators import (
    MAX_AMOUNT,
    bounded,
)
from regie.core.working_time import HolidayCalendar

from .base import MAX_TIME_ENTRY_HORIZON_DAYS


class WorkflowSettings(models.Model):
    """How an organization runs its validation workflow (a village skips steps a town requires)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="workflow_settings", verbose_name=_("organization")
    )
    department_validation = models.BooleanField(
        _("department head validates requests"),
        default=True,
        help_text=_("If off, technical services approve submitted requests directly."),
    )
    second_approval_threshold = models.DecimalField(
        _("second approval above (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), MAX_AMOUNT),
        help_text=_("Requests estimated above this amount need a second, different approver. Empty: never."),
    )
    budget_required = models.BooleanField(
        _("departments must give a budget line and an estimated amount"), default=False
    )
    budget_counts_labour = models.BooleanField(
        _("in-house labour counts against budget lines"),
        default=False,
        help_text=_(
            "Off: a department's budget line bears materials, contractors and vehicles only (in M57, pay sits in "
            "chapter 012). On: the hours of the technical services' agents are charged to it too."
        ),
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("reopening allowed for (days)"), default=30, validators=bounded(0, 3650)
    )
    acknowledgement_days = models.PositiveSmallIntegerField(
        _("acknowledgement delay (days)"),
        default=15,
        validators=bounded(1, 365),
        help_text=_(
            "Work done and not acknowledged by the requester within this delay is closed automatically, "
            "without a rating (the daily job close_unacknowledged_requests)."
        ),
    )
    time_entry_horizon_days = models.PositiveSmallIntegerField(
        _("time can be recorded for (days back)"),
        default=365,
        validators=bounded(1, MAX_TIME_ENTRY_HORIZON_DAYS),
        help_text=_("Hours older than this can no longer be recorded; hours in the future never can."),
    )
    holiday_calendar = models.CharField(
        _("public holidays"),
        max_length=8,
        choices=HolidayCalendar.choices,
        default=HolidayCalendar.METROPOLITAN,
        blank=True,
        help_text=_("The days that do not count in target times given in working days."),
    )
    max_daily_hours = models.DecimalField(
        _("maximum hours per agent and day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(24))],
        help_text=_(
            "Time entries of one agent on one day cannot add up to more (1 to 24 h). "
            "The French public service caps a working day at 10 hours (décret 2000-815)."
        ),
    )

    working_day_start = models.TimeField(
        _("working day starts at"),
        default=datetime.time(7, 30),
        help_text=_("The planning asks for confirmation before a work order is moved outside the working hours."),
    )
    working_day_end = models.TimeField(_("working day ends at"), default=datetime.time(17, 30))

    objects = TenantManager()

    class Meta:
        verbose_name = _("workflow settings")
        verbose_name_plural = _("workflow settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_daily_hours__gte=1) & Q(max_daily_hours__lte=24), name="workflow_max_daily_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(working_day_end__gt=F("working_day_start")),
                name="workflow_working_day_order",
                violation_error_message=_("The working day must end after it starts."),
                violation_error_code="working_day_order",
            ),
        ]

    def __str__(self):
        return str(self.organization)

    @classmethod
    def for_org(cls, organization):
        """The organization's settings (defaults if it never changed them), read once per organization object."""
        cached = organization.__dict__.get("_workflow_settings")
        if cached is None:
            cached = cls.objects.filter(organization=organization).first() or cls(organization=organization)
            organization.__dict__["_workflow_settings"] = cached
        return cached
