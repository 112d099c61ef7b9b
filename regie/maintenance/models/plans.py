"""Preventive maintenance plans (plans d'entretien / de maintenance préventive) and their occurrences.

A plan says what to do (checklist, skills, hours, parts, who), on what (one asset, every asset of a type, or the
assets of a type inside a subtree), and when (an RFC 5545 rule, a meter interval, or both: whichever comes first,
within a season). The generator (`regie.maintenance.generator`) turns each due date into an `Occurrence` and a
preventive work order; the occurrence's unique key (plan, asset, scheduled date) makes it idempotent.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField, SortKeyField
from regie.core.models import TenantModel
from regie.core.validators import DESCRIPTION_LENGTH, NAME_LENGTH, REASON_LENGTH, bounded, plausible_date
from regie.interventions.models import WorkOrder

MAX_ESTIMATED_HOURS = Decimal(9999)
MAX_METER_INTERVAL = Decimal("99999999.999")
MAX_LEAD_DAYS = 365
MAX_GRACE_DAYS = 365
RULE_LENGTH = 500
PLAN_START = plausible_date(years_back=5, years_ahead=5)
DUE_DATE = plausible_date(years_back=10, years_ahead=10)


class MaintenancePlan(TenantModel):
    """A preventive maintenance plan."""

    class Scope(models.TextChoices):
        ASSET = "asset", _("One asset")
        TYPE = "type", _("Every asset of a type")
        SUBTREE = "subtree", _("The assets of a type inside an asset")

    class Schedule(models.TextChoices):
        FIXED = "fixed", _("Fixed (on the rule's dates, whatever happened)")
        FLOATING = "floating", _("Floating (counted from the last completion)")

    class SeasonPolicy(models.TextChoices):
        MOVE = "move", _("Move to the start of the season")
        SKIP = "skip", _("Skip")

    Execution = WorkOrder.Execution  # the plan's work orders are done as it says

    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    sort_name = SortKeyField(_("sort key"), max_length=NAME_LENGTH, sources=["name"])
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)
    # what it applies to
    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices, default=Scope.ASSET)
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("asset"), help_text=_("The asset itself, or the asset whose subtree the plan covers."),
    )  # fmt: skip
    asset_type = models.ForeignKey(
        "assets.AssetType", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("asset type"),
    )  # fmt: skip
    # what the work orders say
    category = models.ForeignKey(
        "interventions.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    priority = models.ForeignKey(
        "interventions.Priority", on_delete=models.PROTECT, related_name="+", verbose_name=_("priority")
    )
    execution = models.CharField(_("done by"), max_length=12, choices=Execution.choices, default=Execution.IN_HOUSE)
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    contractor = models.ForeignKey(
        "people.Contractor", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("contractor"),
    )  # fmt: skip
    contract_reference = models.CharField(
        _("public contract"), max_length=80, blank=True, help_text=_("The public contract's reference (marché).")
    )
    required_skills = models.ManyToManyField(
        "people.Skill", blank=True, related_name="+", verbose_name=_("required skills")
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_ESTIMATED_HOURS),
    )  # fmt: skip
    parts = BoundedTextField(_("parts and supplies"), max_length=DESCRIPTION_LENGTH, blank=True)
    signature_required = models.BooleanField(
        _("signature required"), default=False, help_text=_("The work order is signed when the work is done.")
    )
    # when
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.FIXED)
    rule = models.CharField(
        _("recurrence rule"), max_length=RULE_LENGTH, blank=True,
        help_text=_("RFC 5545 rule, e.g. FREQ=YEARLY;BYMONTH=3. Empty: by meter only."),
    )  # fmt: skip
    starts_on = models.DateField(_("starts on"), validators=[PLAN_START])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[PLAN_START])
    meter_kind = models.CharField(
        _("meter"), max_length=12, blank=True, help_text=_("The asset's meter of this kind counts the usage.")
    )
    meter_interval = models.DecimalField(
        _("every (meter units)"), max_digits=14, decimal_places=3, null=True, blank=True,
        validators=bounded(Decimal("0.001"), MAX_METER_INTERVAL),
    )  # fmt: skip
    season_start_month = models.PositiveSmallIntegerField(
        _("season from (month)"), null=True, blank=True, validators=bounded(1, 12)
    )
    season_end_month = models.PositiveSmallIntegerField(
        _("season to (month)"), null=True, blank=True, validators=bounded(1, 12)
    )
    season_policy = models.CharField(
        _("outside the season"), max_length=6, choices=SeasonPolicy.choices, default=SeasonPolicy.MOVE
    )
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), default=14, validators=bounded(0, MAX_LEAD_DAYS),
        help_text=_("The work order is generated this many days before the due date."),
    )  # fmt: skip
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"), default=7, validators=bounded(0, MAX_GRACE_DAYS),
        help_text=_("Days after the due date before the occurrence is overdue."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip

    detail_url_name = "maintenance:maintenanceplan-detail"

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="") | (Q(meter_kind__gt="") & Q(meter_interval__isnull=False)),
                name="maintenanceplan_has_trigger",
                violation_error_message=_("Give a recurrence rule, a meter interval, or both."),
            ),
            models.CheckConstraint(
                condition=~Q(execution="contractor") | Q(contractor__isnull=False),
                name="maintenanceplan_contractor_set",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="maintenanceplan_ends_after_start",
                violation_error_message=_("The plan ends before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "sort_name", "id"], name="plan_org_name"),
            models.Index(fields=["organization", "asset"], name="plan_org_asset"),
            models.Index(fields=["organization", "asset_type"], name="plan_org_type"),
        ]

    def __str__(self):
        return self.name

    @property
    def applies_to(self):
        """What the plan covers, as a list reads it."""
        if self.scope == self.Scope.ASSET:
            return str(self.asset) if self.asset_id else "—"
        if self.scope == self.Scope.TYPE:
            return _("Every %(type)s") % {"type": self.asset_type}
        return _("%(type)s inside %(asset)s") % {"type": self.asset_type, "asset": self.asset}

    @property
    def recurrence(self):
        """The plan's triggers as people read them: the preset's name or the rule, and the meter interval."""
        from regie.assets.models import Meter

        from ..triggers import PRESETS

        calendar = next((str(label) for _key, label, rule in PRESETS if rule == self.rule), self.rule)
        meter = ""
        if self.has_meter:
            kind = dict(Meter.Kind.choices).get(self.meter_kind, self.meter_kind)
            meter = _("every %(interval)s, %(meter)s") % {"interval": self.meter_interval.normalize(), "meter": kind}
        if calendar and meter:
            return _("%(calendar)s or %(meter)s, whichever comes first") % {"calendar": calendar, "meter": meter}
        return calendar or meter or "—"

    @property
    def has_calendar(self):
        return bool(self.rule)

    @property
    def has_meter(self):
        return bool(self.meter_kind) and self.meter_interval is not None

    def in_season(self, month):
        """Whether `month` is inside the plan's season (no season: always; a season may span the new year)."""
        start, end = self.season_start_month, self.season_end_month
        if start is None or end is None:
            return True
        return start <= month <= end if start <= end else (month >= start or month <= end)


class PlanTask(models.Model):
    """One line of a plan's checklist, copied into each generated work order."""

    class Measurement(models.TextChoices):
        NONE = "", _("No measurement")
        NUMBER = "number", _("A number (with its unit)")
        PASS_FAIL = "pass_fail", _("Pass / fail")

    plan = models.ForeignKey(MaintenancePlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=0, validators=bounded(0, 1000))
    label = models.CharField(_("task"), max_length=200)
    measurement = models.CharField(_("measurement"), max_length=10, choices=Measurement.choices, blank=True, default="")
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("°C, bar, mA…"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")

    def __str__(self):
        return self.label


class Occurrence(TenantModel):
    """One due date of a plan on one asset: generated (with its work order), skipped or postponed.

    `scheduled_on` is the date the schedule gave (the idempotency key, never changed); `due_on` is when it is
    due (a postponement moves it)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned (work order not generated yet)")
        GENERATED = "generated", _("Work order generated")
        SKIPPED = "skipped", _("Skipped")

    class Trigger(models.TextChoices):
        CALENDAR = "calendar", _("Calendar")
        METER = "meter", _("Meter")

    plan = models.ForeignKey(MaintenancePlan, on_delete=models.PROTECT, related_name="occurrences")
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, related_name="+", verbose_name=_("asset"))
    scheduled_on = models.DateField(_("scheduled on"), validators=[DUE_DATE])
    due_on = models.DateField(_("due on"), validators=[DUE_DATE])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GENERATED)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.CALENDAR)
    meter_threshold = models.DecimalField(
        _("meter threshold"), max_digits=14, decimal_places=3, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_METER_INTERVAL),
    )  # fmt: skip
    work_order = models.OneToOneField(
        "interventions.WorkOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="occurrence",
        verbose_name=_("work order"),
    )  # fmt: skip
    reason = BoundedTextField(_("reason"), max_length=REASON_LENGTH, blank=True)
    # the moment it becomes overdue: midnight (the organization's time) after the due date and the grace period
    late_after = models.DateTimeField(_("overdue after"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["due_on", "pk"]
        constraints = [
            # the generator's key: ON CONFLICT on it (archived rows, which no service writes, do not count)
            models.UniqueConstraint(
                fields=["plan", "asset", "scheduled_on"],
                condition=Q(archived_at__isnull=True),
                name="occurrence_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "due_on"], name="occurrence_org_due"),
            models.Index(fields=["plan", "asset", "-scheduled_on"], name="occurrence_plan_asset"),
            models.Index(fields=["organization", "asset", "due_on"], name="occurrence_org_asset"),
        ]

    def __str__(self):
        return f"{self.plan} — {self.due_on.isoformat()}"
