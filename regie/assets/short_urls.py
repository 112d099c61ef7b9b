"""The stable short URL of every asset, `/a/<public_id>`: what its QR label encodes, and never changes.

Signed-in staff of an organization that sees the asset (its own, or shared with it) and may view the registry
go to the asset's page, in that organization; anyone else gets a public page naming the asset and its
organization and saying how to report a problem on it (with a link to the citizen portal's report form when
the organization's portal is open).
Unknown tokens: 404. The public page shows no personal data: code, name, family, address, the organization
and its public contact.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views import View

from regie.core import tenancy
from regie.core.permissions import STAFF, can

from .models import Asset
from .models.assets import PUBLIC_ID_LENGTH

app_name = "shorturls"


def asset_page_url(asset):
    """The asset's page for staff."""
    return reverse("assets:asset-detail", args=[asset.pk])


def report_form_url(asset):
    """The citizen portal's report form for this asset (what its QR label is for), when the portal app is
    installed and the asset's organization's portal is open; else None. The registry's one link to the portal."""
    if not apps.is_installed("regie.portal"):
        return None
    from regie.portal.models import PortalSettings

    if not PortalSettings.for_org(asset.organization).enabled:
        return None
    return reverse("public:report", args=[asset.organization.slug]) + f"?asset={asset.public_id}"


def staff_membership(request, asset):
    """The caller's membership that may open the asset's page: in the organization holding it first, else in
    one it is shared with; None for residents, contractors and members who may not view the registry."""
    candidates = sorted(request.memberships, key=lambda m: m.organization_id != asset.organization_id)
    for membership in candidates:
        if membership.role not in STAFF or not can(membership.role, "asset.view"):
            continue
        if membership.organization_id == asset.organization_id:
            return membership
        if Asset.objects.for_org(membership.organization).filter(pk=asset.pk).exists():
            return membership
    return None


@method_decorator(login_not_required, name="dispatch")
class ShortURLView(View):
    """GET /a/<public_id> — public: the token names one asset; staff are sent on to its page."""

    http_method_names = ["get", "head"]
    tenant_exempt_reason = "public short URL of an asset (QR label): its token selects one asset and its organization"

    def get(self, request, public_id):
        if len(public_id) > 16:
            raise Http404
        asset = (
            Asset.objects.select_related("organization", "asset_type")
            .filter(public_id=public_id.lower(), archived_at__isnull=True, organization__archived_at__isnull=True)
            .first()
        )
        if asset is None:
            raise Http404
        if request.user.is_authenticated:
            membership = staff_membership(request, asset)
            if membership is not None:
                if membership.organization_id != getattr(request.organization, "pk", None):
                    tenancy.switch(request, membership.organization_id)
                return HttpResponseRedirect(asset_page_url(asset))
        context = {"asset": asset, "organization": asset.organization, "report_url": report_form_url(asset)}
        response = render(request, "assets/public_asset.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, max-age=300"
        return response


urlpatterns = [path("<str:public_id>", ShortURLView.as_view(), name="short-url")]

__all__ = ["PUBLIC_ID_LENGTH", "ShortURLView", "asset_page_url", "staff_membership"]
