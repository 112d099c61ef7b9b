"""A change of the organization that manages an asset (its subtree with it): the record the history keeps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField
from regie.core.models import TenantModel
from regie.core.validators import REASON_LENGTH, bounded

from .assets import Asset


class AssetTransfer(TenantModel):
    """`organization` is the new manager; `from_organization` the one that managed the asset until `transferred_at`."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("asset"))
    from_organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("managed until then by")
    )
    transferred_at = models.DateTimeField(_("at"))  # set by the service (now)
    moved = models.PositiveIntegerField(_("assets moved"), default=1, validators=bounded(1, 10_000_000))
    reason = BoundedTextField(_("reason"), max_length=REASON_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("transfer of management")
        verbose_name_plural = _("transfers of management")
        ordering = ["-transferred_at", "-pk"]
        indexes = [models.Index(fields=["organization", "asset"], name="transfer_org_asset")]

    def __str__(self):
        return f"{self.asset} → {self.organization}"
