"""The rows of one organization's registry, collected as plain dicts and written in bulk (`regie.demo.bulk`).

Assets are added parents first; when written, each gets a reserved id, its materialised path (the parent's path
and `tree.key_of(id)`, as `tree.place` sets it), its depth, its short URL token (`models.new_public_id`), its
sort key, and a CREATE audit event (channel import) recording the fields as a service records them."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regie.core import audit
from regie.core.fields import sort_key
from regie.core.models import AuditEvent
from regie.demo.bulk import Table, utc_naive

from ..models import Asset, MeterReading, new_public_id
from ..tree import key_of

AUDIT_COLUMNS = (
    "organization",
    "content_type",
    "object_id",
    "object_repr",
    "action",
    "channel",
    "at",
    "changes",
    "reason",
)


def _plain(value):
    """`audit._plain`, quicker for the plain types the registry writes."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is dict:
        return value
    if kind is Decimal:
        return str(value)
    if kind is date or kind is datetime:
        return value.isoformat()
    return audit._plain(value)


class RowTable(Table):
    """`Table`, with a nullable JSON column written as SQL NULL (not JSON null) when the value is None."""

    def converter(self, f):
        if f.get_internal_type() == "JSONField" and f.null:
            return lambda value: None if value is None else json.dumps(value)
        return super().converter(f)


class Registry:
    """One organization's assets and meter readings, written in bulk with their audit trail."""

    def __init__(self, organization, types):
        self.organization, self.types = organization, types  # types: code → AssetType
        self.assets, self.readings = [], []
        self.codes = {}  # prefix → last number

    def code(self, prefix, width=5):
        number = self.codes.get(prefix, 0) + 1
        self.codes[prefix] = number
        return f"{prefix}-{number:0{width}d}"

    def add(self, type_code, name, *, parent=None, code=None, **values):
        """An asset to write (values by attname); returns its dict, which children name as their `parent`."""
        row = {
            "type": type_code,
            "parent": parent,
            "code": code or self.code(type_code),
            "name": name[:200],
            "attributes": {k: v for k, v in values.pop("attributes", {}).items() if v not in (None, "")},
            **values,
        }
        self.assets.append(row)
        return row

    def write(self):
        now = timezone.now()
        table = RowTable(Asset, with_ids=True)
        ids = table.reserve(len(self.assets))
        rows = []
        for row, pk in zip(self.assets, ids, strict=True):
            parent = row.pop("parent")
            row["values"] = values = {
                k: v for k, v in row.items() if k not in ("type", "values") and not k.startswith("_")
            }
            values.update(
                id=pk,
                created_at=now,
                updated_at=now,
                organization_id=self.organization.pk,
                asset_type_id=self.types[row["type"]].pk,
                parent_id=parent["id"] if parent else None,
                path=(parent["path"] if parent else "") + key_of(pk),
                depth=parent["depth"] + 1 if parent else 0,
                sort_name=sort_key(row["name"])[:200],
                public_id=new_public_id(),
            )
            row.update(id=pk, path=values["path"], depth=values["depth"])
            rows.append(table.row(values))
        table.insert(rows)
        self._audit(now)
        return len(rows)

    def _audit(self, now):
        fields = [f for f in audit.tracked_fields(Asset) if f.attname != "public_id"]
        # what `audit.diff({}, audit.snapshot(asset))` records: every field not None, the defaults included
        defaults = {f.name: [None, _plain(f.get_default())] for f in fields if f.get_default() is not None}
        tracked = [(f.name, f.attname) for f in fields]
        content_type = ContentType.objects.get_for_model(Asset).pk
        table = Table(AuditEvent, AUDIT_COLUMNS)
        at = now if table.postgres else utc_naive(now)
        org_id, rows = self.organization.pk, []
        for row in self.assets:
            values = row["values"]
            changes = dict(defaults)
            for name, attname in tracked:
                value = values.get(attname)
                if value is not None:
                    changes[name] = [None, _plain(value)]
            changes["public_id"] = [None, values["public_id"]]
            text = f"{values['code']} — {values['name']}"[:200]
            rows.append(
                (org_id, content_type, values["id"], text, audit.Action.CREATE, "import", at, json.dumps(changes), "")
            )
        table.insert(rows)

    def write_readings(self):
        """Meter readings: (meter, read_at, value) — the meters are ORM records saved (and audited) before."""
        now = timezone.now()
        table = Table(MeterReading)
        rows = [
            table.row(
                {
                    "created_at": now,
                    "updated_at": now,
                    "organization_id": self.organization.pk,
                    "meter_id": meter.pk,
                    "read_at": read_at,
                    "value": value,
                }
            )
            for meter, read_at, value in self.readings
        ]
        table.insert(rows)
