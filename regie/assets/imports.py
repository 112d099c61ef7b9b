"""Import targets of the registry: trees, buildings, street lights and any asset, from the spreadsheets and
open-data exports towns already have. The code is the natural key (a re-import updates by code). Rows are
written in bulk (`imports_bulk`); the cells are taken as towns write them (stray quotes and spaces, decimal
commas, "lat,lon" in one column or two columns, parents named by code or name). A saved `ImportMapping` (not
code) adapts the targets to each town's columns: `PARIS_TREES` is the one for the Paris open-data inventory.

Attribute fields carry the code of the type's attribute they fill (`STANDARD_ATTRIBUTES`, which
`standard_type` creates): a column mapped to an attribute the row's type lacks is reported on each row.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from regie.imports.models import ImportMapping
from regie.imports.registry import ImportField, ImportOption, register_import

from . import imports_bulk
from .models import Asset, AssetKind, AssetStatus, AssetType, AttributeDefinition

MAX_ROWS = 200_000
MAX_BYTES = 60 * 1024 * 1024
QUOTES = "'\"‘’“”«» "
Number = AttributeDefinition.DataType.NUMBER
Text = AttributeDefinition.DataType.TEXT


def clean_text(text, lookups=None):
    """A cell without the quotes and spaces exports leave around it (''Briotii'', "  12 "), spaces collapsed."""
    return " ".join(str(text).strip(QUOTES).split())


def _required_text(text, lookups):
    value = clean_text(text)
    if not value:
        raise ValidationError(_("This value is required."))
    return value


def _decimal(text, low, high, message):
    value = clean_text(text).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(message % {"value": str(text)[:40]}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(message % {"value": str(text)[:40]})
    return round(number, 6)


def parse_latitude(text, lookups):
    return _decimal(text, -90, 90, _("“%(value)s” is not a latitude in degrees (such as 48.8566)."))


def parse_longitude(text, lookups):
    return _decimal(text, -180, 180, _("“%(value)s” is not a longitude in degrees (such as 2.3522)."))


def parse_coordinates(text, lookups):
    """ "lat,lon" in one cell (Paris' geo_point_2d), also "lat;lon", "lat lon", "(lat, lon)" and decimal
    commas ("48,83, 2,39")."""
    value = str(text).strip(QUOTES + "()[]")
    message = _("“%(value)s” is not a latitude and a longitude (such as 48.8566, 2.3522).")
    if ";" in value:
        parts = value.split(";")
    elif value.count(",") == 3:
        pieces = [p.strip() for p in value.split(",")]
        parts = [f"{pieces[0]}.{pieces[1]}", f"{pieces[2]}.{pieces[3]}"]
    elif value.count(",") == 1:
        parts = value.split(",")
    else:
        parts = value.split()
    try:
        if len(parts) != 2:
            raise ValidationError(message)
        return _decimal(parts[0], -90, 90, message), _decimal(parts[1], -180, 180, message)
    except ValidationError:
        raise ValidationError(message % {"value": str(text)[:40]}) from None


def parse_type(text, lookups):
    asset_type = lookups["types"].get(clean_text(text).casefold())
    if asset_type is None:
        raise ValidationError(_("No asset type of these rows has the code or name “%(value)s”.") % {"value": text[:60]})
    return asset_type


STATUS_WORDS = {
    "en service": AssetStatus.IN_SERVICE, "actif": AssetStatus.IN_SERVICE, "in betrieb": AssetStatus.IN_SERVICE,
    "hors service": AssetStatus.OUT_OF_SERVICE, "außer betrieb": AssetStatus.OUT_OF_SERVICE,
    "réformé": AssetStatus.DISPOSED, "reforme": AssetStatus.DISPOSED, "cédé": AssetStatus.DISPOSED,
    "abattu": AssetStatus.DISPOSED, "ausgemustert": AssetStatus.DISPOSED,
}  # fmt: skip


def parse_status(text, lookups):
    word = clean_text(text).casefold()
    for value, label in AssetStatus.choices:
        if word in (value, str(label).casefold()):
            return value
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    choices = ", ".join(str(label) for _v, label in AssetStatus.choices)
    raise ValidationError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text[:40], "choices": choices})


def _field(name, label, *aliases, parse=clean_text, required=False):
    return ImportField(name, label, required=required, parse=parse, aliases=aliases)


COMMON = (
    _field("code", gettext_lazy("Code"), "identifiant", "id", "référence", "numéro", "kennung", parse=_required_text,
           required=True),
    _field("name", gettext_lazy("Name"), "nom", "libellé", "désignation", "bezeichnung"),
    _field("asset_type", gettext_lazy("Type"), "type", "typ", "catégorie d'équipement", parse=parse_type),
    _field("parent", gettext_lazy("Inside (parent site, by code or name)"), "site", "parent", "standort"),
    _field("address", gettext_lazy("Address"), "adresse", "lieu", "voie", "lieu / adresse", "anschrift"),
    _field("locality", gettext_lazy("District or town (added to the address)"), "arrondissement", "commune",
           "quartier", "ville", "ort"),
    _field("coordinates", gettext_lazy("Coordinates (latitude, longitude in one column)"), "geo_point_2d",
           "geo point", "coordonnées", "coordonnees gps", "koordinaten", parse=parse_coordinates),
    _field("latitude", gettext_lazy("Latitude"), "lat", "breite", parse=parse_latitude),
    _field("longitude", gettext_lazy("Longitude"), "lon", "lng", "long", "länge", parse=parse_longitude),
    _field("status", gettext_lazy("Status"), "état", "statut", "zustand", parse=parse_status),
)  # fmt: skip

# code → (label, type of value, unit, aliases): what each target fills, and what `standard_type` defines.
STANDARD_ATTRIBUTES = {
    AssetKind.TREE: {
        "genus": (gettext_lazy("Genus"), Text, "", ("genre", "gattung")),
        "species": (pgettext_lazy("after the genus", "Species"), Text, "", ("espèce", "espece", "art")),
        "cultivar": (gettext_lazy("Cultivar"), Text, "", ("variété", "variete ou cultivar", "variété ou cultivar")),
        "planting_year": (gettext_lazy("Planting year"), Number, "", ("année de plantation", "pflanzjahr")),
        "stage": (gettext_lazy("Development stage"), Text, "", ("stade de développement", "stade")),
        "height": (gettext_lazy("Height"), Number, "m", ("hauteur", "hauteur (m)", "höhe")),
        "circumference": (gettext_lazy("Trunk circumference"), Number, "cm", ("circonférence", "circonference (cm)")),
        "health": (gettext_lazy("Health diagnosis"), Text, "", ("état sanitaire", "diagnostic")),
        "remarkable": (gettext_lazy("Remarkable tree"), AttributeDefinition.DataType.BOOLEAN, "", ("remarquable",)),
    },
    AssetKind.BUILDING: {
        "floor_area": (gettext_lazy("Floor area"), Number, "m²", ("surface", "surface (m²)", "shon", "fläche")),
        "year_built": (gettext_lazy("Year built"), Number, "", ("année de construction", "baujahr")),
        "erp_type": (gettext_lazy("Public-access type (J…Y)"), Text, "", ("type erp", "type d'erp")),
        "erp_category": (gettext_lazy("Public-access category (1–5)"), Text, "", ("catégorie erp", "categorie erp")),
    },
    AssetKind.STREET_LIGHT: {
        "lamp_type": (gettext_lazy("Lamp type"), Text, "", ("type de lampe", "source", "lampe", "leuchtmittel")),
        "power": (gettext_lazy("Power"), Number, "W", ("puissance", "puissance (w)", "leistung")),
        "cabinet": (gettext_lazy("Cabinet"), AttributeDefinition.DataType.REFERENCE, "", ("armoire", "schaltschrank")),
    },
}


def _attribute_fields(kind):
    return tuple(
        _field(code, label, *aliases) for code, (label, _type, _unit, aliases) in STANDARD_ATTRIBUTES[kind].items()
    )


def _lookups(kinds, check_species=False):
    codes = {code for kind in kinds for code in STANDARD_ATTRIBUTES.get(kind, {})}
    return lambda organization: imports_bulk.run_context(
        organization, kinds=kinds, attribute_codes=codes, check_species=check_species
    )


def summary(*, lookups, options, dry_run):
    """The run's lines beside the report: the species and parent sites the file adds."""
    from django.utils.translation import ngettext

    lines = []
    species = sorted(str(s) for s in lookups["new_species"].values())
    if species:
        text = ngettext("%(count)s species will be added to the list: %(names)s.",
                        "%(count)s species will be added to the list: %(names)s.", len(species)) if dry_run else \
            ngettext("%(count)s species was added to the list: %(names)s.",
                     "%(count)s species were added to the list: %(names)s.", len(species))  # fmt: skip
        lines.append(text % {"count": len(species), "names": ", ".join(species[:60])})
    parents = sorted({p.name for p in lookups["parents"].values() if isinstance(p, imports_bulk.NewParent)})
    if parents:
        text = ngettext("%(count)s site will be created: %(names)s.",
                        "%(count)s sites will be created: %(names)s.", len(parents)) if dry_run else \
            ngettext("%(count)s site was created: %(names)s.",
                     "%(count)s sites were created: %(names)s.", len(parents))  # fmt: skip
        lines.append(text % {"count": len(parents), "names": ", ".join(parents[:60])})
    return lines


def _unused(**kwargs):  # every asset target writes in bulk; the row-by-row path is never taken
    raise NotImplementedError


CREATE_PARENTS = ImportOption(
    "create_parents",
    gettext_lazy("Create the parent sites this file names that are not registered"),
    gettext_lazy("Otherwise a row naming an unknown site is reported as an error."),
)
ADD_SPECIES = ImportOption(
    "add_species",
    gettext_lazy("Add the species this file names that are not in the list"),
    gettext_lazy("The dry run lists them; otherwise each row naming one is reported as an error."),
)


def _register(target, label, kinds, extra=(), options=(CREATE_PARENTS,), check_species=False):
    register_import(
        target=target, label=label, model=Asset, natural_key="code", permission="asset.manage", apply=_unused,
        fields=[*COMMON, *extra], lookups=_lookups(kinds, check_species), apply_bulk=imports_bulk.apply_bulk,
        summary=summary, options=options, max_rows=MAX_ROWS, max_bytes=MAX_BYTES, batch_size=5000,
    )  # fmt: skip


_register("assets.trees", gettext_lazy("Trees"), [AssetKind.TREE], _attribute_fields(AssetKind.TREE),
          options=(ADD_SPECIES, CREATE_PARENTS), check_species=True)  # fmt: skip
_register("assets.buildings", gettext_lazy("Buildings"), [AssetKind.BUILDING],
          (*_attribute_fields(AssetKind.BUILDING),
           _field("insured_value", gettext_lazy("Insured value (€)"), "valeur assurée", parse=lambda t, lk: _decimal(
               t, 0, Decimal("999999999.99"), _("“%(value)s” is not an amount in euros.")))))  # fmt: skip
_register("assets.street_lights", gettext_lazy("Street lights"), [AssetKind.STREET_LIGHT],
          _attribute_fields(AssetKind.STREET_LIGHT))  # fmt: skip
_register("assets.assets", gettext_lazy("Assets (any type)"), [])


def standard_type(organization, kind, *, code, name):
    """A type of `kind` with the attributes the import targets fill (the demo, tests and benchmarks use it)."""
    asset_type, _created = AssetType.objects.get_or_create(
        organization=organization, code=code, archived_at=None, defaults={"name": name, "kind": kind}
    )
    for position, (attr, (label, data_type, unit, _a)) in enumerate(STANDARD_ATTRIBUTES[kind].items()):
        AttributeDefinition.objects.get_or_create(
            organization=organization, asset_type=asset_type, code=attr, archived_at=None,
            defaults={"label": str(label), "data_type": data_type, "unit": unit, "position": position,
                      "minimum": 0 if data_type == Number else None},
        )  # fmt: skip
    return asset_type


# The Paris open-data tree inventory ("Les arbres", ../shared/data/paris-trees-10k.csv): field → column title.
PARIS_TREES = {
    "code": "IDBASE", "name": "LIBELLE FRANCAIS", "address": "LIEU / ADRESSE", "locality": "ARRONDISSEMENT",
    "genus": "GENRE", "species": "ESPECE", "cultivar": "VARIETE OUCULTIVAR", "circumference": "CIRCONFERENCE (cm)",
    "height": "HAUTEUR (m)", "stage": "STADE DE DEVELOPPEMENT", "remarkable": "REMARQUABLE",
    "coordinates": "geo_point_2d",
}  # fmt: skip


def save_paris_tree_mapping(organization):
    """Save the mapping of the Paris inventory for an organization (its next file of that shape maps itself)."""
    mapping, _created = ImportMapping.objects.update_or_create(
        organization=organization,
        target="assets.trees",
        defaults={"columns": PARIS_TREES, "options": {"add_species": True, "create_parents": False}},
    )
    return mapping
