"""Import jobs (an uploaded file on its way to the database) and the column mapping saved per target."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel

REPORT_LIMIT = 500  # report lines kept: past that, the file has a systematic problem the first lines show


class ImportJob(TenantModel):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPED = "mapped", _("Columns mapped")
        VALIDATING = "validating", _("Dry run in progress")
        VALIDATED = "validated", _("Ready to import")
        FAILED = "failed", _("Errors to fix")
        COMMITTING = "committing", _("Import in progress")
        COMMITTED = "committed", _("Imported")

    RUNNING = (Status.VALIDATING, Status.COMMITTING)

    target = models.CharField(_("data imported"), max_length=60)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=4, blank=True)
    headers = models.JSONField(_("column titles"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)  # field name → column index
    options = models.JSONField(_("options"), default=dict, blank=True)  # the target's ImportOption → bool
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    updated_count = models.PositiveIntegerField(_("records updated"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)  # [{"row", "column", "message"}]
    notes = models.JSONField(_("notes"), default=list, blank=True)  # the target's summary lines of the last run
    language = models.CharField(_("language"), max_length=8, default="fr")  # of the report's messages
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="importjob_org_created")]

    def __str__(self):
        return self.original_name

    @property
    def target_label(self):
        from .registry import TARGETS

        target = TARGETS.get(self.target)
        return target.label if target else self.target

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def is_dry_run_done(self):
        return self.status in (self.Status.VALIDATED, self.Status.FAILED)


class ImportMapping(TenantModel):
    """The columns an organization's file uses for a target (field name → column title), reused next time."""

    target = models.CharField(_("data imported"), max_length=60)
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [models.UniqueConstraint(fields=["organization", "target"], name="importmapping_unique")]

    def __str__(self):
        return self.target
