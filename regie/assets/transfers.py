"""Handing the management of an asset to another organization of the agglomeration (a commune's gym managed by
the agglomeration from now on): the asset and everything inside it move to the new manager's registry with
their history, meters and files; the previous manager keeps seeing them (a share) for its past work on them."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.attachments.models import Attachment
from regie.core import audit
from regie.core.access import authorize
from regie.core.context import forget
from regie.core.exceptions import Conflict
from regie.core.models import AuditEvent, Organization, Share
from regie.core.services import lock

from . import tree
from .models import Asset, AssetTransfer, AssetType, AttributeDefinition, Meter, MeterReading, Occupancy
from .selectors import owner_choice_ids
from .services import _lock_tree

ATTRIBUTE_COPY = ("code", "label", "data_type", "unit", "choices", "required", "minimum", "maximum", "position")


@transaction.atomic
def transfer_management(asset, *, by, to, reason, share_back=True):
    """Move `asset` and its subtree to `to` (permission asset.manage in the current manager). The new manager must
    be of the same agglomeration; no code may collide with one of its own; occupancies in force are ended first
    (their occupants are the previous manager's). The asset becomes a root of the new registry; types are matched
    by code (copied with their attributes when missing); the responsible department is left for the new manager."""
    source = asset.organization
    authorize(by, source, "asset.manage")
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("Say why the management changes.")]})
    if not isinstance(to, Organization) or to.pk == source.pk or to.pk not in owner_choice_ids(source):
        raise ValidationError({"to": [_("Choose another organization of the same agglomeration.")]})
    for organization in sorted((source, to), key=lambda o: o.pk):  # in key order: crossed transfers never deadlock
        _lock_tree(organization)
    root = lock(asset)
    if root.archived_at is not None:
        raise Conflict(_("This asset is archived: restore it before changing it."), code="archived")
    subtree = Asset.objects.filter(organization=source).within(root)
    ids = list(subtree.values_list("pk", flat=True))
    _check_movable(source, to, subtree, ids)
    types = {t.pk: _type_in(to, t) for t in AssetType.objects.filter(pk__in=subtree.values("asset_type_id"))}
    old_path, old_depth = root.path, root.depth
    for old_type, new_type in types.items():
        subtree.filter(asset_type_id=old_type).update(asset_type=new_type)
    Asset.objects.filter(pk__in=ids).update(organization=to, department=None)
    Asset.objects.filter(pk__in=ids, owner__isnull=True).update(owner=source)  # it stays the previous manager's
    root.refresh_from_db()
    root.parent = None
    root.save(update_fields=["parent", "updated_at"])
    tree.place(root)
    tree.move_subtree(root, old_path, old_depth)
    _move_companions(source, to, ids)
    transfer = AssetTransfer.objects.create(
        organization=to,
        asset=root,
        from_organization=source,
        transferred_at=timezone.now(),
        moved=len(ids),
        reason=reason,
        by=by,
    )
    if share_back:
        content_type = ContentType.objects.get_for_model(Asset)
        Share.objects.bulk_create(
            Share(organization=to, target=source, content_type=content_type, object_id=pk) for pk in ids
        )
        forget("shares")  # bulk_create skips Share.save(), which forgets what the request read of the shares
    audit.record(
        root,
        action=audit.Action.UPDATE,
        by=by,
        reason=reason,
        changes={"organization": [source.name, to.name], "assets moved": [None, len(ids)]},
    )
    return transfer


def _check_movable(source, to, subtree, ids):
    codes = list(subtree.values_list("code", flat=True))
    taken = sorted(
        Asset.objects.filter(organization=to, archived_at__isnull=True, code__in=codes).values_list("code", flat=True)
    )
    if taken:
        raise ValidationError({"to": [_("Codes already used there: %(codes)s.") % {"codes": ", ".join(taken[:20])}]})
    today = timezone.localdate()
    in_force = Occupancy.objects.filter(asset_id__in=ids, archived_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if in_force.exists():
        raise ValidationError(
            {"to": [_("End the occupancies in force first: their occupants stay with %(org)s.") % {"org": source.name}]}
        )


def _type_in(to, asset_type):
    """The new manager's type of the same code, else a copy of this one with its attributes."""
    existing = AssetType.objects.filter(organization=to, code=asset_type.code, archived_at__isnull=True).first()
    if existing is not None:
        return existing
    copy = AssetType.objects.create(
        organization=to,
        code=asset_type.code,
        name=asset_type.name,
        kind=asset_type.kind,
        description=asset_type.description,
    )
    AttributeDefinition.objects.bulk_create(
        AttributeDefinition(organization=to, asset_type=copy, **{f: getattr(d, f) for f in ATTRIBUTE_COPY})
        for d in asset_type.attributes.filter(archived_at__isnull=True)
    )
    return copy


def _move_companions(source, to, ids):
    """Meters, readings, files and the history of the moved assets follow them."""
    meters = Meter.objects.filter(organization=source, asset_id__in=ids)
    MeterReading.objects.filter(meter__in=meters).update(organization=to)
    meter_ids = list(meters.values_list("pk", flat=True))
    meters.update(organization=to)
    asset_type = ContentType.objects.get_for_model(Asset)
    meter_type = ContentType.objects.get_for_model(Meter)
    Attachment.objects.filter(organization=source, content_type=asset_type, object_id__in=ids).update(organization=to)
    AuditEvent.objects.filter(organization=source, content_type=asset_type, object_id__in=ids).update(organization=to)
    AuditEvent.objects.filter(organization=source, content_type=meter_type, object_id__in=meter_ids).update(
        organization=to
    )
