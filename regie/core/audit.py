"""The audit trail: every create, update, archive and workflow transition of a domain record.

Services call `record()` inside their transaction, so an event exists if and only if the change does.
"""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .context import current_channel
from .models import AuditEvent

Action = AuditEvent.Action


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
