"""Residents' reports (signalements): what they said, where, their public status and the public updates.

A report belongs to the organization that handles it (`organization`, after routing); `received_by` is the portal
it came through. Personal data (`email`, `name`, `phone`, followers' e-mails) is shown to staff who triage only,
never on public pages or Open311 GETs, and is wiped by `services.privacy.anonymise_expired` after the retention
period (or by the resident from their tracking page).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regie.core.fields import BoundedTextField, latitude_field, longitude_field
from regie.core.models import TenantModel
from regie.core.validators import ADDRESS_LENGTH, DESCRIPTION_LENGTH, NAME_LENGTH, REASON_LENGTH, bounded

from .catalogue import ServiceCategory

TOKEN_LENGTH = 32


def new_token():
    return secrets.token_urlsafe(24)  # 32 characters, 192 bits: the tracking link cannot be guessed


class PublicStatus(models.TextChoices):
    """What residents see: a mapping of the internal workflow (`status.public_status`), never its details."""

    RECEIVED = "received", pgettext_lazy("report status", "Received")
    PLANNED = "planned", pgettext_lazy("report status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("report status", "In progress")
    FIXED = "fixed", pgettext_lazy("report status", "Fixed")
    CLOSED = "closed", pgettext_lazy("report status", "Closed")
    REJECTED = "rejected", pgettext_lazy("report status", "Rejected")


OPEN_STATUSES = (PublicStatus.RECEIVED, PublicStatus.PLANNED, PublicStatus.IN_PROGRESS)
ENDED_STATUSES = (PublicStatus.FIXED, PublicStatus.CLOSED, PublicStatus.REJECTED)


class Triage(models.TextChoices):
    """Where the report stands in the staff's triage queue."""

    NEW = "new", _("To triage")
    CONVERTED = "converted", _("Turned into a request")
    MERGED = "merged", _("Merged into another report")
    REJECTED = "rejected", pgettext_lazy("report status", "Rejected")


class Report(TenantModel):
    class Channel(models.TextChoices):
        WEB = "web", _("Public site")
        OPEN311 = "open311", _("Open311 application")

    number = models.CharField(_("number"), max_length=24)
    token = models.CharField(max_length=TOKEN_LENGTH, unique=True, default=new_token, editable=False)
    received_by = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("received by the portal of")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    application = models.ForeignKey(
        "portal.ApplicationKey", on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("application"),
    )  # fmt: skip
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="reports", verbose_name=_("service")
    )
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH)
    answers = models.JSONField(_("answers to the extra questions"), default=dict, blank=True)
    address = models.CharField(_("address"), max_length=ADDRESS_LENGTH, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("asset")
    )
    # personal data: staff who triage only; anonymised after the retention period
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=NAME_LENGTH, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr", editable=False)
    anonymised_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True, editable=False)

    status = models.CharField(
        _("public status"), max_length=12, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )
    triage = models.CharField(_("triage"), max_length=10, choices=Triage.choices, default=Triage.NEW)
    request = models.ForeignKey(
        "interventions.InterventionRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="portal_reports", verbose_name=_("request"),
    )  # fmt: skip
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )  # fmt: skip
    public_reason = BoundedTextField(_("public reason"), max_length=REASON_LENGTH, blank=True)
    supporters = models.PositiveIntegerField(
        _("residents who added their voice"), default=0, validators=bounded(0, 1_000_000)
    )
    ended_at = models.DateTimeField(_("fixed or closed at"), null=True, blank=True, editable=False)
    reopened = models.PositiveSmallIntegerField(
        _("times reopened by the resident"), default=0, editable=False, validators=bounded(0, 1000)
    )
    rating = models.PositiveSmallIntegerField(
        _("rating (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = BoundedTextField(_("resident's comment"), max_length=REASON_LENGTH, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="report_number_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__range=(1, 5)), name="report_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="report_both_coordinates",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("id")), name="report_not_own_duplicate"),
        ]
        indexes = [
            models.Index(fields=["organization", "triage", "-created_at"], name="report_org_triage"),
            models.Index(fields=["organization", "status", "category"], name="report_org_status_cat"),
            models.Index(fields=["organization", "-created_at"], name="report_org_created"),
            models.Index(fields=["received_by", "-created_at"], name="report_received_created"),
            models.Index(fields=["organization", "asset"], name="report_org_asset"),
            models.Index(fields=["organization", "request"], name="report_org_request"),
            models.Index(fields=["anonymised_at", "ended_at"], name="report_retention"),
            # the public map (public_selectors.map_reports): open, or fixed since a date, handled or received
            models.Index(fields=["organization", "status", "ended_at"], name="report_map_org"),
            models.Index(fields=["received_by", "status", "ended_at"], name="report_map_received"),
        ]

    detail_url_name = "portal:report-detail"

    def __str__(self):
        return f"{self.number} — {self.category}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class ReportUpdate(TenantModel):
    """A step of the report as the public sees it: a change of public status, or a staff's public message.
    `author` is kept for the staff's trace and never shown to the public."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates", verbose_name=_("report"))
    status = models.CharField(_("public status"), max_length=12, choices=PublicStatus.choices)
    text = BoundedTextField(_("public message"), max_length=REASON_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("written by"),
    )  # fmt: skip
    by_resident = models.BooleanField(_("from the resident"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("public update")
        verbose_name_plural = _("public updates")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"], name="reportupdate_report")]

    def __str__(self):
        return f"{self.report.number}: {self.get_status_display()}"


class ReportFollower(TenantModel):
    """A resident kept informed of a report: its reporter's e-mail, or one who added their voice to it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers", verbose_name=_("report"))
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=TOKEN_LENGTH, unique=True, default=new_token, editable=False)
    supporter = models.BooleanField(_("added their voice"), default=False)
    messages_sent = models.PositiveIntegerField(_("messages sent"), default=0, validators=bounded(0, 10_000))

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "email"], condition=Q(archived_at__isnull=True), name="follower_once_per_report"
            )
        ]

    def __str__(self):
        return f"{self.report.number}: {self.email}"
