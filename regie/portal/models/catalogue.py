"""What a portal offers: its settings, and the service catalogue (Open311's "services") with extra questions."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField, SortKeyField
from regie.core.models import TenantModel, unique_code
from regie.core.validators import DESCRIPTION_LENGTH, NAME_LENGTH, REASON_LENGTH, bounded, code_validator

from ..hosts import instance_hosts

host_name_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a host name such as signalement.ville.fr (lower case, no scheme, no path)."),
)


class PortalSettings(TenantModel):
    """One per organization: whether its public site is open, its optional own host name, and its delays."""

    enabled = models.BooleanField(_("public site open"), default=True)
    host_name = models.CharField(
        _("own host name"), max_length=253, blank=True, validators=[host_name_validator],
        help_text=_("Optional: the portal also answers on this host name (signalement.ville.fr)."),
    )  # fmt: skip
    welcome = BoundedTextField(_("welcome text"), max_length=DESCRIPTION_LENGTH, blank=True)
    contact = models.CharField(_("public contact"), max_length=NAME_LENGTH, blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("keep reporters' personal data (months after closure)"), default=12, validators=bounded(1, 120)
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days a resident may say “not fixed” after closure"), default=30, validators=bounded(0, 365)
    )
    nearby_m = models.PositiveSmallIntegerField(
        _("distance of possible duplicates (m)"), default=50, validators=bounded(5, 1000)
    )
    map_fixed_days = models.PositiveSmallIntegerField(
        _("days fixed reports stay on the public map"), default=30, validators=bounded(0, 365)
    )
    reports_per_hour = models.PositiveSmallIntegerField(
        _("reports an hour from one address or e-mail"), default=10, validators=bounded(1, 1000)
    )

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(archived_at__isnull=True), name="portal_settings_one_per_org"
            ),
            models.UniqueConstraint(
                fields=["host_name"],
                condition=~Q(host_name="") & Q(archived_at__isnull=True),
                name="portal_host_name_unique",
                violation_error_message=_("This host name is already used by another organization."),
            ),
        ]

    def __str__(self):
        return str(self.organization)

    def clean(self):
        if self.host_name and self.host_name in instance_hosts():
            message = _("This host name is the instance's own address: give the portal a host name of its own.")
            raise ValidationError({"host_name": message})

    @classmethod
    def for_org(cls, organization):
        """The organization's settings, or unsaved defaults when none were ever saved."""
        found = cls.objects.filter(organization=organization, archived_at__isnull=True).first()
        return found or cls(organization=organization)


class ServiceCategory(TenantModel):
    """A kind of problem residents report (a pothole, a street light out…): Open311's service.

    `serves_members`: an inter-municipal body handles it across its member communes; their portals offer it and
    reports of it inside a member's area are routed to the body. The request it becomes takes `request_category`.
    """

    code = models.CharField(_("service code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    group = models.CharField(_("group"), max_length=120, blank=True, help_text=_("Roads, lighting, cleanliness…"))
    description = BoundedTextField(_("description"), max_length=REASON_LENGTH, blank=True)
    keywords = models.CharField(_("keywords"), max_length=NAME_LENGTH, blank=True)
    request_category = models.ForeignKey(
        "interventions.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category of the request")
    )
    asset_types = models.ManyToManyField(
        "assets.AssetType", blank=True, related_name="+", verbose_name=_("assets residents may point at"),
        help_text=_("The registered assets of these types can be chosen on the map (street lights, benches…)."),
    )  # fmt: skip
    serves_members = models.BooleanField(
        _("handled for the member communes"), default=False,
        help_text=_("For an inter-municipal body: offered on its communes' portals, their reports come here."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=100, validators=bounded(0, 1000))

    class Meta:
        verbose_name = _("portal service")
        verbose_name_plural = _("portal services")
        ordering = ["position", "sort_name"]
        constraints = [unique_code("servicecategory")]

    def __str__(self):
        return self.name

    detail_url_name = "portal:servicecategory-detail"


class CategoryQuestion(TenantModel):
    """An extra question of a service (Open311 attribute): "Is the light flashing?", "How many bins?"."""

    class Kind(models.TextChoices):  # Open311's datatypes
        STRING = "string", _("Short text")
        TEXT = "text", _("Long text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        SINGLE = "singlevaluelist", _("One choice in a list")
        MULTI = "multivaluelist", _("Several choices in a list")

    MAX_CHOICES = 30

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.CASCADE, related_name="questions", verbose_name=_("service")
    )
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    label = models.CharField(_("question"), max_length=NAME_LENGTH)
    help = models.CharField(_("help text"), max_length=NAME_LENGTH, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=16, choices=Kind.choices, default=Kind.STRING)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_('For a list: [{"key": "…", "name": "…"}, …]')
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100, validators=bounded(0, 1000))

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], condition=Q(archived_at__isnull=True), name="question_code_unique",
                violation_error_message=_("This service already has a question with this code."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.label

    def clean(self):
        listed = self.kind in (self.Kind.SINGLE, self.Kind.MULTI)
        choices = self.choices if isinstance(self.choices, list) else None
        if choices is None or len(choices) > self.MAX_CHOICES:
            raise ValidationError({"choices": _("At most %(n)s choices, as a list.") % {"n": self.MAX_CHOICES}})
        for choice in choices:
            if not (
                isinstance(choice, dict)
                and isinstance(choice.get("key"), str)
                and isinstance(choice.get("name"), str)
                and 0 < len(choice["key"]) <= 40
                and 0 < len(choice["name"]) <= 120
            ):
                raise ValidationError({"choices": _("Each choice has a key and a name (40 and 120 characters).")})
        if listed and not choices:
            raise ValidationError({"choices": _("A list question needs its choices.")})
        if not listed and choices:
            raise ValidationError({"choices": _("Only list questions have choices.")})
