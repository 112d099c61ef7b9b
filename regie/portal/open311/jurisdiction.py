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
    return portal_and_limit(jurisdiction_id, key)[0]


def portal_and_limit(jurisdiction_id, key=None):
    """`portal_for`, and its portal's reports an hour per address or e-mail when they were read on the way (from
    the key's organization's settings read with the key, or those read to check the portal is open), else None."""
    value = (jurisdiction_id or "").strip()
    if not value:
        if key is not None:
            return key.organization, _key_portal(key)[1]
        only = list(enabled_portals()[:2])
        if len(only) == 1:
            return only[0], None
        raise Open311Error(400, _("jurisdiction_id is required: this server hosts several organizations."))
    found = enabled = per_hour = None
    if key is not None and value == key.organization.slug:
        found = key.organization  # already read with the key, and its settings with it
        enabled, per_hour = _key_portal(key)
    elif len(value) <= MAX_LENGTH:
        found = Organization.objects.filter(slug=value, archived_at__isnull=True).first()
        if found is None and len(value) == 5:
            # an INSEE code names a commune; an inter-municipal body sharing it (its seat) comes second
            same = Organization.objects.filter(insee_code=value, archived_at__isnull=True).order_by("pk")
            found = same.filter(kind=Organization.Kind.COMMUNE).first() or same.first()
        if found is not None:
            portal_settings = PortalSettings.for_org(found)
            enabled, per_hour = portal_settings.enabled, portal_settings.reports_per_hour
    if not enabled:
        raise Open311Error(404, _("jurisdiction_id “%(id)s” was not found.") % {"id": value[:MAX_LENGTH]})
    return found, per_hour


def _key_portal(key):
    """(open, reports an hour) of the key's organization's portal, as `keys.active_key` read them (the defaults
    of unsaved settings when the organization never saved any)."""
    if getattr(key, "portal_enabled", None) is None:
        defaults = PortalSettings(organization=key.organization)
        return defaults.enabled, defaults.reports_per_hour
    return key.portal_enabled, key.portal_reports_per_hour


def key_serves(key, organization):
    """An application key of an organization posts to its portal; a body's key to its member communes' too."""
    return key.organization_id in (organization.pk, organization.epci_id)
