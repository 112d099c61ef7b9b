"""One attachment model for every record of every app: generic link, scoped by organization."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.core.validators import bounded


def attachment_path(instance, filename):
    """Stored under the organization with a random name: the user's file name is kept only as data."""
    suffix = ("." + filename.rsplit(".", 1)[-1].lower())[:10] if "." in filename else ""
    return f"org-{instance.organization_id}/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(TenantModel):
    """A photo or document on a record (a request, a work order...), re-encoded or parsed when uploaded."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    class Stage(models.TextChoices):
        BEFORE = "before", _("before the work")
        AFTER = "after", _("after the work")
        OTHER = "other", _("other")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    # empty for a resident's photo (a citizen portal report: residents have no account)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    # Versions of a document (a plan redrawn, a certificate renewed): each new version points at the one it
    # replaces, which stays downloadable; at most one successor each (the one-to-one is the database's rule).
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version",
        verbose_name=_("replaces"),
    )  # fmt: skip
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=bounded(1, 999))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organization", "content_type", "object_id"], name="attachment_record")]

    def __str__(self):
        return self.original_name

    @property
    def is_photo(self):
        return self.kind == self.Kind.PHOTO
