"""An organization's territory: its boundary polygon (imported from a GeoJSON file). Coordinates far outside it
are refused; the portal routes residents' reports with it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.core.validators import NAME_LENGTH, bounded


class OrganizationArea(TenantModel):
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    geometry = models.JSONField(_("boundary"), help_text=_("GeoJSON Polygon or MultiPolygon, WGS 84."))
    # the boundary's box, for the indexed prefilter ("which organization's area holds this point")
    min_latitude = models.DecimalField(max_digits=9, decimal_places=6, editable=False, default=0)
    min_longitude = models.DecimalField(max_digits=9, decimal_places=6, editable=False, default=0)
    max_latitude = models.DecimalField(max_digits=9, decimal_places=6, editable=False, default=0)
    max_longitude = models.DecimalField(max_digits=9, decimal_places=6, editable=False, default=0)
    tolerance_m = models.PositiveIntegerField(
        _("tolerance (m)"), default=2000, validators=bounded(0, 50_000),
        help_text=_("How far outside the boundary coordinates are still accepted (assets just across it)."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("organization area")
        verbose_name_plural = _("organization areas")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(archived_at__isnull=True), name="area_one_per_organization"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def bounds(self):
        """(south, west, north, east) as floats, what a map fits to."""
        return tuple(map(float, (self.min_latitude, self.min_longitude, self.max_latitude, self.max_longitude)))
