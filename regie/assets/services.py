"""Use cases of the asset registry. Every write: one transaction, the permission matrix, the audit trail.

Rules: a code unique in the organization (numbered PAT-000042 when left empty); attributes valid for the type;
a geometry that is valid GeoJSON, and coordinates within the organization's area (give or take its tolerance);
a parent of the same organization that is not inside the asset; the tree's moves serialised per organization
(the organization row is locked), so two concurrent moves cannot make a loop.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict
from regie.core.models import Organization
from regie.core.numbering import next_number
from regie.core.services import (
    archive_record,
    lock,
    lock_for_change,
    mark_archived,
    record_services,
    restore_record,
    validate_record,
)
from regie.core.validators import moving_bounds

from . import geometry as geo
from . import tree
from .attributes import clean_values
from .models import (
    Asset,
    AssetType,
    AttributeDefinition,
    Meter,
    MeterReading,
    Occupancy,
    Occupant,
    OrganizationArea,
    Species,
)
from .selectors import owner_choice_ids

ASSET_FIELDS = (
    "code", "name", "asset_type", "parent", "status", "status_since", "address", "latitude", "longitude", "geometry",
    "owner", "department", "in_service_on", "acquired_on", "acquisition_value", "insured_value", "length_m",
    "start_reference", "end_reference", "from_m", "to_m", "attributes", "description",
)  # fmt: skip
ASSET_TYPE_FIELDS = ("code", "name", "kind", "description")
ATTRIBUTE_FIELDS = (
    "asset_type",
    "code",
    "label",
    "data_type",
    "unit",
    "choices",
    "required",
    "minimum",
    "maximum",
    "position",
)
OCCUPANT_FIELDS = ("name", "kind", "department", "contact_name", "email", "phone", "address")
OCCUPANCY_FIELDS = ("occupant", "asset", "starts_on", "ends_on", "floor_share", "use")
METER_FIELDS = ("asset", "name", "kind", "unit", "serial_number", "cumulative")
SPECIES_FIELDS = ("genus", "species", "common_name")
CODE_PREFIX = "PAT"

create_asset_type, update_asset_type = record_services(AssetType, "assettype")
create_attribute, _update_attribute = record_services(AttributeDefinition, "assettype")
create_occupant, update_occupant = record_services(Occupant, "occupant")
create_meter, update_meter = record_services(Meter, "meter")
create_species, update_species = record_services(Species, "assettype")


def prepare(asset, *, organization, definitions=None, area=None, attributes_clean=False):
    """Check and complete an asset before it is written (the services and the bulk import share it): attributes
    parsed against the type, geometry checked, the representative point derived from it, the point within the
    organization's area, a linear asset's length from its line when not given. `attributes_clean`: the caller
    ran `clean_values` already (the bulk import, to report each attribute under its own column)."""
    errors = {}
    if asset.owner_id is not None and asset.owner_id not in owner_choice_ids(organization):
        errors["owner"] = [_("The owner must be this organization, its inter-municipal body or one of its communes.")]
    if asset.asset_type_id and asset.asset_type.organization_id != organization.pk:
        errors["asset_type"] = [_("This type belongs to another organization.")]
    elif not attributes_clean:
        try:
            asset.attributes = clean_values(
                asset.asset_type, asset.attributes, organization=organization, definitions=definitions
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if asset.geometry not in (None, "", {}):
        try:
            asset.geometry, shape = geo.parse(asset.geometry)
        except ValidationError as error:
            errors["geometry"] = error.messages
        else:
            if asset.latitude is None or shape.geom_type != "Point":
                asset.latitude, asset.longitude = (Decimal(str(v)) for v in geo.representative_point(shape))
            if asset.length_m is None and shape.geom_type in ("LineString", "MultiLineString"):
                asset.length_m = Decimal(str(round(geo.length_metres(shape), 2)))
    else:
        asset.geometry = None
    if asset.latitude is not None and asset.longitude is not None and "geometry" not in errors:
        message = outside_area_message(organization, asset.latitude, asset.longitude, area=area)
        if message:
            errors["latitude"] = [message]
    if errors:
        raise ValidationError(errors)


def area_of(organization):
    """The organization's boundary with its shapely shape (`.shape`), or None."""
    area = OrganizationArea.objects.owned_by(organization).active().first()
    if area is not None:
        area.shape = geo.parse(area.geometry, types=geo.AREA_TYPES)[1]
    return area


def outside_area_message(organization, latitude, longitude, *, area=None):
    """The refusal of a point too far outside the organization's area, or "" (no area: any point)."""
    area = area if area is not None else area_of(organization)
    if area is None:
        return ""
    outside = geo.metres_outside(area.shape, latitude, longitude)
    if outside <= area.tolerance_m:
        return ""
    return _("These coordinates are %(km)s km outside %(area)s: check them (latitude first, then longitude).") % {
        "km": f"{outside / 1000:.1f}".replace(".", ","),
        "area": area.name,
    }


@transaction.atomic
def create_asset(*, by, organization, data):
    """Register an asset (permission asset.manage)."""
    authorize(by, organization, "asset.manage")
    asset = Asset(organization=organization, **data)
    if not asset.code:
        asset.code = next_number(organization, CODE_PREFIX, yearly=False)
    if asset.parent_id:
        _lock_tree(organization)
        asset.parent = Asset.objects.get(pk=asset.parent_id)  # its path as it is now, under the tree's lock
        tree.check_parent(asset, asset.parent)
    prepare(asset, organization=organization)
    validate_record(asset)
    _save(asset)
    tree.place(asset)
    audit.record(asset, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(asset)))
    return asset


@transaction.atomic
def update_asset(instance, *, by, data, expected_updated_at=None):
    """Change an asset; a new parent moves its whole subtree (paths rewritten in one statement)."""
    authorize(by, instance.organization, "asset.manage")
    organization = instance.organization
    moving = "parent" in data and getattr(data["parent"], "pk", data["parent"]) != instance.parent_id
    if moving:
        _lock_tree(organization)
    asset = lock_for_change(instance, expected_updated_at, _("This asset is archived: restore it before changing it."))
    before = audit.snapshot(asset, data.keys())
    old_path, old_depth = asset.path, asset.depth
    for name, value in data.items():
        setattr(asset, name, value)
    if moving and asset.parent is not None:
        asset.parent = Asset.objects.get(pk=asset.parent.pk)  # its path as it is now, under the tree's lock
        tree.check_parent(asset, asset.parent)
    prepare(asset, organization=organization)
    validate_record(asset, exclude=moving_bounds(asset, data))
    changed = [*data.keys(), "latitude", "longitude", "length_m", "attributes", "geometry", "updated_at"]
    _save(asset, update_fields=sorted(set(changed)))
    if moving:
        tree.place(asset)
        tree.move_subtree(asset, old_path, old_depth)
    changes = audit.diff(before, audit.snapshot(asset, data.keys()))
    if changes:
        audit.record(asset, action=audit.Action.UPDATE, by=by, changes=changes)
    return asset


def archive_asset(instance, *, by, reason=""):
    """Archive an asset with nothing in service inside it (archive or move its parts first)."""
    if Asset.objects.filter(parent=instance, archived_at__isnull=True).exists():
        raise Conflict(_("This asset still has parts: archive or move them first."), code="has_children")
    return archive_record(instance, by=by, action="asset.manage", reason=reason)


@transaction.atomic
def record_reading(meter, *, by, read_at, value, note="", replacement=False):
    """A meter reading (permission meter.read). On a cumulative meter a reading below an earlier one, or above a
    later one, is refused: the meter row is locked first, so two agents' readings are checked one after the other.
    A `replacement` reading is the first of a new meter (the index starts again): it may be below the previous
    one, and the usage that maintenance plans count starts from it."""
    authorize(by, meter.organization, "meter.read")
    meter = lock(meter)
    if meter.archived_at is not None:
        raise Conflict(_("This meter is archived: restore it before recording a reading."), code="archived")
    reading = MeterReading(
        organization=meter.organization,
        meter=meter,
        read_at=read_at,
        value=value,
        read_by=by,
        note=note,
        replacement=replacement,
    )
    validate_record(reading)
    if meter.cumulative:
        earlier = meter.readings.filter(archived_at__isnull=True, read_at__lte=read_at).order_by("-read_at").first()
        later = meter.readings.filter(archived_at__isnull=True, read_at__gt=read_at).order_by("read_at").first()
        if earlier is not None and value < earlier.value and not replacement:
            raise ValidationError(
                {
                    "value": _(
                        "Below the previous reading (%(value)s). If the meter was replaced, record it as a replacement."
                    )
                    % {"value": earlier.value}
                }
            )
        if later is not None and value > later.value and not later.replacement:
            raise ValidationError({"value": _("Above a later reading (%(value)s).") % {"value": later.value}})
    reading.save()
    changes = {"reading": [None, str(value)]}
    if replacement:
        changes["replacement"] = [None, True]
    audit.record(meter, action=audit.Action.UPDATE, by=by, changes=changes)
    return reading


@transaction.atomic
def set_area(*, by, organization, name, geometry, tolerance_m=None):
    """Set (replace) the organization's boundary from a GeoJSON Polygon/MultiPolygon (or a Feature of one)."""
    authorize(by, organization, "area.manage")
    if isinstance(geometry, dict) and geometry.get("type") == "FeatureCollection":
        features = geometry.get("features") or []
        if len(features) != 1:
            raise ValidationError({"geometry": _("The file must hold one boundary (one feature).")})
        geometry = features[0]
    clean, shape = geo.parse(geometry, types=geo.AREA_TYPES)
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    area = OrganizationArea.objects.owned_by(organization).active().select_for_update().first()
    before = audit.snapshot(area) if area else {}
    area = area or OrganizationArea(organization=organization)
    area.name, area.geometry = name, clean
    if tolerance_m is not None:
        area.tolerance_m = tolerance_m
    area.min_latitude, area.max_latitude = (Decimal(str(round(v, 6))) for v in (min_lat, max_lat))
    area.min_longitude, area.max_longitude = (Decimal(str(round(v, 6))) for v in (min_lon, max_lon))
    validate_record(area)
    area.save()
    action = audit.Action.UPDATE if before else audit.Action.CREATE
    audit.record(area, action=action, by=by, changes=audit.diff(before, audit.snapshot(area)))
    return area


def _lock_tree(organization):
    """Moves in an organization's tree are serialised: the organization row is the tree's parent."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _save(asset, update_fields=None):
    try:
        with transaction.atomic():
            asset.save(update_fields=update_fields)
    except IntegrityError as error:
        raise Conflict(code="integrity_error") from error


# --- reference records: the rules their pages and API share ------------------------------------------------

AREA_UPLOAD_MAX_BYTES = geo.MAX_JSON_BYTES
AREA_UPLOAD_SUFFIXES = (".geojson", ".json")


def attribute_in_use(definition):
    """Whether an asset of the attribute's type holds a value for it (values are keyed by the code)."""
    return _values_held(definition.organization_id, definition.asset_type_id, definition.code)


def _values_held(organization_id, asset_type_id, code):
    return Asset.objects.filter(
        organization_id=organization_id, asset_type_id=asset_type_id, attributes__has_key=code
    ).exists()


def update_attribute(instance, *, by, data, m2m=None, expected_updated_at=None):
    """Change an attribute (permission assettype.manage). Once assets hold values for it, its type of value and
    its code stay as they are: the stored values would no longer read as what the attribute says."""
    # as stored: a form may already have set its values on `instance`
    stored = AttributeDefinition.objects.filter(pk=instance.pk).values("data_type", "code", "asset_type_id").first()
    changing = [
        name
        for name in ("data_type", "code", "asset_type")
        if name in data and getattr(data[name], "pk", data[name]) != stored[_attname(name)]
    ]
    if changing and _values_held(instance.organization_id, stored["asset_type_id"], stored["code"]):
        messages = {
            "data_type": _("Assets already hold values for this attribute: its type of value cannot change."),
            "code": _("Assets already hold values for this attribute: its code cannot change."),
            "asset_type": _("Assets already hold values for this attribute: it cannot move to another type."),
        }
        raise ValidationError({name: [messages[name]] for name in changing})
    return _update_attribute(instance, by=by, data=data, m2m=m2m, expected_updated_at=expected_updated_at)


def _attname(name):
    return "asset_type_id" if name == "asset_type" else name


def archive_asset_type(instance, *, by, reason=""):
    """Archive a type no asset in the registry still has (change their type, or archive them, first)."""
    if Asset.objects.filter(asset_type=instance, archived_at__isnull=True).exists():
        raise Conflict(_("Assets of this type are in the registry: change their type or archive them first."),
                       code="in_use")  # fmt: skip
    return archive_record(instance, by=by, action="assettype.manage", reason=reason)


@transaction.atomic
def create_occupancy(*, by, organization, data, m2m=None):
    """An occupant in premises (permission occupant.manage): the shares of the occupancies of one asset in force
    at the same time never exceed 100 %. The asset row is locked first, so two occupancies written at once are
    checked one after the other."""
    authorize(by, organization, "occupant.manage")
    occupancy = Occupancy(organization=organization, **data)
    validate_record(occupancy)
    _check_shares(occupancy)
    occupancy.save()
    audit.record(occupancy, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(occupancy)))
    return occupancy


@transaction.atomic
def update_occupancy(instance, *, by, data, m2m=None, expected_updated_at=None):
    """Change an occupancy (permission occupant.manage), with the same rule on the shares as `create_occupancy`."""
    authorize(by, instance.organization, "occupant.manage")
    occupancy = lock_for_change(instance, expected_updated_at)
    before = audit.snapshot(occupancy, data.keys())
    for name, value in data.items():
        setattr(occupancy, name, value)
    validate_record(occupancy, exclude=moving_bounds(occupancy, data))
    _check_shares(occupancy)
    occupancy.save(update_fields=[*data.keys(), "updated_at"])
    changes = audit.diff(before, audit.snapshot(occupancy, data.keys()))
    if changes:
        audit.record(occupancy, action=audit.Action.UPDATE, by=by, changes=changes)
    return occupancy


def _check_shares(occupancy):
    """Refuse an occupancy whose share, added to those of the asset's occupancies in force at any same day,
    passes 100 % (the asset row locked: the occupancies' parent)."""
    Asset.objects.select_for_update().filter(pk=occupancy.asset_id).first()
    others = Occupancy.objects.filter(asset_id=occupancy.asset_id, archived_at__isnull=True).exclude(pk=occupancy.pk)
    others = others.filter(starts_on__lte=occupancy.ends_on) if occupancy.ends_on else others
    others = list(others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=occupancy.starts_on)))
    peak = _peak_share(others, occupancy.starts_on)
    if peak + occupancy.floor_share > 100:
        free = max(Decimal(100) - peak, Decimal(0))
        message = _(
            "The premises' occupants already hold %(held)s %% of the floor area over these dates: "
            "at most %(free)s %% is left."
        )
        raise ValidationError({"floor_share": [message % {"held": _percent(peak), "free": _percent(free)}]})


def _peak_share(occupancies, start):
    """The most `occupancies` hold at once from `start` on: their sum changes only where one starts."""
    days = {start, *(o.starts_on for o in occupancies if o.starts_on > start)}

    def held(day):
        return sum(
            (o.floor_share for o in occupancies if o.starts_on <= day and (o.ends_on is None or o.ends_on >= day)),
            Decimal(0),
        )

    return max(held(day) for day in days)


def _percent(value):
    return f"{value.normalize():f}".replace(".", ",")


def archive_reading(reading, *, by, reason=""):
    """Set a wrong reading aside (permission meter.manage): the meter's later readings are checked without it."""
    return archive_record(reading, by=by, action="meter.manage", reason=reason)


@transaction.atomic
def restore_area(area, *, by):
    """Bring back an earlier boundary (permission area.manage): it replaces the one in force, which is archived."""
    authorize(by, area.organization, "area.manage")
    current = OrganizationArea.objects.owned_by(area.organization).active().select_for_update().exclude(pk=area.pk)
    for other in current:
        mark_archived(other)
        audit.record(other, action=audit.Action.ARCHIVE, by=by, reason=_("Replaced by an earlier boundary."))
    return restore_record(area, by=by, action="area.manage")


def upload_area(*, by, organization, upload, name, tolerance_m=None):
    """The organization's boundary from an uploaded GeoJSON file (.geojson or .json, at most 2 MB): decoded and
    checked by `set_area`; a file that is not GeoJSON writes nothing."""
    authorize(by, organization, "area.manage")
    filename = getattr(upload, "name", "") or ""
    if not filename.lower().endswith(AREA_UPLOAD_SUFFIXES):
        raise ValidationError({"file": [_("Choose a GeoJSON file (.geojson or .json).")]})
    if (getattr(upload, "size", 0) or 0) > AREA_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": [_("This file is too large (at most 2 MB).")]})
    raw = upload.read(AREA_UPLOAD_MAX_BYTES + 1)
    if len(raw) > AREA_UPLOAD_MAX_BYTES:
        raise ValidationError({"file": [_("This file is too large (at most 2 MB).")]})
    try:
        geometry = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError({"file": [_("This file is not GeoJSON (it is not UTF-8 JSON text).")]}) from None
    try:
        return set_area(by=by, organization=organization, name=name, geometry=geometry, tolerance_m=tolerance_m)
    except ValidationError as error:
        messages = (
            [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error.messages
        )
        raise ValidationError({"file": messages}) from None
