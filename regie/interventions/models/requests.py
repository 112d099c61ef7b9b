"""Requests for work (demandes d'intervention)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField, latitude_field, longitude_field
from regie.core.models import TenantModel
from regie.core.validators import (
    DESCRIPTION_LENGTH,
    MAX_AMOUNT,
    REASON_LENGTH,
    bounded,
)
from regie.people.models import Department

from ..states import REQUEST_GROUPS, RequestState
from .base import DESIRED_DATE, CostTotals, Overdue, OverdueMixin
from .reference import BudgetLine, Category, CostCode, Priority


class InterventionRequest(OverdueMixin, TenantModel, CostTotals):
    OVERDUE = Overdue("resolution_due_at", REQUEST_GROUPS["open"])

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("API")
        PORTAL = "portal", _("Citizen portal")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    number = models.CharField(_("number"), max_length=24)
    title = models.CharField(_("title"), max_length=160)
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH)
    state = models.CharField(_("status"), max_length=32, choices=RequestState.choices, default=RequestState.DRAFT)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("requesting department"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intervention_requests",
        verbose_name=_("requested by"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="requests", verbose_name=_("priority")
    )
    location = models.CharField(_("place"), max_length=200, help_text=_("Building, room, street address…"))
    location_key = models.CharField(max_length=200, editable=False, db_index=False)
    latitude = latitude_field()
    longitude = longitude_field()
    asset = models.ForeignKey(
        "assets.Asset",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("asset"),
        help_text=_("The registered building, equipment, tree… the request is about (the place stays for others)."),
    )
    desired_date = models.DateField(_("desired date"), null=True, blank=True, validators=[DESIRED_DATE])
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("budget line"),
    )
    estimated_amount = models.DecimalField(
        _("estimated amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounded(Decimal(0), MAX_AMOUNT),
    )
    cost_code = models.ForeignKey(
        CostCode, on_delete=models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("cost code")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first approver"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    state_before_hold = models.CharField(max_length=32, blank=True, editable=False)
    last_reason = BoundedTextField(_("last reason given"), max_length=REASON_LENGTH, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    satisfaction_comment = BoundedTextField(_("requester's comment"), max_length=REASON_LENGTH, blank=True)
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("intervention request")
        verbose_name_plural = _("intervention requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="request_number_unique"),
            models.UniqueConstraint(fields=["organization", "idempotency_key"], name="request_idempotency_unique"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__range=(1, 5)),
                name="request_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(estimated_amount__isnull=True) | Q(estimated_amount__gte=0), name="request_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "-created_at"], name="request_org_state_created"),
            models.Index(fields=["organization", "-created_at"], name="request_org_created"),
            models.Index(fields=["organization", "department", "-created_at"], name="request_org_dept"),
            models.Index(fields=["organization", "location_key", "category"], name="request_org_place_cat"),
            models.Index(fields=["organization", "requester", "-created_at"], name="request_org_requester"),
            models.Index(fields=["organization", "asset", "-created_at"], name="request_org_asset"),
            # the indicators' moments: an organization's requests submitted, approved or closed in a period
            models.Index(fields=["organization", "submitted_at"], name="request_org_submitted"),
            models.Index(fields=["organization", "approved_at"], name="request_org_approved"),
            models.Index(fields=["organization", "closed_at"], name="request_org_closed"),
        ]

    # the page of a record, from its primary key alone (the audit log links its rows without reading them; not
    # get_absolute_url, which would open the admin's "view on site" redirect to any organization's ids)
    detail_url_name = "interventions:request-detail"

    def __str__(self):
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs):
        self.location_key = normalize_place(self.location)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "location" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "location_key"}
        super().save(*args, **kwargs)


def normalize_place(text: str) -> str:
    """A comparable form of a free place text, for the duplicate hint: lower case, no accents, single spaces."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())[:200]
