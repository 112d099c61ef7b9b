"""The workforce of an organization: departments, skills (trades), teams, agents, contractors."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField, SortKeyField
from regie.core.models import TenantModel, TenantQuerySet, unique_code
from regie.core.validators import (
    ADDRESS_LENGTH,
    MAX_HOURLY_RATE,
    REASON_LENGTH,
    bounded,
    code_validator,
    plausible_date,
    validate_siret,
)


class Department(TenantModel):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical services")
        REQUESTING = "requesting", _("Requesting department")

    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REQUESTING)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    budget_code = models.CharField(_("budget code"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_name"]
        constraints = [unique_code("department")]
        indexes = [models.Index(fields=["organization", "sort_name"], name="department_org_sort_name")]

    def __str__(self):
        return self.name


class Skill(TenantModel):
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    hourly_rate = models.DecimalField(
        _("hourly cost rate (€)"), max_digits=8, decimal_places=2, validators=bounded(Decimal(0), MAX_HOURLY_RATE)
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["sort_name"]
        constraints = [
            unique_code("skill"),
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="skill_rate_positive"),
        ]

    def __str__(self):
        return self.name


class Team(TenantModel):
    shareable = True  # an EPCI lends a team to its communes ("mutualisation")

    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("department"),
    )
    leader = models.ForeignKey(
        "Agent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team leader"),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["sort_name"]
        constraints = [unique_code("team")]

    def __str__(self):
        return self.name


class Agent(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agent_profiles",
        verbose_name=_("user account"),
    )
    employee_number = models.CharField(_("employee number"), max_length=20, validators=[code_validator])
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    sort_name = SortKeyField(_("sort key"), max_length=161, sources=["last_name", "first_name"])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="agents", verbose_name=_("team")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="agents", verbose_name=_("skills"))
    weekly_hours = models.DecimalField(
        _("working hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("35.0"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(60))],
    )
    hourly_rate = models.DecimalField(
        _("hourly cost (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), MAX_HOURLY_RATE),
        help_text=_("Loaded cost of one hour of this agent; empty: the rate of their main skill."),
    )

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "employee_number"],
                condition=Q(archived_at__isnull=True),
                name="agent_number_unique",
                violation_error_message=_("This employee number is already used in your organization."),
                violation_error_code="duplicate_employee_number",
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(archived_at__isnull=True, user__isnull=False),
                name="agent_user_unique",
                violation_error_message=_("This user account is already linked to another agent."),
                violation_error_code="duplicate_agent_user",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0) & Q(weekly_hours__lte=60), name="agent_weekly_hours_range"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "sort_name"], name="agent_org_sort_name"),
            models.Index(fields=["organization", "team"], name="agent_org_team"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return str(self)


class Contractor(TenantModel):
    shareable = True  # a contract passed by the EPCI, used by its communes

    name = models.CharField(_("company name"), max_length=160)
    sort_name = SortKeyField(_("sort key"), max_length=160, sources=["name"])
    siret = models.CharField(_("SIRET number"), max_length=14, blank=True, validators=[validate_siret])
    trades = models.ManyToManyField(Skill, blank=True, related_name="contractors", verbose_name=_("trades"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = BoundedTextField(_("address"), max_length=ADDRESS_LENGTH, blank=True)

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "siret"],
                condition=Q(archived_at__isnull=True) & ~Q(siret=""),
                name="contractor_siret_unique",
                violation_error_message=_("A company with this SIRET is already in your organization."),
                violation_error_code="duplicate_siret",
            )
        ]

    def __str__(self):
        return self.name


# Absences are entered for the past year (late sick notes) and planned up to two years ahead (training).
ABSENCE_WINDOW = plausible_date(years_back=1, years_ahead=2)


class AbsenceQuerySet(TenantQuerySet):
    def overlapping(self, start, end):
        """Absences that cover part of [start, end)."""
        return self.filter(start__lt=end, end__gt=start)


class Absence(TenantModel):
    """A period when an agent is not available: leave, sickness, training.

    Bounds are date-times, so a half day is its hours (08:00–12:00) and a whole day runs from midnight to the
    next midnight in the organization's time zone: what HR exports ("matin", "après-midi", dates) maps onto
    them, and an overlap with a work order's slot is one comparison.
    """

    class Kind(models.TextChoices):
        LEAVE = "leave", _("Leave")
        SICKNESS = "sickness", _("Sickness")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="absences", verbose_name=_("agent"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.LEAVE)
    start = models.DateTimeField(_("start"), validators=[ABSENCE_WINDOW])
    end = models.DateTimeField(_("end"), validators=[ABSENCE_WINDOW])
    note = BoundedTextField(_("note"), max_length=REASON_LENGTH, blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="absence_end_after_start",
                violation_error_message=_("The end must be after the start."),
                violation_error_code="end_before_start",
            )
        ]
        indexes = [models.Index(fields=["organization", "agent", "start"], name="absence_org_agent_start")]

    def __str__(self):
        return f"{self.agent} · {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")}, code="end_before_start")
