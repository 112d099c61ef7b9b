"""Sharing between organizations ("mutualisation"): lending a record to another organization is a record.

`for_org` reads active shares; these services create and end them, with the rules that make them safe:
only the owner lends, only shareable kinds of records, never to itself, once per target.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .access import authorize
from .exceptions import Conflict
from .models import Organization, Share
from .services import lock, mark_archived


@transaction.atomic
def share_resource(
    *, by, organization, resource, target, rights=Share.Rights.VIEW, recharge_rate=0, starts_on=None, ends_on=None
):
    """Lend `resource` (owned by `organization`) to `target`, optionally charging back part of its costs."""
    authorize(by, organization, "share.manage")
    errors = {}
    if not getattr(type(resource), "shareable", False):
        errors["resource"] = [_("This kind of record cannot be shared.")]
    elif resource.organization_id != organization.pk:
        errors["resource"] = [_("Only the organization that owns a record can share it.")]
    if not isinstance(target, Organization) or target.pk == organization.pk or target.archived_at is not None:
        errors["target"] = [_("Choose another, active organization.")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end must be after the start.")]
    if errors:
        raise ValidationError(errors)
    content_type = ContentType.objects.get_for_model(type(resource))
    if Share.objects.active().filter(content_type=content_type, object_id=resource.pk, target=target).exists():
        raise Conflict(_("This record is already shared with this organization."), code="already_shared")
    share = Share(
        organization=organization,
        target=target,
        content_type=content_type,
        object_id=resource.pk,
        rights=rights,
        recharge_rate=recharge_rate,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    share.full_clean()
    share.save()
    audit.record(share, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(share)))
    return share


@transaction.atomic
def end_share(share, *, by, reason=""):
    """Stop lending: the target loses sight of the record at once (its history stays)."""
    authorize(by, share.organization, "share.manage")
    share = mark_archived(lock(share))
    audit.record(share, action=audit.Action.ARCHIVE, by=by, reason=reason)
    return share
