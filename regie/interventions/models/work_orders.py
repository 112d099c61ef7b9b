"""Work orders (bons de travaux) and their checklists."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from regie.attachments.signature import SignedRecord
from regie.core.fields import BoundedTextField
from regie.core.models import TenantModel
from regie.core.validators import (
    DESCRIPTION_LENGTH,
    MAX_AMOUNT,
    REASON_LENGTH,
    REPORT_LENGTH,
    bounded,
)
from regie.people.models import Agent, Contractor, Department, Skill, Team

from ..states import WORK_ORDER_GROUPS, WorkOrderState
from .base import MAX_HOURS, PLANNED_SLOT, CostTotals, Overdue, OverdueMixin
from .reference import Category, CostCode, Priority
from .requests import InterventionRequest

# One measured value (a pressure, a temperature, a current): beyond it is a typing slip.
MAX_MEASUREMENT = Decimal("999999.999")


class WorkOrder(OverdueMixin, TenantModel, CostTotals, SignedRecord):
    OVERDUE = Overdue("planned_end", WORK_ORDER_GROUPS["open"])

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")
        INTERNAL = "internal", _("Internal job")
        URGENT = "urgent", _("Urgent repair")

    class Execution(models.TextChoices):
        IN_HOUSE = "in_house", _("In-house (own agents)")
        CONTRACTOR = "contractor", _("Contractor")

    class QuoteStatus(models.TextChoices):
        """The contractor's quote (devis), when the work order asks for one: see `workflow.WORK_ORDER_TRANSITIONS`."""

        NONE = "", _("No quote yet")
        SUBMITTED = "submitted", _("Quote submitted, to approve")
        APPROVED = "approved", _("Quote approved")
        REJECTED = "rejected", _("Quote rejected")

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
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("asset"),
    )
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
    quote_required = models.BooleanField(
        _("quote required"),
        default=False,
        help_text=_("The contractor submits a quote (devis), approved before the work starts."),
    )
    signature_required = models.BooleanField(
        _("signature required"),
        default=False,
        help_text=_("Completing it needs the signature of the person on site (the requester, the occupant)."),
    )
    quote_status = models.CharField(
        _("quote"), max_length=10, choices=QuoteStatus.choices, blank=True, default="", editable=False
    )
    quote_amount = models.DecimalField(
        _("quoted amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        validators=bounded(Decimal(0), MAX_AMOUNT),
    )
    quote_document = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("quote (PDF)"),
    )
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
            models.Index(fields=["organization", "asset", "-created_at"], name="wo_org_asset"),
            # the indicators' moments: an organization's work orders completed or closed in a period
            models.Index(fields=["organization", "completed_at"], name="wo_org_completed"),
            models.Index(fields=["organization", "closed_at"], name="wo_org_closed"),
        ]

    # the page of a record, from its primary key alone (the audit log links its rows without reading them; not
    # get_absolute_url, which would open the admin's "view on site" redirect to any organization's ids)
    detail_url_name = "interventions:workorder-detail"

    def __str__(self):
        return f"{self.number} — {self.title}"


class WorkOrderTask(models.Model):
    """One line of a work order's checklist; it may ask for a measurement (a number in its unit, or pass / fail)."""

    class Measurement(models.TextChoices):
        NONE = "", _("No measurement")
        NUMBER = "number", _("A number (with its unit)")
        PASS_FAIL = "pass_fail", _("Pass / fail")

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("task"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    # What the task asks to record (a maintenance plan's check: "pressure, bar", "safety valve, pass / fail").
    measurement = models.CharField(_("measurement"), max_length=10, choices=Measurement.choices, blank=True, default="")
    unit = models.CharField(_("unit"), max_length=20, blank=True, default="")
    value = models.DecimalField(
        _("measured value"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=bounded(-MAX_MEASUREMENT, MAX_MEASUREMENT),
    )
    passed = models.BooleanField(_("check passed"), null=True, blank=True)
    measured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.label

    @property
    def measured(self):
        """Whether the measurement the task asks for is recorded (always, for a task that asks none)."""
        if self.measurement == self.Measurement.NUMBER:
            return self.value is not None
        if self.measurement == self.Measurement.PASS_FAIL:
            return self.passed is not None
        return True

    @property
    def failed(self):
        return self.measurement == self.Measurement.PASS_FAIL and self.passed is False

    value_limit = MAX_MEASUREMENT  # the input's min (negated) and max, as the model bounds it

    @property
    def value_text(self):
        """The recorded value without trailing zeros ("1.4", "182"), as a number input takes it."""
        return "" if self.value is None else f"{self.value.normalize():f}"

    @property
    def value_display(self):
        """The recorded value as the reader's language writes it ("1,4" in French)."""
        return "" if self.value is None else number_format(Decimal(self.value_text))

    @property
    def result_text(self):
        """The recorded measurement in words: "1,4 bar", "Pass", "Fail" ("" when none is)."""
        if self.measurement == self.Measurement.NUMBER and self.value is not None:
            return f"{self.value_display} {self.unit}".strip()
        if self.measurement == self.Measurement.PASS_FAIL and self.passed is not None:
            return str(_("Pass") if self.passed else _("Fail"))
        return ""
