"""Meters on assets (odometer, operating hours, counts, energy) and their readings: one model that
maintenance (usage-based plans), fleet (mileage) and energy (consumption) reuse."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.core.validators import NAME_LENGTH, bounded, plausible_date

from .assets import Asset

MAX_READING = Decimal("99999999999.999")
READING_TIME = plausible_date(years_back=30, days_ahead=0)


class Meter(TenantModel):
    class Kind(models.TextChoices):
        ODOMETER = "odometer", _("Odometer (km)")
        HOURS = "hours", _("Operating hours")
        COUNT = "count", _("Counter (cycles, passages)")
        ELECTRICITY = "electricity", _("Electricity (kWh)")
        GAS = "gas", _("Gas (kWh or m³)")
        WATER = "water", _("Water (m³)")
        HEAT = "heat", _("Heat (kWh)")
        OTHER = "other", _("Other")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="meters", verbose_name=_("asset"))
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=20)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    cumulative = models.BooleanField(
        _("cumulative"), default=True, help_text=_("An index that only grows (a reading below the last is refused).")
    )

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["asset", "name", "pk"]
        indexes = [models.Index(fields=["organization", "asset"], name="meter_org_asset")]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class MeterReading(TenantModel):
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="readings", verbose_name=_("meter"))
    read_at = models.DateTimeField(_("read at"), validators=[READING_TIME])
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=3, validators=bounded(Decimal(0), MAX_READING)
    )
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("read by"),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=NAME_LENGTH, blank=True)
    replacement = models.BooleanField(
        _("meter replaced"),
        default=False,
        help_text=_("The first reading of a new meter: it may be below the previous one, and usage counts from it."),
    )

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["meter", "-read_at", "-pk"]
        indexes = [models.Index(fields=["meter", "read_at"], name="reading_meter_time")]

    def __str__(self):
        return f"{self.meter}: {self.value}"
