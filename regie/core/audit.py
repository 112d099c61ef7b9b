"""The audit trail: every create, update, archive and workflow transition of a domain record.

Services call `record()` inside their transaction, so an event exists if and only if the change does.
"""

import datetime
import decimal
import uuid
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .context import current_channel
from .models import AuditEvent

Action = AuditEvent.Action
Channel = AuditEvent.Channel


def _plain(value):
    """A JSON-safe, human-readable form of a field value (ids for relations)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def tracked_fields(instance):
    skip = {"id", "created_at", "updated_at", "archived_at", "organization", "password", "last_login"}
    return [f for f in instance._meta.concrete_fields if f.name not in skip]


def snapshot(instance, names=None):
    fields = tracked_fields(instance)
    if names is not None:
        fields = [f for f in fields if f.name in names or f.attname in names]
    return {f.name: _plain(getattr(instance, f.attname)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(instance, *, action, by, changes=None, reason="", organization=None, channel=None):
    organization_id = organization.pk if organization is not None else instance.organization_id
    return AuditEvent.objects.create(
        organization_id=organization_id,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        action=action,
        actor=by if getattr(by, "is_authenticated", False) else None,
        channel=channel or current_channel(),
        changes=changes or {},
        reason=reason,
    )


def timeline(instance, organization):
    """The events of one record, newest first, as `organization` may see them."""
    return (
        AuditEvent.objects.for_org(organization)
        .filter(content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def record_url(event):
    """The page of the record an event is about, or "": the URL its model names (`detail_url_name`, reversed
    with the record's primary key: one page of the log links its 50 records without reading them)."""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()  # cached
    name = getattr(model, "detail_url_name", "")
    return reverse(name, args=[event.object_id]) if name else ""


class ChangeLine(NamedTuple):
    """One changed value as people read it: `kind` is "changed", "added" (no old value) or "removed"."""

    label: str
    old: str
    new: str
    kind: str = "changed"


# (model, field name) → presenter(old, new, *, event, memo) → [ChangeLine]: how an app shows the changes of a
# field that holds several values (an asset's typed attributes), registered from its AppConfig.ready()
_PRESENTERS = {}


def change_presenter(model, name):
    """Register the presenter of the changes of `model.name` (decorator). It gets the stored old and new values,
    the event and `memo`, a dict shared by the events of one page (for what it reads once per page)."""

    def register(function):
        _PRESENTERS[(model, name)] = function
        return function

    return register


# (model, key) → label: the name people read for a change recorded under a key that is no field of the model
# (a meter's "reading"), registered from its AppConfig.ready()
_LABELS = {}


def change_label(model, name, label):
    """Name the changes recorded on `model` under `name`, a key that is not one of its fields."""
    _LABELS[(model, name)] = label


def change_lines(event, limit=6, memo=None):
    """The event's changes as `ChangeLine`s for people to read: labels and choices of the model, a registered
    presenter's lines for its field, at most `limit` lines (None: all; the record's timeline tells the rest)."""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()
    fields = {f.name: f for f in model._meta.get_fields()} if model is not None else {}
    memo = {} if memo is None else memo
    lines = []
    for name, values in (event.changes or {}).items():
        if limit is not None and len(lines) >= limit:
            break
        old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
        presenter = _PRESENTERS.get((model, name))
        if presenter is not None:
            lines.extend(presenter(old, new, event=event, memo=memo))
            continue
        field = fields.get(name)
        label = capfirst(str(_LABELS.get((model, name)) or getattr(field, "verbose_name", name)))
        choices = dict(getattr(field, "flatchoices", None) or ())
        lines.append(ChangeLine(label, _readable(old, choices), _readable(new, choices)))
    return lines if limit is None else lines[:limit]


def with_change_lines(events, limit=None):
    """The events, each with its `change_lines` (the timeline of a record page: every line)."""
    memo = {}
    for event in events:
        event.change_lines = change_lines(event, limit=limit, memo=memo)
    return events


def _readable(value, choices):
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(choices.get(value, value))
