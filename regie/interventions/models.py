"""Requests for work (demandes d'intervention), work orders (bons de travaux), their costs and files."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField
from regie.core.models import Organization, TenantManager, TenantModel, TenantQuerySet, unique_code
from regie.core.validators import (
    DESCRIPTION_LENGTH,
    MAX_AMOUNT,
    REASON_LENGTH,
    REPORT_LENGTH,
    bounded,
    code_validator,
    plausible_date,
)
from regie.core.working_time import HolidayCalendar
from regie.people.models import Agent, Contractor, Department, Skill, Team

from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS, RequestState, WorkOrderState

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
    reopen_days = models.PositiveSmallIntegerField(
        _("reopening allowed for (days)"), default=30, validators=bounded(0, 3650)
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

    objects = TenantManager()

    class Meta:
        verbose_name = _("workflow settings")
        verbose_name_plural = _("workflow settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_daily_hours__gte=1) & Q(max_daily_hours__lte=24), name="workflow_max_daily_hours_range"
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


class Category(TenantModel):
    """A kind of work (plumbing, electricity, green spaces, roads...), with its usual trade."""

    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
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
        ordering = ["name"]
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


class InterventionRequest(OverdueMixin, TenantModel, CostTotals):
    OVERDUE = Overdue("resolution_due_at", REQUEST_GROUPS["open"])

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")
        PORTAL = "portal", _("Citizen portal")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    number = models.CharField(_("number"), max_length=24)
    title = models.CharField(_("title"), max_length=160)
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH)
    state = models.CharField(_("status"), max_length=32, choices=RequestState.choices, default=RequestState.DRAFT)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("requesting department"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intervention_requests",
        verbose_name=_("requested by"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="requests", verbose_name=_("priority")
    )
    location = models.CharField(_("place"), max_length=200, help_text=_("Building, room, street address…"))
    location_key = models.CharField(max_length=200, editable=False, db_index=False)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    desired_date = models.DateField(_("desired date"), null=True, blank=True, validators=[DESIRED_DATE])
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("budget line"),
    )
    estimated_amount = models.DecimalField(
        _("estimated amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), MAX_AMOUNT),
    )
    cost_code = models.ForeignKey(
        CostCode, on_delete=models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("cost code")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first approver"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    state_before_hold = models.CharField(max_length=32, blank=True, editable=False)
    last_reason = BoundedTextField(_("last reason given"), max_length=REASON_LENGTH, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    satisfaction_comment = BoundedTextField(_("requester's comment"), max_length=REASON_LENGTH, blank=True)
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("intervention request")
        verbose_name_plural = _("intervention requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="request_number_unique"),
            models.UniqueConstraint(fields=["organization", "idempotency_key"], name="request_idempotency_unique"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__range=(1, 5)),
                name="request_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(estimated_amount__isnull=True) | Q(estimated_amount__gte=0), name="request_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "-created_at"], name="request_org_state_created"),
            models.Index(fields=["organization", "-created_at"], name="request_org_created"),
            models.Index(fields=["organization", "department", "-created_at"], name="request_org_dept"),
            models.Index(fields=["organization", "location_key", "category"], name="request_org_place_cat"),
            models.Index(fields=["organization", "requester", "-created_at"], name="request_org_requester"),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs):
        self.location_key = normalize_place(self.location)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "location" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "location_key"}
        super().save(*args, **kwargs)


def normalize_place(text: str) -> str:
    """A comparable form of a free place text, for the duplicate hint: lower case, no accents, single spaces."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())[:200]


class WorkOrder(OverdueMixin, TenantModel, CostTotals):
    OVERDUE = Overdue("planned_end", WORK_ORDER_GROUPS["open"])

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")
        INTERNAL = "internal", _("Internal job")
        URGENT = "urgent", _("Urgent repair")

    class Execution(models.TextChoices):
        IN_HOUSE = "in_house", _("In-house (own agents)")
        CONTRACTOR = "contractor", _("Contractor")

    number = models.CharField(_("number"), max_length=24)
    request = models.ForeignKey(
        InterventionRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("request"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORRECTIVE)
    state = models.CharField(_("status"), max_length=16, choices=WorkOrderState.choices, default=WorkOrderState.TO_PLAN)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("category")
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("priority")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("charged department"),
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    execution = models.CharField(_("done by"), max_length=12, choices=Execution.choices, default=Execution.IN_HOUSE)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="work_orders", verbose_name=_("team")
    )
    agents = models.ManyToManyField(Agent, blank=True, related_name="work_orders", verbose_name=_("agents"))
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("contractor"),
    )
    required_skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("required skills"))
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True, validators=[PLANNED_SLOT])
    planned_end = models.DateTimeField(_("planned end"), null=True, blank=True, validators=[PLANNED_SLOT])
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), MAX_HOURS),
    )
    cost_code = models.ForeignKey(
        CostCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("cost code"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    report = BoundedTextField(_("work report"), max_length=REPORT_LENGTH, blank=True)
    first_visit_fix = models.BooleanField(_("fixed at the first visit"), null=True, blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    state_before_hold = models.CharField(max_length=16, blank=True, editable=False)
    last_reason = BoundedTextField(_("last reason given"), max_length=REASON_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="workorder_number_unique"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gt=F("planned_start")),
                name="workorder_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(execution="contractor") | Q(contractor__isnull=False),
                name="workorder_contractor_set",
            ),
            models.CheckConstraint(
                condition=Q(estimated_hours__isnull=True) | Q(estimated_hours__gte=0), name="workorder_hours_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "-created_at"], name="wo_org_state_created"),
            models.Index(fields=["organization", "-created_at"], name="wo_org_created"),
            models.Index(fields=["organization", "team", "planned_start"], name="wo_org_team_start"),
            # a team's work, newest first: the dispatcher's list (SQLite otherwise sorts the team's whole history)
            models.Index(fields=["organization", "team", "-created_at"], name="wo_org_team_created"),
            models.Index(fields=["organization", "planned_start"], name="wo_org_start"),
            models.Index(fields=["organization", "priority", "state", "-created_at"], name="wo_org_prio_state"),
            models.Index(fields=["organization", "contractor", "-created_at"], name="wo_org_contractor"),
            models.Index(fields=["organization", "department", "-created_at"], name="wo_org_department"),
            models.Index(fields=["organization", "cost_code"], name="wo_org_costcode"),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"


class WorkOrderTask(models.Model):
    """One line of a work order's checklist."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("task"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.label


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

    def __str__(self):
        return self.label


def attachment_path(instance, filename):
    """Where the former interventions attachments were stored (kept: migration 0001 refers to it)."""
    import uuid
    from pathlib import Path

    from django.utils import timezone

    suffix = Path(filename).suffix.lower()[:10]
    return f"org-{instance.organization_id}/interventions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class CalendarFeed(TenantModel):
    """A secret iCalendar subscription URL for a team's or an agent's planned work orders."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) ^ Q(agent__isnull=False), name="calendarfeed_one_target"
            ),
        ]

    def __str__(self):
        return str(self.team or self.agent)
