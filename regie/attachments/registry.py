"""Which records accept attachments, and who may see or add them: each app registers its models here.

The attachments app knows no other app by name. An app calls `register(Attachable(...))` from its
`AppConfig.ready()`; the viewer may see a record's files iff `visible` returns the record for them, and may
add some iff `may_add` does not raise (the parent's own rule: an assigned agent, the requester...).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Attachable:
    model: type
    # (organization, membership) → queryset of the records the member may see (their files with them)
    visible: Callable
    # (record, user, membership) → None, or raises Forbidden / Conflict with the reason
    may_add: Callable
    # record → the URL of its page (where the files are shown; the upload form returns there)
    detail_url: Callable
    # whether files carry a stage (before / after the work)
    stages: bool = False
    # foreign keys of the record whose target's files this record shows too (a work order: its request's photos)
    shows: tuple[str, ...] = ()
    # PDF documents only, no photos (an invoice)
    documents_only: bool = False


_REGISTRY: dict[type, Attachable] = {}


def register(entry: Attachable):
    _REGISTRY[entry.model] = entry
    return entry


def entries():
    return tuple(_REGISTRY.values())


def models():
    return tuple(_REGISTRY)


def entry_for(model_or_record):
    """The registration of a model (or of a record's model), or None when it accepts no attachments."""
    model = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    return _REGISTRY.get(model._meta.concrete_model)


def entry_for_content_type(content_type_id):
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        return None
    model = content_type.model_class()
    return entry_for(model) if model is not None else None


def shown_targets(entry):
    """(foreign key field, target model) for each relation whose files `entry`'s records show."""
    return [
        (entry.model._meta.get_field(name), entry.model._meta.get_field(name).related_model) for name in entry.shows
    ]
