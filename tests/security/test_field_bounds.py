"""Every field has bounds (docs/conventions.md): each text field a maximum length that `full_clean` enforces, each
number a minimum and a maximum, each date users type a plausible window around today. Walks every model of every
project app, so a new module inherits the rule; a field filled by the system only is listed with its reason."""

import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin

from regie.core.validators import PlausibleDate

PROJECT_MODELS = [m for m in apps.get_models() if m.__module__.startswith("regie.")]

# model label → field → why it needs no bounds of its own (written by the system, never typed by anyone)
SYSTEM_FIELDS = {
    "core.User": {"last_login": "set at login", "date_joined": "set at sign-up"},
    "core.Share": {"object_id": "the key of the shared record"},
    "core.AuditEvent": {"object_id": "the key of the audited record"},
    "interventions.WorkOrderTask": {"position": "the line's index, at most MAX_TASKS"},
    "interventions.TimeEntry": {
        "hourly_rate": "copied from the agent's (bounded) rate",
        "cost": "hours × rate, both bounded",
    },
    "attachments.Attachment": {
        "size": "the uploaded file's size, bounded by the upload check",
        "object_id": "the key of the record the file is on",
    },
    "notifications.Notification": {"object_id": "the key of the record notified about"},
    "core.Counter": {"year": "the current year", "value": "the sequence"},
    "imports.ImportJob": dict.fromkeys(
        ("total_rows", "processed_rows", "created_count", "updated_count", "error_count"),
        "counted by the import run, at most the file's rows",
    ),
}
# pre-aggregated totals (CostTotals), kept by the cost services from bounded lines
TOTALS = {"labour_cost", "material_cost", "contractor_cost", "equipment_cost", "hours"}
NUMBERS = (models.IntegerField, models.DecimalField, models.FloatField)
DATES = (models.DateField,)  # DateTimeField is a DateField


def _input_fields(model):
    for field in model._meta.concrete_fields:
        if field.auto_created or field.is_relation or not field.editable or isinstance(field, models.AutoField):
            continue
        if field.name in SYSTEM_FIELDS.get(model._meta.label, {}):
            continue
        if field.name in TOTALS and any(f.name == "labour_cost" for f in model._meta.fields):
            continue
        yield field


def _declared(field, kind):
    """Validators the model declares (Django adds the database's integer range to every integer field)."""
    return [v for v in field._validators if isinstance(v, kind)]


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_every_field_has_bounds(model):
    missing = []
    for field in _input_fields(model):
        if isinstance(field, models.CharField | models.TextField):
            if field.max_length is None or not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                missing.append(
                    f"{field.name}: a text field needs a max_length enforced by full_clean "
                    "(regie.core.fields.BoundedTextField for a TextField)"
                )
        elif isinstance(field, NUMBERS):
            positive = isinstance(field, PositiveIntegerRelDbTypeMixin)
            if not _declared(field, MaxValueValidator) or not (positive or _declared(field, MinValueValidator)):
                missing.append(f"{field.name}: a number needs a minimum and a maximum (core.validators.bounded)")
        elif (
            isinstance(field, DATES)
            and not field.name.endswith("_at")
            and not any(isinstance(v, PlausibleDate) for v in field.validators)
        ):
            missing.append(
                f"{field.name}: a date users type needs core.validators.plausible_date(...) "
                "(or end its name in _at if only the system sets it)"
            )
    assert not missing, f"{model._meta.label}: " + "; ".join(missing)


def test_system_fields_exist():
    for label, fields in SYSTEM_FIELDS.items():
        model = apps.get_model(label)
        for name, reason in fields.items():
            assert reason and model._meta.get_field(name), f"{label}.{name}"
