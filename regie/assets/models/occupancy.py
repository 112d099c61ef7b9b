"""Who uses the premises: schools, associations, departments, with dates and their share of the floor area."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import SortKeyField
from regie.core.models import TenantModel
from regie.core.validators import ADDRESS_LENGTH, NAME_LENGTH, bounded, plausible_date

from .assets import Asset

OCCUPANCY_DATE = plausible_date(years_back=100, years_ahead=30)


class Occupant(TenantModel):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        ASSOCIATION = "association", _("Association")
        DEPARTMENT = "department", _("Department of the organization")
        OTHER_PUBLIC = "public", _("Other public body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    sort_name = SortKeyField(_("sort key"), max_length=NAME_LENGTH, sources=["name"])
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ASSOCIATION)
    department = models.ForeignKey(
        "people.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("department"), help_text=_("When the occupant is one of the organization's departments."),
    )  # fmt: skip
    contact_name = models.CharField(_("contact"), max_length=NAME_LENGTH, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=ADDRESS_LENGTH, blank=True)

    class Meta:
        verbose_name = _("occupant")
        verbose_name_plural = _("occupants")
        ordering = ["sort_name", "pk"]
        indexes = [models.Index(fields=["organization", "sort_name"], name="occupant_org_sort_name")]

    def __str__(self):
        return self.name


class Occupancy(TenantModel):
    """An occupant in an asset (a building, a room) from a date, possibly until one, with its share."""

    occupant = models.ForeignKey(Occupant, on_delete=models.PROTECT, related_name="occupancies")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="occupancies", verbose_name=_("premises"))
    starts_on = models.DateField(_("from"), validators=[OCCUPANCY_DATE])
    ends_on = models.DateField(_("until"), null=True, blank=True, validators=[OCCUPANCY_DATE])
    floor_share = models.DecimalField(
        _("share of the floor area (%)"), max_digits=5, decimal_places=2, default=Decimal(100),
        validators=bounded(Decimal("0.01"), Decimal(100)),
        help_text=_("Of the premises' costs, the part charged to this occupant."),
    )  # fmt: skip
    use = models.CharField(_("use"), max_length=NAME_LENGTH, blank=True, help_text=_("Classes, training, storage…"))

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        ordering = ["asset", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="occupancy_dates_in_order",
                violation_error_message=_("The end is before the start."),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "asset", "starts_on"], name="occupancy_org_asset"),
            models.Index(fields=["organization", "occupant", "starts_on"], name="occupancy_org_occupant"),
        ]

    def __str__(self):
        return f"{self.occupant} — {self.asset}"
