"""Which portal an Open311 call is about: `jurisdiction_id` is an organization's slug (or its INSEE code); it may
be omitted on an instance that hosts one enabled portal, and on a POST whose application key names its
organization."""

from django.utils.translation import gettext as _

from regie.core.models import Organization

from ..models import PortalSettings
from .errors import Open311Error

MAX_LENGTH = 60


def enabled_portals():
    """The organizations whose portal is open (an organization that never saved settings has an open portal)."""
    closed = PortalSettings.objects.filter(enabled=False, archived_at__isnull=True).values("organization_id")
    return Organization.objects.filter(archived_at__isnull=True).exclude(pk__in=closed).order_by("pk")


def portal_for(jurisdiction_id, key=None):
    """The organization of the call (Open311Error 400 when it must be named, 404 when unknown or closed)."""
    return portal_and_settings(jurisdiction_id, key)[0]


def portal_and_settings(jurisdiction_id, key=None):
    """`portal_for`, and the portal's settings when they were read to check it is open (else None)."""
    value = (jurisdiction_id or "").strip()
    if not value:
        if key is not None:
            return key.organization, None
        only = list(enabled_portals()[:2])
        if len(only) == 1:
            return only[0], None
        raise Open311Error(400, _("jurisdiction_id is required: this server hosts several organizations."))
    found = None
    if key is not None and value == key.organization.slug:
        found = key.organization  # already read with the key
    elif len(value) <= MAX_LENGTH:
        found = Organization.objects.filter(slug=value, archived_at__isnull=True).first()
        if found is None and len(value) == 5:
            # an INSEE code names a commune; an inter-municipal body sharing it (its seat) comes second
            same = Organization.objects.filter(insee_code=value, archived_at__isnull=True).order_by("pk")
            found = same.filter(kind=Organization.Kind.COMMUNE).first() or same.first()
    portal_settings = PortalSettings.for_org(found) if found is not None else None
    if portal_settings is None or not portal_settings.enabled:
        raise Open311Error(404, _("jurisdiction_id “%(id)s” was not found.") % {"id": value[:MAX_LENGTH]})
    return found, portal_settings


def key_serves(key, organization):
    """An application key of an organization posts to its portal; a body's key to its member communes' too."""
    return key.organization_id in (organization.pk, organization.epci_id)
