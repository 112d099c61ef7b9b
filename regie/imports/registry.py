"""Import targets, registered by the apps that own them: this app knows no other app by name.

An app declares in its `imports.py` (found at start-up by `ImportsConfig.ready`):

    register_import(
        target="people.agents", label=_("Agents"), model=Agent, natural_key="employee_number",
        fields=[ImportField("employee_number", _("Employee number"), required=True), ...],
        apply=apply_agent_row, permission="agent.manage", lookups=reference_data,
    )

`lookups(organization)` reads the reference data the parsers need once per run (teams by code...);
`ImportField.parse(text, lookups)` turns a cell into a value or raises `ValidationError` (the message is the
row's report line); `apply(by=, organization=, values=, existing=)` writes one row through the app's services
(`existing` is the record with the same natural key, or None) and raises `ValidationError`/`DomainError`.

Bulk mode, for targets that import hundreds of thousands of rows (the asset registry): the target declares
`apply_bulk(by=, organization=, rows=, existing=, lookups=, options=, dry_run=)`, which the framework calls in
batches of `batch_size` parsed rows (`rows`: [(row number, values)], `existing`: natural key → record) inside
the one all-or-nothing transaction. It validates every row with the rules of the target's services and, unless
`dry_run`, writes the batch with bulk_create/bulk_update and the per-record history in bulk; it returns a
`BulkResult` (its errors as (row number, field name, message)). `summary(lookups, options, dry_run)` gives the
lines the job shows once every batch ran ("12 species will be added: …"). `options` are the target's
checkboxes on the columns page (`ImportOption`), saved with the mapping; `max_rows`/`max_bytes` its file limits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import reading


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool = False
    parse: Callable[[str, dict], Any] | None = None
    aliases: tuple[str, ...] = ()  # other column titles that mean this field ("matricule", "courriel")


@dataclass(frozen=True)
class ImportOption:
    """A choice the person importing makes on the columns page, kept with the saved mapping."""

    name: str
    label: str
    help_text: str = ""
    default: bool = False


@dataclass
class BulkResult:
    errors: list = field(default_factory=list)  # [(row number, field name or "", message)]
    created: int = 0
    updated: int = 0


@dataclass(frozen=True)
class ImportTarget:
    key: str
    label: str
    model: type
    fields: tuple[ImportField, ...]
    natural_key: str
    apply: Callable[..., Any]
    permission: str
    lookups: Callable[[Any], dict] = field(default=lambda organization: {})
    apply_bulk: Callable[..., BulkResult] | None = None
    summary: Callable[..., list] | None = None
    options: tuple[ImportOption, ...] = ()
    batch_size: int = 2000
    max_rows: int = reading.MAX_ROWS
    max_bytes: int = reading.MAX_BYTES

    def field(self, name):
        return next(f for f in self.fields if f.name == name)


TARGETS: dict[str, ImportTarget] = {}


def register_import(*, target, label, model, fields, natural_key, apply, permission, lookups=None, **bulk):
    """Declare a target (see the module's docstring); `bulk` takes apply_bulk, summary, options, batch_size,
    max_rows and max_bytes."""
    if target in TARGETS:
        raise ValueError(f"Import target {target!r} is registered twice")
    fields = tuple(fields)
    if natural_key not in {f.name for f in fields} or not next(f for f in fields if f.name == natural_key).required:
        raise ValueError(f"Import target {target!r}: the natural key {natural_key!r} must be a required field")
    TARGETS[target] = ImportTarget(
        key=target,
        label=label,
        model=model,
        fields=fields,
        natural_key=natural_key,
        apply=apply,
        permission=permission,
        **({"lookups": lookups} if lookups else {}),
        **{name: tuple(value) if name == "options" else value for name, value in bulk.items()},
    )
    return TARGETS[target]


def get_target(key) -> ImportTarget:
    try:
        return TARGETS[key]
    except KeyError:
        raise ValidationError({"target": [_("Choose one of the options offered.")]}, code="unknown_target") from None


def targets_for(role):
    """The targets a role may import into (the matrix action each target names)."""
    from regie.core.permissions import can

    return [t for t in TARGETS.values() if can(role, t.permission)]
