"""Time and costs of a work order: agents' hours, materials, contractor invoices, equipment."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.core.validators import (
    MAX_AMOUNT,
    bounded,
)
from regie.people.models import Agent

from .base import COST_DATE, TIME_ENTRY_DATE
from .work_orders import WorkOrder


class TimeEntry(TenantModel):
    """Hours an agent spent on a work order; the cost is frozen at the agent's rate of the day."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("work order")
    )
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("agent"))
    date = models.DateField(_("date"), validators=[TIME_ENTRY_DATE])
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(24))],
    )
    hourly_rate = models.DecimalField(_("hourly rate (€)"), max_digits=8, decimal_places=2)
    cost = models.DecimalField(_("cost (€)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="timeentry_hours_range"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="timeentry_cost_positive"),
        ]
        indexes = [
            models.Index(fields=["organization", "agent", "date"], name="time_org_agent_date"),
            models.Index(fields=["work_order", "date"], name="time_wo_date"),
            # the asset cost roll-up (`asset_costs`) sums the active entries by date from the index alone
            models.Index(fields=["work_order", "archived_at", "date", "cost"], name="time_wo_active_cost"),
        ]

    def __str__(self):
        return f"{self.agent} · {self.date} · {self.hours} h"


class CostLine(TenantModel):
    """A non-labour cost of a work order: materials, a contractor's invoice, vehicle or equipment use."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Materials")
        CONTRACTOR = "contractor", _("Contractor invoice")
        EQUIPMENT = "equipment", _("Vehicle / equipment")

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.PROTECT, related_name="cost_lines", verbose_name=_("work order")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    date = models.DateField(_("date"), validators=[COST_DATE])
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=3,
        default=Decimal(1),
        validators=bounded(Decimal("0.001"), Decimal(1_000_000)),
    )
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    unit_cost = models.DecimalField(
        _("unit cost (€)"), max_digits=12, decimal_places=2, validators=bounded(Decimal(0), MAX_AMOUNT)
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, validators=bounded(Decimal(0), MAX_AMOUNT)
    )
    reference = models.CharField(_("invoice / reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="costline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0) & Q(amount__gte=0), name="costline_amount_positive"),
        ]
        indexes = [
            # the asset cost roll-up (`asset_costs`) sums the active lines by date and kind from the index
            # alone (SQLite: a partial index is covering only with its condition's column in it)
            models.Index(
                fields=["work_order", "archived_at", "date", "kind", "amount"], name="costline_wo_active_amount"
            ),
        ]

    def __str__(self):
        return self.label
