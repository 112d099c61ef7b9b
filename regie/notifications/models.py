"""A notification: a message in one user's notification centre, about one record, also sent by e-mail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import Organization, TenantManager

from . import kinds

KIND_LENGTH = 64
validate_kind = RegexValidator(r"^[a-z][a-z0-9_]*\Z", _("A kind is lower-case letters, digits and underscores."))


class Notification(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=KIND_LENGTH, default=kinds.MESSAGE, validators=[validate_kind])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=200, blank=True)
    # The record it is about (a request, a work order...), if any: the centre groups and filters by it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)  # its name when notified
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the centre, newest first
            models.Index(fields=["recipient", "organization", "-created_at"], name="notif_recipient"),
            # the unread badge and the "unread only" filter
            models.Index(fields=["recipient", "organization", "read_at", "-created_at"], name="notif_unread"),
            # the groups by record, and one record's notifications
            models.Index(
                fields=["recipient", "organization", "content_type", "object_id", "-created_at"], name="notif_record"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="notification_record_whole",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        return kinds.get(self.kind).label
