"""The bulk path of asset imports (`apply_bulk` of the targets in `imports`): a batch of parsed rows checked
with the rules of `services.prepare` (type, attributes, coordinates within the organization's area, a parent
that is not inside the asset), then written with bulk_create / bulk_update, their tree paths set once their
primary keys are known, and one audit event per record written in one bulk_create.

`lookups` (built once per run by `run_context`) carries what the batches share: the types, the species list,
the area, the parents already resolved, the species and parent sites the file adds.
"""

import copy

import shapely
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.context import current_channel
from regie.core.fields import sort_key
from regie.core.models import AuditEvent, Organization
from regie.core.validators import ADDRESS_LENGTH, NAME_LENGTH, code_validator
from regie.imports import sql
from regie.imports.registry import BulkResult

from . import services, tree
from .attributes import DataType, definitions_of, parse_value
from .models import Asset, AssetKind, AssetType, Species
from .species_seed import species_key

AMBIGUOUS = object()


class NewParent:
    """A parent site the file names that is not registered, created at commit (option create_parents)."""

    def __init__(self, name):
        self.name, self.asset, self.rows = name, None, 0


def run_context(organization, *, kinds, attribute_codes, check_species=False):
    """The reference data of one run, read once: types of the target's families, the area, the species."""
    types = {}
    type_qs = AssetType.objects.owned_by(organization).active().order_by("code")
    if kinds:
        type_qs = type_qs.filter(kind__in=kinds)
    for asset_type in type_qs:
        types.setdefault(asset_type.name.casefold(), asset_type)
        types[asset_type.code.casefold()] = asset_type
    area = services.area_of(organization)
    if area is not None:
        shapely.prepare(area.shape)  # point-in-area tests in microseconds
    site_types = AssetType.objects.owned_by(organization).active().filter(kind=AssetKind.SITE).order_by("code")
    all_types = {t.pk: t for t in AssetType.objects.owned_by(organization)}
    return {
        "organization": organization,
        "types_by_pk": all_types,
        "kinds": kinds,
        "types": types,
        "default_type": next(iter(type_qs), None) if kinds else None,
        "site_type": site_types.first(),
        "definitions": {},
        "attribute_codes": attribute_codes,
        "area": area,
        "check_species": check_species,
        "species": {species_key(s.genus, s.species): s for s in Species.objects.owned_by(organization).active()},
        "new_species": {},
        "parents": {},
        "locked": False,
    }


def apply_bulk(*, by, organization, rows, existing, lookups, options, dry_run):
    authorize(by, organization, "asset.manage")
    _resolve_parents(organization, rows, lookups, options)
    errors, new, changed = [], [], []
    for number, values in rows:
        try:
            asset, before = _build(organization, values, existing.get(values["code"]), lookups, options)
        except ValidationError as error:
            errors.extend(_error_lines(number, error))
            continue
        (new if before is None else changed).append((asset, before))
    result = BulkResult(errors=errors, created=len(new), updated=len(changed))
    if not errors and not dry_run:
        _write(by, organization, new, changed, lookups)
    return result


def _error_lines(number, error):
    if not hasattr(error, "error_dict"):
        return [(number, "", message) for message in error.messages]
    return [(number, name, message) for name, messages in error.message_dict.items() for message in messages]


def _resolve_parents(organization, rows, lookups, options):
    """Parents named by code or by name (case and accents aside), one query per batch for those not yet seen."""
    cache = lookups["parents"]
    texts = list(dict.fromkeys(v["parent"] for _n, v in rows if "parent" in v and v["parent"] not in cache))
    if not texts:
        return
    keys = {sort_key(text): text for text in texts}
    found = Asset.objects.owned_by(organization).active().filter(Q(code__in=texts) | Q(sort_name__in=keys))
    by_code, by_name = {}, {}
    for asset in found.only("id", "organization_id", "code", "name", "sort_name", "path", "depth"):
        by_code[asset.code] = asset
        by_name[asset.sort_name] = AMBIGUOUS if asset.sort_name in by_name else asset
    for text in texts:
        match = by_code.get(text) or by_name.get(sort_key(text))
        if match is None and options.get("create_parents"):
            same = (p for p in cache.values() if isinstance(p, NewParent) and sort_key(p.name) == sort_key(text))
            match = next(same, None)
            match = match or NewParent(text)
        cache[text] = match


def _parent_of(values, lookups, asset_type):
    text = values.pop("parent", None)
    if text is None:
        return None
    parent = lookups["parents"].get(text)
    if parent is None:
        raise ValidationError({"parent": _("No asset has the code or name “%(value)s”.") % {"value": text[:60]}})
    if parent is AMBIGUOUS:
        message = _("Several assets are named “%(value)s”: give the parent's code instead.") % {"value": text[:60]}
        raise ValidationError({"parent": message})
    if isinstance(parent, NewParent) and lookups["site_type"] is None:
        raise ValidationError({"parent": _("To create the sites this file names, first create a type of site.")})
    return parent


def _build(organization, values, existing, lookups, options):
    """The asset a row describes (new, or `existing` with the row's values), checked; (asset, snapshot before)."""
    values = dict(values)
    current = lookups["types_by_pk"].get(existing.asset_type_id) if existing is not None else None
    if current is not None and lookups["kinds"] and current.kind not in lookups["kinds"]:
        message = _("This code is already used by an asset of type %(type)s.") % {"type": current.name}
        raise ValidationError({"code": message})
    asset_type = values.pop("asset_type", None) or current or lookups["default_type"]
    if asset_type is None:
        raise ValidationError({"asset_type": _("Your organization has no asset type for these rows: create one.")})
    parent = _parent_of(values, lookups, asset_type)
    one_column = "coordinates" in values
    _coordinates(values)
    if "locality" in values:
        locality = values.pop("locality")
        values["address"] = ", ".join(part for part in (values.get("address"), locality) if part)
    codes = lookups["attribute_codes"]
    raw = {code: values.pop(code) for code in codes if code in values}
    definitions = _definitions(asset_type, lookups)
    attributes = _attributes(asset_type, raw, definitions, lookups, options, values.get("name"))
    if existing is None:
        asset = blank(Asset, lookups)
        asset.organization_id, asset.asset_type_id, asset.attributes = organization.pk, asset_type.pk, attributes
        asset._state.fields_cache.update(organization=organization, asset_type=asset_type)
        before = None
    else:
        asset = existing
        before = audit.snapshot(asset, [*values, "asset_type", "parent", "attributes", "latitude", "longitude"])
        asset.asset_type = asset_type
        asset.attributes = {**(asset.attributes or {}), **attributes}
    for name, value in values.items():
        setattr(asset, name, value)
    if not asset.name:
        asset.name = _default_name(asset, asset_type)
    _check_fields(asset)
    if parent is not None or existing is None:
        _place_under(asset, parent, existing)
    clean = all(code in definitions for code in asset.attributes) and not any(
        d.required and asset.attributes.get(code) in (None, "") for code, d in definitions.items()
    )  # else prepare's clean_values says what is wrong, as the services would
    try:
        services.prepare(
            asset, organization=organization, definitions=_checked(definitions), area=lookups["area"],
            attributes_clean=clean,
        )  # fmt: skip
    except ValidationError as error:
        if not one_column:
            raise
        raise ValidationError(
            {"coordinates" if k in ("latitude", "longitude") else k: v for k, v in error.message_dict.items()}
        ) from None
    return asset, before


def _coordinates(values):
    if "coordinates" in values:
        values["latitude"], values["longitude"] = values.pop("coordinates")
    if ("latitude" in values) != ("longitude" in values):
        missing = "longitude" if "latitude" in values else "latitude"
        raise ValidationError({missing: _("Give both the latitude and the longitude, or neither.")})


def _definitions(asset_type, lookups):
    if asset_type.pk not in lookups["definitions"]:
        lookups["definitions"][asset_type.pk] = definitions_of(asset_type)
    return lookups["definitions"][asset_type.pk]


def _checked(definitions):
    """The definitions as `prepare` sees them once the batch checked the values: references were checked
    against the registry here (one query per batch, not one per row), so prepare takes them as text."""
    if not any(d.data_type == DataType.REFERENCE for d in definitions.values()):
        return definitions
    plain = {}
    for code, definition in definitions.items():
        if definition.data_type == DataType.REFERENCE:
            definition = copy.copy(definition)
            definition.data_type = DataType.TEXT
        plain[code] = definition
    return plain


def _attributes(asset_type, raw, definitions, lookups, options, name):
    """The row's attribute values parsed, each error under its own column; the species checked on trees."""
    errors, clean = {}, {}
    for code, value in raw.items():
        definition = definitions.get(code)
        if definition is None:
            errors[code] = _("The type %(type)s has no attribute “%(code)s”.") % {"type": asset_type.name, "code": code}
            continue
        try:
            if definition.data_type == DataType.REFERENCE:
                clean[code] = _reference(value, lookups)
            else:
                clean[code] = parse_value(definition, value)
        except ValidationError as error:
            errors[code] = error.messages
    if lookups["check_species"] and "genus" in clean and "genus" not in errors:
        try:
            _species(clean, lookups, options, name)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return clean


def _reference(code, lookups):
    known = lookups.setdefault("references", {})
    if code not in known:
        known[code] = Asset.objects.owned_by(lookups["organization"]).active().filter(code=code).exists()
    if not known[code]:
        raise ValidationError(_("No asset has the code “%(code)s”.") % {"code": code[:40]})
    return code


def _species(clean, lookups, options, name):
    genus, species = clean["genus"], clean.get("species", "")
    key = species_key(genus, species)
    entry = lookups["species"].get(key)
    if entry is None and options.get("add_species"):
        entry = lookups["new_species"].get(key)
        if entry is None:
            entry = Species(genus=genus[:1].upper() + genus[1:].lower(), species=key[1], common_name=name or "")
            lookups["new_species"][key] = entry
        entry.rows = getattr(entry, "rows", 0) + 1
    if entry is None:
        label = f"{genus} {species}".strip()
        message = _("“%(species)s” is not in the species list: add it there, or choose to add this file's species.")
        raise ValidationError({"species" if species else "genus": message % {"species": label[:80]}})
    clean["genus"] = entry.genus
    if entry.species:
        clean["species"] = entry.species
    else:
        clean.pop("species", None)


def _default_name(asset, asset_type):
    attributes = asset.attributes or {}
    species = " ".join(attributes.get(code, "") for code in ("genus", "species")).strip()
    return (species or f"{asset_type.name} {asset.code}")[:NAME_LENGTH]


def _check_fields(asset):
    errors = {}
    try:
        code_validator(asset.code)
    except ValidationError as error:
        errors["code"] = error.messages
    if len(asset.code) > 40:
        errors["code"] = [_("At most %(max)s characters.") % {"max": 40}]
    if len(asset.name) > NAME_LENGTH:
        errors["name"] = [_("At most %(max)s characters.") % {"max": NAME_LENGTH}]
    if len(asset.address or "") > ADDRESS_LENGTH:
        errors["address"] = [_("At most %(max)s characters.") % {"max": ADDRESS_LENGTH}]
    if errors:
        raise ValidationError(errors)


def _place_under(asset, parent, existing):
    if isinstance(parent, NewParent):
        if existing is not None:
            asset.moved_from = (existing.path, existing.depth)
        asset.parent, asset.new_parent = None, parent
        return
    asset.new_parent = None
    if existing is not None and getattr(parent, "pk", None) != existing.parent_id:
        tree.check_parent(asset, parent)  # made its own ancestor: refused
        asset.moved_from = (existing.path, existing.depth)
    elif parent is not None:
        tree.check_parent(asset, parent)
    asset.parent = parent


def blank(model, lookups):
    """A new instance with its fields' defaults, made from a template: a model's __init__ costs 0.2 ms, which
    is 20 s of 100,000 rows; the instance is the same (its _state fresh, its descriptors working)."""
    templates = lookups.setdefault("templates", {})
    if model not in templates:
        template = model().__dict__.copy()
        template.pop("_state")
        fresh = [f for f in model._meta.concrete_fields if f.has_default() and callable(f.default)]
        templates[model] = (template, fresh)
    template, fresh = templates[model]
    obj = model.__new__(model)
    obj.__dict__.update(template)
    for field in fresh:  # a default computed per row (the asset's public_id), never copied from the template
        setattr(obj, field.attname, field.get_default())
    obj._state = ModelState()
    return obj


def _write(by, organization, new, changed, lookups):
    if not lookups["locked"]:
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # the tree's lock
        lookups["locked"] = True
    _write_species(by, organization, lookups)
    _create_parents(by, organization, [asset for asset, _b in new + changed], lookups)
    events = []
    if new:
        assets = [asset for asset, _b in new]
        for asset, pk in zip(assets, sql.reserve_pks(Asset, len(assets)), strict=True):
            asset.pk = pk
            asset.path = tree.path_under(asset.parent, asset.pk)
            asset.depth = 0 if asset.parent is None else asset.parent.depth + 1
        sql.insert(Asset, assets)
        events += [_event(asset, audit.Action.CREATE, by, _created(asset, lookups), lookups) for asset in assets]
    if changed:
        events += _write_changed(by, changed, lookups)
    sql.insert(AuditEvent, events, with_pk=False)


def _write_changed(by, changed, lookups):
    fields, events, now = set(), [], timezone.now()
    for asset, before in changed:
        changes = audit.diff(before, audit.snapshot(asset, before.keys()))
        fields.update(changes)
        asset.updated_at = now
        asset.sort_name = sort_key(asset.name)
        if hasattr(asset, "moved_from"):
            asset.path = tree.path_under(asset.parent, asset.pk)
            asset.depth = 0 if asset.parent is None else asset.parent.depth + 1
        if changes:
            events.append(_event(asset, audit.Action.UPDATE, by, changes, lookups))
    columns = fields | {"updated_at", "sort_name", "path", "depth"}
    sql.update(Asset, [asset for asset, _b in changed], sorted(columns))
    for asset, _before in changed:
        if hasattr(asset, "moved_from"):
            tree.move_subtree(asset, *asset.moved_from)
    return events


def _write_species(by, organization, lookups):
    pending = [s for s in lookups["new_species"].values() if s.pk is None]
    if not pending:
        return
    for species in pending:
        species.organization = organization
    Species.objects.bulk_create(pending)
    events = [_event(s, audit.Action.CREATE, by, _created(s, lookups), lookups) for s in pending]
    sql.insert(AuditEvent, events, with_pk=False)
    for species in pending:
        lookups["species"][species_key(species.genus, species.species)] = species


def _create_parents(by, organization, assets, lookups):
    for asset in assets:
        pending = getattr(asset, "new_parent", None)
        if pending is None:
            continue
        if pending.asset is None:
            data = {"name": pending.name[:NAME_LENGTH], "asset_type": lookups["site_type"]}
            pending.asset = services.create_asset(by=by, organization=organization, data=data)
        pending.rows += 1
        asset.parent = pending.asset


def _created(record, lookups):
    """audit.diff({}, audit.snapshot(record)) without its cost per field: [None, value] of each value set."""
    fields = lookups.setdefault("tracked", {})
    model = type(record)
    if model not in fields:
        fields[model] = [(f.name, f.attname) for f in audit.tracked_fields(record)]
    plain, changes = (str, int, bool, float, dict), {}
    for name, attname in fields[model]:
        value = getattr(record, attname)
        if value is not None:
            changes[name] = [None, value if isinstance(value, plain) else audit._plain(value)]
    return changes


def _event(record, action, by, changes, lookups):
    """The record's history line, as `audit.record` writes it (a creation's changes: [None, value] each)."""
    event = blank(AuditEvent, lookups)
    event.organization_id = record.organization_id
    event.content_type_id = ContentType.objects.get_for_model(type(record)).pk
    event.object_id, event.object_repr = record.pk, str(record)[:200]
    event.action, event.channel, event.changes = action, current_channel(), changes
    event.actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    return event
