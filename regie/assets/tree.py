"""The materialised path of the asset tree: computing it, checking a move, rewriting a subtree in one UPDATE."""

from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from .models import Asset
from .models.assets import KEY_WIDTH, MAX_DEPTH, subtree_q

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def key_of(pk):
    """A primary key as one fixed-width path segment (base 36): paths sort as their trees read."""
    digits = ""
    while pk:
        pk, rest = divmod(pk, 36)
        digits = DIGITS[rest] + digits
    return digits.rjust(KEY_WIDTH, "0") + "/"


def path_under(parent, pk):
    return (parent.path if parent is not None else "") + key_of(pk)


def check_parent(asset, parent):
    """The rule of the tree: a parent of the same organization, never the asset itself or one inside it, and
    not deeper than MAX_DEPTH levels."""
    if parent is None:
        return
    if parent.organization_id != asset.organization_id:
        raise ValidationError({"parent": _("The parent belongs to another organization.")})
    if asset.pk is not None and (parent.pk == asset.pk or (asset.path and parent.path.startswith(asset.path))):
        raise ValidationError({"parent": _("An asset cannot be placed inside itself or inside one of its parts.")})
    height = 1
    if asset.pk is not None and asset.path:
        deepest = (
            Asset.objects.filter(subtree_q(asset.path), organization_id=asset.organization_id)
            .order_by("-depth")
            .values_list("depth", flat=True)
            .first()
        )
        height = (deepest or asset.depth) - asset.depth + 1
    if parent.depth + 1 + height > MAX_DEPTH:
        raise ValidationError(
            {"parent": _("The tree would be too deep (at most %(max)s levels).") % {"max": MAX_DEPTH}}
        )


def place(asset):
    """Set the path and depth of a saved asset from its (locked or fresh) parent; writes the row."""
    parent = asset.parent
    asset.path = path_under(parent, asset.pk)
    asset.depth = 0 if parent is None else parent.depth + 1
    Asset.objects.filter(pk=asset.pk).update(path=asset.path, depth=asset.depth)


def move_subtree(asset, old_path, old_depth):
    """After `asset` got a new parent (and path), rewrite the paths and depths of everything inside it in one
    statement: new prefix + the rest of each descendant's path."""
    shift = asset.depth - old_depth
    Asset.objects.filter(subtree_q(old_path), organization_id=asset.organization_id).exclude(pk=asset.pk).update(
        path=Concat(Value(asset.path), Substr(F("path"), len(old_path) + 1)),
        depth=F("depth") + shift,
    )
