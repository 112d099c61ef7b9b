"""What the intervention models share: bounds of their fields, "overdue", pre-aggregated costs."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantQuerySet
from regie.core.validators import (
    plausible_date,
)

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00")}
# Plausible dates (core.validators.PlausibleDate): what users type, checked by the model, forms and serializers.
DESIRED_DATE = plausible_date(years_back=1, years_ahead=5)
PLANNED_SLOT = plausible_date(years_back=5, years_ahead=5)
COST_DATE = plausible_date(years_back=5, years_ahead=1)
PERIOD_DATE = plausible_date(years_back=20, years_ahead=20)
# The longest time-entry horizon an organization may set; the model accepts a day of slack for time zones,
# the service applies the organization's own horizon and "never in the future" in its time zone.
MAX_TIME_ENTRY_HORIZON_DAYS = 5 * 366
TIME_ENTRY_DATE = plausible_date(days_back=MAX_TIME_ENTRY_HORIZON_DAYS, days_ahead=1)
MAX_TASKS = 200  # checklist lines of one work order
MAX_HOURS = Decimal(9999)  # estimated for one work order (five agent-years)


@dataclass(frozen=True)
class Overdue:
    """What "overdue" means for a record type: still open, and its due moment (`due_field`) is past.

    One definition read two ways, so they cannot disagree: the queryset filter `.overdue(now)` (lists and their
    `overdue` filter, the home page's queue, the API) and the record's `is_overdue` (badges, the API field).
    """

    due_field: str
    open_states: tuple

    def q(self, now=None):
        return Q(state__in=self.open_states, **{f"{self.due_field}__lt": now or timezone.now()})

    def of(self, obj, now=None):
        due = getattr(obj, self.due_field)
        return obj.state in self.open_states and due is not None and due < (now or timezone.now())


class OverdueQuerySet(TenantQuerySet):
    def overdue(self, now=None):
        """The open records past their due moment (`model.OVERDUE`)."""
        return self.filter(self.model.OVERDUE.q(now))


class OverdueMixin(models.Model):
    OVERDUE: Overdue = None
    objects = OverdueQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_overdue(self):
        return self.OVERDUE.of(self)


class CostTotals(models.Model):
    """Pre-aggregated costs, kept up to date by the cost services with F() updates."""

    labour_cost = models.DecimalField(_("labour"), **MONEY)
    material_cost = models.DecimalField(_("materials"), **MONEY)
    contractor_cost = models.DecimalField(_("contractors"), **MONEY)
    equipment_cost = models.DecimalField(_("vehicles and equipment"), **MONEY)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        abstract = True

    @property
    def total_cost(self):
        return self.labour_cost + self.material_cost + self.contractor_cost + self.equipment_cost
