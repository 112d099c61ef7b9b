"""Reads: the files of a record, and every file a member may see (the union of their visible parents)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from . import registry
from .models import Attachment


def _of(model, ids):
    return Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)


def visible_attachments(organization, membership):
    """Active files of `organization` whose parent the member may see, directly or through a record showing
    it (a work order shows its request's photos): the rule of the file view and of the API alike."""
    condition = Q(pk__in=[])
    for entry in registry.entries():
        records = entry.visible(organization, membership)
        condition |= _of(entry.model, records.values("pk"))
        for field, target in registry.shown_targets(entry):
            condition |= _of(target, records.filter(**{f"{field.name}__isnull": False}).values(field.attname))
    return (
        Attachment.objects.owned_by(organization)
        .active()
        .filter(condition)
        .select_related("uploaded_by", "content_type")
    )


def attachments_for(record, organization, *, shown=True):
    """The active files of `record` (and, with `shown`, those of the records it shows), oldest first."""
    condition = _of(type(record), [record.pk])
    entry = registry.entry_for(record)
    if shown and entry is not None:
        for field, target in registry.shown_targets(entry):
            related_id = getattr(record, field.attname)
            if related_id is not None:
                condition |= _of(target, [related_id])
    return Attachment.objects.owned_by(organization).active().filter(condition).select_related("uploaded_by")


def current_versions(files):
    """The files to show: each document's latest version, carrying its `earlier` versions (newest first)."""
    by_pk = {f.pk: f for f in files}
    replaced = {f.previous_id for f in files if f.previous_id}
    current = []
    for file in files:
        if file.pk in replaced:
            continue
        file.earlier, step = [], by_pk.get(file.previous_id)
        while step is not None:
            file.earlier.append(step)
            step = by_pk.get(step.previous_id)
        current.append(file)
    return current
