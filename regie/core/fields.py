"""Model fields with the bounds Django leaves to forms, and the sort key of names."""

import unicodedata

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BoundedTextField(models.TextField):
    """A TextField whose `max_length` is enforced by `full_clean` too (Django's own is checked by forms only),
    so a service or an import cannot store a 5 MB description that no form would have accepted."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


def latitude_field():
    """A point's optional latitude (WGS 84, degrees, to the micro-degree: about 11 cm), bounded to ±90: the one
    definition of the assets', the requests' and the residents' reports' coordinates."""
    return models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip


def longitude_field():
    """A point's optional longitude (WGS 84, degrees), bounded to ±180 (see `latitude_field`)."""
    return models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip


# Letters NFKD leaves whole; a French reader files them under their Latin spelling.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i"})


def sort_key(*parts) -> str:
    """What a name sorts by, where a French reader looks for it: case and accents folded ("Écoles" files with
    "ecoles", between "Eau" and "Élagage", not after "Zinc"), whitespace collapsed. Byte order of this key is
    dictionary order, so a plain index serves it on SQLite and PostgreSQL under any collation."""
    text = " ".join(str(part) for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class SortKeyField(models.CharField):
    """The `sort_key` of the `sources` fields, set on every save and bulk_create (`pre_save`; a save with
    `update_fields` naming a source writes it too, see `core.models.TenantModel.save`). Lists, selects and the
    API order by it where they order by its first source (`sorted_lookup`). QuerySet.update() and bulk_update()
    of a source bypass it: recompute it there."""

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        kwargs.pop("editable", None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def key_of(self, instance) -> str:
        """The key this field holds for `instance` (a model or a historical model of a migration)."""
        return sort_key(*(getattr(instance, name) for name in self.sources))[: self.max_length]

    def pre_save(self, model_instance, add):
        value = self.key_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def fill_sort_keys(app_label, *model_names):
    """The forward step of a data migration that adds a `SortKeyField`: existing rows get the key their next
    save would give them (historical models: computed here, as bulk_update runs no pre_save)."""

    def forward(apps, schema_editor):
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            key_fields = sort_key_fields(model)
            rows = list(model.objects.only("pk", *(name for f in key_fields for name in f.sources)))
            for row in rows:
                for field in key_fields:
                    setattr(row, field.attname, field.key_of(row))
            model.objects.bulk_update(rows, [f.name for f in key_fields], batch_size=500)

    return forward


def sort_key_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, SortKeyField)]


def sorted_lookup(model, lookup: str) -> str:
    """`lookup` ("name", "-team__name") ordering by the sort key that stands for its last field, when there is one
    ("sort_name", "-team__sort_name"); unchanged otherwise."""
    if model is None:
        return lookup
    sign, path = ("-", lookup[1:]) if lookup.startswith("-") else ("", lookup)
    *relations, last = path.split("__")
    current = model
    for name in relations:
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # an annotation: leave the lookup as it is
            return lookup
        if not field.is_relation or field.related_model is None:
            return lookup
        current = field.related_model
    for field in sort_key_fields(current):
        if field.sources and field.sources[0] == last:
            return sign + "__".join([*relations, field.name])
    return lookup
