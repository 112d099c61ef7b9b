"""What kinds of things an organization registers (asset types) and their typed attributes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regie.core.fields import BoundedTextField, SortKeyField
from regie.core.models import TenantModel, unique_code
from regie.core.validators import DESCRIPTION_LENGTH, NAME_LENGTH, bounded, code_validator

MAX_ATTRIBUTE_NUMBER = Decimal("999999999999.999")


class AssetKind(models.TextChoices):
    """The families of the registry: what the pages, the map and the later modules know an asset to be.
    Organizations make their own types inside them (a "Groupe scolaire" is a building, a "Platane" a tree)."""

    SITE = "site", _("Site")
    BUILDING = "building", _("Building")
    LEVEL = "level", _("Level (floor)")
    SPACE = "space", _("Room or space")
    EQUIPMENT = "equipment", _("Equipment")
    GREEN_SPACE = "green_space", _("Green space")
    TREE = "tree", pgettext_lazy("asset family", "Tree")  # not the tree of places ("Arborescence")
    ROAD_SECTION = "road_section", _("Road section")
    ROAD_FEATURE = "road_feature", _("Road feature (sign, guard rail, marking)")
    STREET_LIGHT = "street_light", _("Street light")
    LIGHTING_CABINET = "lighting_cabinet", _("Lighting cabinet")
    PLAYGROUND = "playground", _("Playground")
    PLAY_ITEM = "play_item", _("Playground item")
    SPORTS_GROUND = "sports_ground", _("Sports ground")
    CEMETERY = "cemetery", _("Cemetery")
    FOUNTAIN = "fountain", _("Fountain")
    CAR_PARK = "car_park", _("Car park")
    SIGNAGE = "signage", _("Signage")
    IT_EQUIPMENT = "it_equipment", _("IT and office equipment")
    VEHICLE = "vehicle", _("Vehicle or motorised equipment")
    OTHER = "other", _("Other")


# Linear assets: located by reference points and a length; their features by distance from their start.
LINEAR_KINDS = frozenset({AssetKind.ROAD_SECTION})
ALONG_KINDS = frozenset({AssetKind.ROAD_FEATURE})


class AssetType(TenantModel):
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField(_("sort key"), max_length=120, sources=["name"])
    kind = models.CharField(_("family"), max_length=20, choices=AssetKind.choices)
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)

    class Meta:
        verbose_name = _("asset type")
        verbose_name_plural = _("asset types")
        ordering = ["sort_name"]
        constraints = [unique_code("assettype")]
        indexes = [models.Index(fields=["organization", "sort_name"], name="assettype_org_sort_name")]

    def __str__(self):
        return self.name

    @property
    def is_linear(self):
        return self.kind in LINEAR_KINDS


class AttributeDefinition(TenantModel):
    """One typed attribute of an asset type: what a value must be, checked by `attributes.clean_values`."""

    class DataType(models.TextChoices):
        NUMBER = "number", pgettext_lazy("type of value", "Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice in a list")
        TEXT = "text", _("Text")
        BOOLEAN = "boolean", _("Yes / no")
        REFERENCE = "reference", _("Another asset")

    asset_type = models.ForeignKey(
        AssetType, on_delete=models.CASCADE, related_name="attributes", verbose_name=_("asset type")
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    label = models.CharField(_("label"), max_length=NAME_LENGTH)
    data_type = models.CharField(_("type of value"), max_length=10, choices=DataType.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("m², kW, cm, years…"))
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text=_("The values a choice offers."))
    required = models.BooleanField(_("required"), default=False)
    minimum = models.DecimalField(
        _("minimum"), max_digits=15, decimal_places=3, null=True, blank=True,
        validators=bounded(-MAX_ATTRIBUTE_NUMBER, MAX_ATTRIBUTE_NUMBER),
    )  # fmt: skip
    maximum = models.DecimalField(
        _("maximum"), max_digits=15, decimal_places=3, null=True, blank=True,
        validators=bounded(-MAX_ATTRIBUTE_NUMBER, MAX_ATTRIBUTE_NUMBER),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(0, 999))

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["asset_type", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset_type", "code"],
                condition=Q(archived_at__isnull=True),
                name="attributedefinition_code_unique",
                violation_error_message=_("This type already has an attribute with this code."),
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def clean(self):
        choices = self.choices or []
        if not isinstance(choices, list) or not all(isinstance(c, str) and 0 < len(c) <= 120 for c in choices):
            raise ValidationError({"choices": _("Choices are a list of texts of at most 120 characters.")})
        if len(choices) > 200:
            raise ValidationError({"choices": _("At most 200 choices.")})
        if self.data_type == self.DataType.CHOICE and not choices:
            raise ValidationError({"choices": _("A choice attribute needs its list of choices.")})
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": _("The maximum is below the minimum.")})
