"""The registry: one tree of places and things (site → building → level → space → equipment, parks, roads…).

The tree is a materialised path (`path`: the ancestors' and the asset's own keys, base 36 of the primary key,
fixed width, each followed by "/"): a subtree is one indexed prefix range (`path LIKE 'p%'`) on both databases,
a move rewrites its subtree's paths in one UPDATE (`tree.move`). Written by hand rather than with
django-treebeard: its node API writes one row at a time, where imports must write 100,000 in bulk (docs/assets.md).
"""

import base64
import secrets
from decimal import Decimal

from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.fields import BoundedTextField, SortKeyField, latitude_field, longitude_field
from regie.core.models import TenantModel, TenantQuerySet, unique_code
from regie.core.validators import (
    ADDRESS_LENGTH,
    DESCRIPTION_LENGTH,
    MAX_AMOUNT,
    NAME_LENGTH,
    bounded,
    code_validator,
    plausible_date,
)

from .types import AssetType

KEY_WIDTH = 7  # base-36 digits of one path segment: 78 billion primary keys
MAX_DEPTH = 24
PATH_LENGTH = (KEY_WIDTH + 1) * MAX_DEPTH
# A road section is at most a few tens of kilometres; a position along it likewise.
MAX_METRES = Decimal("999999.99")
PAST = plausible_date(years_back=400, days_ahead=0)  # a church from 1625, never tomorrow
SERVICE_DATE = plausible_date(years_back=400, years_ahead=5)
PUBLIC_ID_LENGTH = 10  # base 32: 50 random bits, the token of the asset's short URL (/a/<public_id>)


def new_public_id():
    """A fresh short URL token: 10 lowercase base-32 characters (a–z, 2–7) from the system's secure random source.
    The default of `Asset.public_id`; bulk writers (the demo, imports) call it for each row they write."""
    return base64.b32encode(secrets.token_bytes(7)).decode()[:PUBLIC_ID_LENGTH].lower()


class AssetStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    DISPOSED = "disposed", _("Disposed of")


def subtree_q(path, prefix=""):
    """The rows whose path starts with `path` (a subtree), as one range of the (organization, path) index.

    PostgreSQL: `LIKE 'p%'`, which the index's `varchar_pattern_ops` serves whatever the database's collation.
    SQLite: its LIKE is case-insensitive and never uses an index, so the same set as a range: a path is made of
    [0-9a-z/] and `path` ends with "/", so the paths below it are those ≥ path and < path with "/" made "0".
    `prefix`: the lookup path to the asset from another model ("asset__")."""
    if connection.vendor == "sqlite":
        return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path[:-1] + "0"})
    return Q(**{f"{prefix}path__startswith": path})


class AssetQuerySet(TenantQuerySet):
    def within(self, asset, *, include_self=True):
        """The asset's subtree: one range of the (organization, path) index."""
        subtree = self.filter(subtree_q(asset.path))
        return subtree if include_self else subtree.exclude(pk=asset.pk)

    def in_box(self, min_lat, min_lon, max_lat, max_lon):
        return self.filter(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)


class Asset(TenantModel):
    """An asset, held by the organization that manages it (the tenant); the owner may be another one."""

    shareable = True

    code = models.CharField(
        _("code"), max_length=40, validators=[code_validator], help_text=_("Numbered when left empty.")
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    sort_name = SortKeyField(_("sort key"), max_length=NAME_LENGTH, sources=["name"])
    # The stable short URL of the asset (QR labels): never changes, never reused, unguessable.
    public_id = models.CharField(
        _("short URL token"), max_length=16, unique=True, editable=False, default=new_public_id
    )
    asset_type = models.ForeignKey(AssetType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("inside")
    )
    path = models.CharField(max_length=PATH_LENGTH, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    status = models.CharField(_("status"), max_length=16, choices=AssetStatus.choices, default=AssetStatus.IN_SERVICE)
    status_since = models.DateField(_("status since"), null=True, blank=True, validators=[SERVICE_DATE])
    address = models.CharField(_("address"), max_length=ADDRESS_LENGTH, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    geometry = models.JSONField(
        _("outline or line"), null=True, blank=True, help_text=_("GeoJSON geometry (RFC 7946), WGS 84.")
    )
    owner = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("owner"), help_text=_("Empty: the organization that manages it."),
    )  # fmt: skip
    department = models.ForeignKey(
        "people.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("responsible department"),
    )  # fmt: skip
    in_service_on = models.DateField(_("in service since"), null=True, blank=True, validators=[PAST])
    acquired_on = models.DateField(_("acquisition date"), null=True, blank=True, validators=[PAST])
    acquisition_value = models.DecimalField(
        _("acquisition value (€)"), max_digits=11, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_AMOUNT),
    )  # fmt: skip
    insured_value = models.DecimalField(
        _("insured value (€)"), max_digits=11, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_AMOUNT),
    )  # fmt: skip
    # linear assets (a road section) and what lies along them (a sign located by its distance from the start)
    length_m = models.DecimalField(
        _("length (m)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_METRES),
    )  # fmt: skip
    start_reference = models.CharField(_("start reference point"), max_length=40, blank=True, help_text=_("PR 12+350"))
    end_reference = models.CharField(_("end reference point"), max_length=40, blank=True)
    from_m = models.DecimalField(
        _("from (m along the section)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_METRES),
    )  # fmt: skip
    to_m = models.DecimalField(
        _("to (m along the section)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=bounded(Decimal(0), MAX_METRES),
    )  # fmt: skip
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    description = BoundedTextField(_("description"), max_length=DESCRIPTION_LENGTH, blank=True)

    objects = AssetQuerySet.as_manager()

    # the page of a record, from its primary key alone (the audit log links its rows without reading them)
    detail_url_name = "assets:asset-detail"

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["sort_name", "pk"]
        constraints = [
            unique_code("asset"),
            models.CheckConstraint(
                condition=Q(from_m__isnull=True) | Q(to_m__isnull=True) | Q(to_m__gte=models.F("from_m")),
                name="asset_along_range",
                violation_error_message=_("The end along the section is before its start."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="asset_point_complete",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "path"], name="asset_org_path", opclasses=["int8_ops", "varchar_pattern_ops"]
            ),
            models.Index(fields=["organization", "sort_name", "id"], name="asset_org_sort_name"),
            models.Index(fields=["organization", "asset_type", "sort_name"], name="asset_org_type_name"),
            models.Index(fields=["organization", "latitude", "longitude"], name="asset_org_point"),
            # the map's viewport counts and grid clusters read this index alone (covering, active rows only)
            models.Index(
                fields=["organization", "latitude", "longitude", "asset_type"],
                condition=Q(archived_at__isnull=True),
                name="asset_org_point_active",
            ),
            models.Index(fields=["parent", "sort_name"], name="asset_parent_name"),
            # the list's first page by name when assets are shared with the organization (`own OR id IN (…)`):
            # read in order and filtered, where the organization's own index cannot serve an OR
            models.Index(fields=["sort_name", "id"], condition=Q(archived_at__isnull=True), name="asset_active_name"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def page_url(self):
        """The asset's page. Not `get_absolute_url`: that would open the admin's "view on site" redirect to any
        organization's ids (see `detail_url_name`, which the audit log reverses)."""
        from django.urls import reverse

        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def ancestor_ids(self):
        """Primary keys of the ancestors, root first, read from the path (no query)."""
        keys = [segment for segment in self.path.split("/") if segment]
        return [int(key, 36) for key in keys[:-1]]

    @property
    def owner_or_manager_id(self):
        return self.owner_id or self.organization_id
