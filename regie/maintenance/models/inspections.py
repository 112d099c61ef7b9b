"""Regulatory inspections (contrôles réglementaires): the organization's catalogue of inspection types with their
legal basis and periodicity, the rules that give a periodicity by public-access type and category, the
inspections recorded with their observations, and the obligations (one row per asset and inspection type owed)
that the compliance view reads.

An inspection is open while it has an observation not lifted (or, when it is not compliant, until its
observations are recorded and lifted); a compliant inspection is closed when it is recorded. An observation
becomes a corrective request in one click (`request`), and is lifted when that request's work is done or by hand
with a note."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from regie.assets.models import AssetKind
from regie.core.fields import BoundedTextField, SortKeyField
from regie.core.models import TenantModel, unique_code
from regie.core.validators import (
    ADDRESS_LENGTH,
    DESCRIPTION_LENGTH,
    NAME_LENGTH,
    REASON_LENGTH,
    REPORT_LENGTH,
    bounded,
    code_validator,
    plausible_date,
)

MAX_PERIODICITY_MONTHS = 240  # twenty years: the longest legal period is ten (lifts' technical inspection: five)
MAX_ALERT_DAYS = 365
ERP_TYPES = "JLMNOPRSTUVWXY"  # the types of public-access buildings (arrêté du 25 juin 1980, GN 1), plus PA…
ERP_CATEGORIES = "12345"
INSPECTION_DATE = plausible_date(years_back=30, days_ahead=1)  # the service refuses any day after today


class Performer(models.TextChoices):
    """Who may carry out an inspection: the organization picks what the text allows."""

    APPROVED_BODY = "approved_body", _("Approved body (organisme agréé)")
    COMPETENT_TECHNICIAN = "competent_technician", _("Competent technician")
    APPROVED_OR_COMPETENT = "approved_or_competent", _("Approved body or competent technician")
    IN_HOUSE = "in_house", _("In-house staff")
    SAFETY_COMMISSION = "safety_commission", _("Safety commission")
    ANY = "any", _("Any qualified person")


class PeriodUnit(models.TextChoices):
    MONTHS = "months", _("months")
    WEEKS = "weeks", _("weeks")


class InspectionType(TenantModel):
    """An entry of the organization's catalogue: what is inspected, on which legal basis, how often, by whom."""

    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    sort_name = SortKeyField(_("sort key"), max_length=NAME_LENGTH, sources=["name"])
    asset_kind = models.CharField(_("applies to"), max_length=32, choices=AssetKind.choices)
    asset_type_codes = models.CharField(
        _("asset type codes"),
        max_length=NAME_LENGTH,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_\- ,]+$", _("Codes separated by commas."))],
        help_text=_("Empty: every asset of the family. Otherwise only the asset types with these codes (ASC, CHAUD)."),
    )
    public_access_only = models.BooleanField(
        _("public-access buildings only"), default=False, help_text=_("Only assets with a public-access type (ERP).")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=ADDRESS_LENGTH, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=NAME_LENGTH, blank=True)
    periodicity = models.PositiveSmallIntegerField(_("periodicity"), validators=bounded(1, MAX_PERIODICITY_MONTHS))
    periodicity_unit = models.CharField(
        _("unit of the periodicity"), max_length=8, choices=PeriodUnit.choices, default=PeriodUnit.MONTHS
    )
    periodicity_source = models.CharField(_("source of the periodicity"), max_length=ADDRESS_LENGTH, blank=True)
    performer = models.CharField(_("carried out by"), max_length=32, choices=Performer.choices, default=Performer.ANY)
    to_be_confirmed = models.BooleanField(
        _("to be confirmed by the organization"),
        default=False,
        help_text=_("The periodicity or its source is to be checked against the texts in force."),
    )
    alert_days = models.PositiveSmallIntegerField(
        _("alert before the due date (days)"), default=30, validators=bounded(1, MAX_ALERT_DAYS)
    )
    request_category = models.ForeignKey(
        "interventions.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("category of the corrective requests"),
        help_text=_("Empty: the organization's first request category."),
    )  # fmt: skip
    notes = BoundedTextField(_("notes"), max_length=DESCRIPTION_LENGTH, blank=True)

    class Meta:
        verbose_name = _("inspection type")
        verbose_name_plural = _("inspection types")
        ordering = ["sort_name"]
        constraints = [unique_code("inspectiontype")]
        indexes = [models.Index(fields=["organization", "sort_name"], name="inspectiontype_org_name")]

    def __str__(self):
        return self.name

    @property
    def periodicity_label(self):
        return f"{self.periodicity} {self.get_periodicity_unit_display()}"

    def type_codes(self):
        return {code.strip().upper() for code in self.asset_type_codes.split(",") if code.strip()}


@deconstructible
class LettersAmong:
    """A set written as its letters (LNOPR, 123): every letter among `allowed`, none twice."""

    def __init__(self, allowed, message):
        self.allowed, self.message = allowed, message

    def __call__(self, value):
        letters = (value or "").upper()
        if not letters or any(letter not in self.allowed for letter in letters) or len(set(letters)) != len(letters):
            raise ValidationError(self.message, code="invalid")

    def __eq__(self, other):
        return isinstance(other, LettersAmong) and self.allowed == other.allowed


class PeriodicityRule(TenantModel):
    """A periodicity that depends on the building: for public-access types × categories, `months` (the first rule
    by position that matches wins; none: the inspection type's own periodicity)."""

    inspection_type = models.ForeignKey(
        InspectionType, on_delete=models.PROTECT, related_name="rules", verbose_name=_("inspection type")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(0, 1000))
    erp_types = models.CharField(
        _("public-access types"),
        max_length=len(ERP_TYPES),
        validators=[LettersAmong(ERP_TYPES, _("Public-access types are letters among J, L, M, N, O, P, R, S, T… Y."))],
        help_text=_("Letters, e.g. LNOPRSTUWXY."),
    )
    erp_categories = models.CharField(
        _("categories"),
        max_length=len(ERP_CATEGORIES),
        validators=[LettersAmong(ERP_CATEGORIES, _("Categories are digits from 1 to 5."))],
        help_text=_("Digits, e.g. 123."),
    )
    months = models.PositiveSmallIntegerField(
        _("periodicity (months)"), null=True, blank=True, validators=bounded(1, MAX_PERIODICITY_MONTHS),
        help_text=_("Empty: no periodic inspection owed by these buildings."),
    )  # fmt: skip
    source = models.CharField(_("source"), max_length=ADDRESS_LENGTH, blank=True)
    to_be_confirmed = models.BooleanField(_("to be confirmed by the organization"), default=False)

    class Meta:
        verbose_name = _("periodicity rule")
        verbose_name_plural = _("periodicity rules")
        ordering = ["inspection_type", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1), name="periodicityrule_months_positive"
            ),
        ]

    def __str__(self):
        return f"{self.inspection_type} — {self.erp_types} {self.erp_categories}: {self.months or '—'}"

    def matches(self, erp_type, erp_category):
        return bool(erp_type) and erp_type in self.erp_types.upper() and str(erp_category) in self.erp_categories


class Outcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    WITH_OBSERVATIONS = "with_observations", _("Compliant with observations")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")


class Inspection(TenantModel):
    """One inspection carried out on an asset, with its report (a file, regie.attachments) and observations."""

    number = models.CharField(_("number"), max_length=32, editable=False)
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, related_name="+", verbose_name=_("asset"))
    inspection_type = models.ForeignKey(
        InspectionType, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("inspection type")
    )
    inspected_on = models.DateField(_("inspection date"), validators=[INSPECTION_DATE])
    contractor = models.ForeignKey(
        "people.Contractor", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("inspecting body (contractor)"),
    )  # fmt: skip
    inspector = models.CharField(
        _("inspecting body or inspector"), max_length=NAME_LENGTH, blank=True,
        help_text=_("When the body is not among the contractors, or the inspector's name."),
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    summary = BoundedTextField(_("summary of the report"), max_length=REPORT_LENGTH, blank=True)
    next_due_on = models.DateField(_("next due date"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    detail_url_name = "maintenance:inspection-detail"

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], condition=~Q(number=""), name="inspection_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-inspected_on"], name="inspection_org_date"),
            models.Index(fields=["asset", "inspection_type", "-inspected_on"], name="inspection_asset_type"),
        ]

    def __str__(self):
        return f"{self.number} — {self.inspection_type}"

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def state_label(self):
        return pgettext("inspection", "Open") if self.closed_at is None else pgettext("inspection", "Closed")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class Observation(TenantModel):
    """A finding of an inspection (an observation, a non-conformity) to correct; lifted (levée) when its request's
    work is done or by hand with a note."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="observations", verbose_name=_("inspection")
    )
    text = BoundedTextField(_("observation"), max_length=REASON_LENGTH)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, default=Severity.MINOR)
    request = models.OneToOneField(
        "interventions.InterventionRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("corrective request"),
    )  # fmt: skip
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("lifted by"),
    )  # fmt: skip
    lift_note = BoundedTextField(_("note on lifting"), max_length=REASON_LENGTH, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["inspection", "pk"]
        indexes = [models.Index(fields=["inspection", "lifted_at"], name="observation_inspection_open")]

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self):
        return self.lifted_at is None


class InspectionObligation(TenantModel):
    """What an asset owes: one inspection type, its periodicity for this asset (a rule or the type's), the last
    inspection and when the next is due. Kept by the services (`inspection_services.refresh_obligations`, the
    recording of an inspection, its observations), so the compliance view is one indexed query."""

    asset = models.ForeignKey("assets.Asset", on_delete=models.CASCADE, related_name="+", verbose_name=_("asset"))
    # the asset itself when it is a building, else the building it is in (for the compliance view by building)
    building = models.ForeignKey(
        "assets.Asset", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("building"),
    )  # fmt: skip
    inspection_type = models.ForeignKey(
        InspectionType, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("inspection type")
    )
    periodicity = models.PositiveSmallIntegerField(_("periodicity"), default=12, editable=False)
    periodicity_unit = models.CharField(
        _("unit of the periodicity"), max_length=8, choices=PeriodUnit.choices, default=PeriodUnit.MONTHS,
        editable=False,
    )  # fmt: skip
    to_be_confirmed = models.BooleanField(_("to be confirmed by the organization"), default=False, editable=False)
    last_inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("last inspection"),
    )  # fmt: skip
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True, editable=False)
    next_due_on = models.DateField(_("next due date"), null=True, blank=True, editable=False)
    alert_on = models.DateField(_("alert from"), null=True, blank=True, editable=False)
    open_inspections = models.PositiveIntegerField(_("open inspections"), default=0, editable=False)
    alerted_for = models.DateField(_("alert sent for the due date"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("inspection obligation")
        verbose_name_plural = _("inspection obligations")
        ordering = ["next_due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "inspection_type"],
                condition=Q(archived_at__isnull=True),
                name="obligation_asset_type_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "next_due_on"], name="obligation_org_due"),
            models.Index(fields=["organization", "inspection_type", "next_due_on"], name="obligation_org_type_due"),
            models.Index(fields=["building", "next_due_on"], name="obligation_building_due"),
        ]

    def __str__(self):
        return f"{self.asset} — {self.inspection_type}"


# What the services record on an inspection's timeline about its observations (keys that are not fields of the
# inspection): their labels, and the choices that name their values.
INSPECTION_AUDIT_KEYS = {
    "observation": (_("observation"), None),
    "severity": (_("severity"), Severity),
    "request": (_("corrective request"), None),
    "lifted": (_("observation lifted"), None),
}


def register_audit_labels():
    """The inspection's timeline in the user's language: a presenter for each key of INSPECTION_AUDIT_KEYS and
    for `closed_at` (recorded as the word "closed" when the last observation is lifted)."""
    from django.utils import formats, timezone
    from django.utils.text import capfirst

    from regie.core import audit

    def readable(value, choices):
        if value in (None, "", []):
            return "—"
        return str(dict(choices.choices).get(value, value)) if choices else str(value)

    def presenter(label, choices):
        def present(old, new, *, event, memo):
            return [audit.ChangeLine(capfirst(str(label)), readable(old, choices), readable(new, choices))]

        return present

    for key, (label, choices) in INSPECTION_AUDIT_KEYS.items():
        audit.change_presenter(Inspection, key)(presenter(label, choices))

    @audit.change_presenter(Inspection, "closed_at")
    def closed(old, new, *, event, memo):
        when = formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
        shown = when if new == "closed" else readable(new, None)  # the moment it closed: the event's
        return [audit.ChangeLine(capfirst(str(_("closed at"))), readable(old, None), shown)]
