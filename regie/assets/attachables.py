"""Assets take files (regie.attachments): plans, certificates, contracts and photos, on the asset's page."""

from django.utils.translation import gettext as _

from regie.attachments.registry import Attachable, register
from regie.core.exceptions import Forbidden
from regie.core.permissions import can


def may_add_files(asset, user, membership):
    """Files on an asset: who manages the registry, in the organization that holds the asset."""
    if membership is None or not can(membership.role, "asset.manage"):
        raise Forbidden(_("Only the registry's managers can add files to an asset."))
    if asset.organization_id != membership.organization_id:
        raise Forbidden(_("This asset is shared with your organization: only its manager can add files."))


def register_attachables():
    from .models import Asset
    from .selectors import visible_assets

    register(
        Attachable(
            model=Asset,
            visible=visible_assets,
            may_add=may_add_files,
            detail_url=lambda record: record.page_url,
        )
    )
