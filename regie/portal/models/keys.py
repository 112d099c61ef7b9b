"""Open311 application keys: a registered application (a city app, a neighbourhood council's tool) posts reports
with its key. Only a hash is stored; the key is shown once, when created."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.core.validators import NAME_LENGTH, bounded

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


class ApplicationKey(TenantModel):
    name = models.CharField(_("application"), max_length=NAME_LENGTH)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    prefix = models.CharField(_("key starts with"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_hour = models.PositiveIntegerField(
        _("reports an hour at most"), default=1000, validators=bounded(1, 1_000_000)
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application key")
        verbose_name_plural = _("application keys")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    detail_url_name = "portal:applicationkey-detail"

    @property
    def is_active(self):
        return self.revoked_at is None and self.archived_at is None
