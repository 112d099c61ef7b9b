"""Reference data an organization configures: categories, priorities, budget lines, cost codes."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.fields import SortKeyField
from regie.core.models import TenantModel, unique_code
from regie.core.validators import (
    bounded,
    code_validator,
)
from regie.people.models import Department, Skill

from .base import PERIOD_DATE


class Category(TenantModel):
    """A kind of work (plumbing, electricity, green spaces, roads...), with its usual trade."""

    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("usual trade")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technical department in charge"),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_name"]
        constraints = [unique_code("category")]

    def __str__(self):
        return self.name


class Priority(TenantModel):
    """A priority level with its target times, configured per organization."""

    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank (1 = most urgent)"), default=3, validators=bounded(1, 99))
    response_hours = models.PositiveIntegerField(_("target first response (hours)"), validators=bounded(0, 8784))
    resolution_hours = models.PositiveIntegerField(_("target resolution (hours)"), validators=bounded(0, 8784))
    working_days_only = models.BooleanField(
        _("in working days"),
        default=False,
        help_text=_(
            "Count the target times on working days only (weekends and public holidays skipped): "
            "72 hours = 3 working days. Leave off for emergencies handled around the clock."
        ),
    )

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["rank"]
        constraints = [
            unique_code("priority"),
            models.CheckConstraint(condition=Q(resolution_hours__gte=F("response_hours")), name="priority_times_order"),
        ]

    def __str__(self):
        return self.name


class BudgetLine(TenantModel):
    """A budget line (M57 nomenclature) a department charges its requests to."""

    class Section(models.TextChoices):
        OPERATING = "operating", _("Operating budget")
        CAPITAL = "capital", _("Capital budget")

    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    name = models.CharField(_("label"), max_length=160)
    section = models.CharField(_("section"), max_length=12, choices=Section.choices, default=Section.OPERATING)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("department"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=bounded(2000, 2100))
    amount = models.DecimalField(
        _("voted amount (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), Decimal("9999999999.99")),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["code"]
        constraints = [unique_code("budgetline")]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def closed(self):
        """A line of a past budget year: requests already on it keep it, new ones cannot take it."""
        return self.year is not None and self.year < timezone.localdate().year

    @staticmethod
    def open_lines(queryset):
        """The lines of `queryset` a new request may take: of this budget year or a later one, or of no year."""
        return queryset.filter(Q(year__isnull=True) | Q(year__gte=timezone.localdate().year))


class CostCode(TenantModel):
    """What a cost is for, across departments: an event ("14 juillet"), a project, an operation."""

    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    name = models.CharField(_("name"), max_length=160)
    starts_on = models.DateField(_("from"), null=True, blank=True, validators=[PERIOD_DATE])
    ends_on = models.DateField(_("until"), null=True, blank=True, validators=[PERIOD_DATE])

    class Meta:
        verbose_name = _("cost code")
        verbose_name_plural = _("cost codes")
        ordering = ["code"]
        constraints = [unique_code("costcode")]

    def __str__(self):
        return f"{self.code} — {self.name}"
