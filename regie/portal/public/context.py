"""What every page of the residents' site starts from: the organization whose portal it is (by the path's slug, or
by the host name the request came on: `middleware.PortalHostMiddleware`), its settings, and the shared context."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from regie.core.models import Organization

from ..models import PortalSettings


def portal_of(slug):
    """The organization whose public site this is, with its settings (404 when unknown, archived or closed)."""
    if not slug or len(slug) > 60:
        raise Http404
    organization = Organization.objects.filter(slug=slug, archived_at__isnull=True).first()
    if organization is None:
        raise Http404
    portal_settings = PortalSettings.for_org(organization)
    if not portal_settings.enabled:
        raise Http404
    return organization, portal_settings


def open311_base_url(request=None):
    """Open311's base URL: on the portal's own host name when the request came on it (`PortalHostMiddleware`
    resolved it), else on the instance's (REGIE_BASE_URL). The scheme is the instance's."""
    path = reverse("open311:base")
    if request is not None and getattr(request, "portal_host_organization", None):
        return f"{urlsplit(settings.REGIE_BASE_URL).scheme}://{request.get_host()}{path}"
    return f"{settings.REGIE_BASE_URL}{path}"


@method_decorator(login_not_required, name="dispatch")
class PortalView(View):
    """Base of the residents' pages: public, outside the tenant mechanism (the path or host names the
    organization), never cached by shared caches, and never showing personal data."""

    tenant_exempt_reason = "the residents' public site: the path (or host name) selects the organization's portal"
    http_method_names = ["get", "head"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.organization, self.portal_settings = portal_of(kwargs.get("organization", ""))

    def context(self, **extra):
        return {
            "organization": self.organization,
            "portal_settings": self.portal_settings,
            "open311_base_url": open311_base_url(self.request),
            **extra,
        }

    def render(self, template, status=200, **extra):
        response = render(self.request, template, self.context(**extra), status=status)
        response["Cache-Control"] = "private, no-store" if self.request.method == "POST" else "private, max-age=0"
        return response
