"""Attaching and removing files: the parent record's rule decides, one transaction, audited on the parent."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, NotFound
from regie.core.services import lock

from . import registry
from .models import Attachment
from .validation import check_files


def _accepting_entry(record, organization, membership):
    """The registration of `record` if it accepts files and `membership` may see it; NotFound otherwise."""
    entry = registry.entry_for(record)
    if entry is None or record.organization_id != organization.pk:
        raise NotFound()
    if not entry.visible(organization, membership).filter(pk=record.pk).exists():
        raise NotFound()
    return entry


def _stage(entry, stage):
    stage = stage or ""
    if stage and not entry.stages:
        raise ValidationError({"stage": [_("This record's files have no stage.")]})
    if stage not in ("", *Attachment.Stage.values):
        raise ValidationError({"stage": [_("Choose before, after or other.")]})
    return stage


@transaction.atomic
def attach_files(*, by, organization, record, uploads, stage="", audit_event=True, replaces=None):
    """Store photos or documents on `record`, if `by` may add files to it (the parent's rule, see registry).

    Every file is checked (and photos re-encoded) before any is stored. The parent is then locked, so its rule
    (a closed work order takes no more photos) is read on its current state. Returns the new attachments.
    `replaces`: a file of the same record that the one upload is the next version of (locked: two people
    sending a new version of the same plan at once make one new version, the other is told it is outdated).
    """
    membership = authorize(by, organization, "attachment.add")
    entry = _accepting_entry(record, organization, membership)
    stage = _stage(entry, stage)
    checked = check_files(uploads)  # decoding takes time: before the parent's row is locked
    if not checked:
        raise ValidationError({"files": [_("Choose at least one file.")]})
    if entry.documents_only and any(item.kind != Attachment.Kind.DOCUMENT for item in checked):
        raise ValidationError({"files": [_("This record takes PDF documents only.")]})
    parent = lock(record)
    entry.may_add(parent, by, membership)
    previous = _replaced(replaces, parent, checked) if replaces is not None else None
    saved = store(checked, record=parent, by=by, stage=stage, previous=previous)
    if audit_event:
        before = f"{previous.original_name} (v{previous.version})" if previous else None
        after = (
            [a.original_name for a in saved] if previous is None else f"{saved[0].original_name} (v{saved[0].version})"
        )
        audit.record(parent, action=audit.Action.UPDATE, by=by, changes={"attachments": [before, after]})
    return saved


def _replaced(replaces, parent, checked):
    """The file a new version replaces, locked and checked: same record, still shown, not already replaced."""
    if len(checked) != 1:
        raise ValidationError({"files": [_("A new version is one file.")]})
    content_type = ContentType.objects.get_for_model(type(parent))
    previous = (
        Attachment.objects.select_for_update()
        .filter(pk=getattr(replaces, "pk", replaces), content_type=content_type, object_id=parent.pk)
        .first()
    )
    if previous is None or previous.archived_at is not None:
        raise ValidationError({"replaces": [_("The file to replace is not among this record's files.")]})
    if Attachment.objects.filter(previous=previous).exists():
        raise Conflict(_("A newer version of this file was sent meanwhile: reload the page."), code="outdated_version")
    if previous.kind != checked[0].kind:
        raise ValidationError(
            {"files": [_("A new version is of the same kind (a photo for a photo, a PDF for a PDF).")]}
        )
    return previous


def store(checked, *, record, by, stage="", previous=None):
    """Write already checked files (`validation.check_files`) on `record`; the caller holds the transaction."""
    content_type = ContentType.objects.get_for_model(type(record))
    saved = []
    for item in checked:
        attachment = Attachment(
            organization_id=record.organization_id,
            content_type=content_type,
            object_id=record.pk,
            original_name=item.name,
            mime=item.mime,
            size=item.size,
            kind=item.kind,
            stage=stage or (previous.stage if previous else ""),
            uploaded_by=by,
            previous=previous,
            version=previous.version + 1 if previous else 1,
        )
        attachment.file.save(item.name, ContentFile(item.content), save=False)
        if item.thumbnail:
            attachment.thumbnail.save("thumbnail.jpg", ContentFile(item.thumbnail), save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def archive_attachment(attachment, *, by, organization, reason=""):
    """Take a file off its record (kept, archived): whoever may add files to the record may remove them."""
    from .selectors import visible_attachments

    membership = authorize(by, organization, "attachment.add")
    if not visible_attachments(organization, membership).filter(pk=attachment.pk).exists():
        raise NotFound()
    obj = lock(attachment)
    if obj.archived_at is not None:
        raise Conflict(_("This file was already removed."), code="archived")
    record = obj.record
    entry = _accepting_entry(record, organization, membership)
    entry.may_add(record, by, membership)
    obj.archived_at = timezone.now()
    obj.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        record, action=audit.Action.UPDATE, by=by, reason=reason, changes={"attachments": [obj.original_name, None]}
    )
    return obj
