"""The species list trees are registered with: seeded with common genera, grown from confirmed imports."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import SortKeyField
from regie.core.models import TenantModel


class Species(TenantModel):
    genus = models.CharField(_("genus"), max_length=60)
    species = models.CharField(_("species"), max_length=60, blank=True, help_text=_("Empty: the genus only."))
    common_name = models.CharField(_("common name"), max_length=120, blank=True)
    sort_name = SortKeyField(_("sort key"), max_length=121, sources=["genus", "species"])

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = _("species")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "genus", "species"],
                condition=Q(archived_at__isnull=True),
                name="species_unique",
                violation_error_message=_("This species is already in the list."),
            )
        ]

    def __str__(self):
        return f"{self.genus} {self.species}".strip()
