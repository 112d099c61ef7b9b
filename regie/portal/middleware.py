"""An organization's portal on its own host name (`PortalSettings.host_name`, e.g. signalement.ville.fr).

A request whose host (without its port) is the host name of an open portal is served by
`regie.portal.host_urls`: the residents' site at the root, the organization given by the host. The host must also
be listed in REGIE_ALLOWED_HOSTS (Django refuses unknown hosts before any of this).

The host → organization table is read once (one query) and kept in this process for `TTL` seconds; a saved
PortalSettings forgets it in the process that saved it (others see the change within `TTL`). Requests on any
other host cost no query then, and none at all when no portal has a host name. The instance's own host
(REGIE_BASE_URL's) and the loopback names are never a portal's (`hosts.instance_hosts`): they are served without
looking.
"""

import time

from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_save

from .hosts import instance_hosts

TTL = 30  # seconds
HOST_URLCONF = "regie.portal.host_urls"
_table = {"expires": 0.0, "hosts": {}}


def portal_hosts():
    """{host name: organization slug} of the open portals that have one."""
    if _table["expires"] < time.monotonic():
        from .models import PortalSettings

        rows = (
            PortalSettings.objects.filter(enabled=True, archived_at__isnull=True)
            .filter(organization__archived_at__isnull=True)
            .exclude(host_name="")
            .values_list("host_name", "organization__slug")
        )
        _table["hosts"] = dict(rows)
        _table["expires"] = time.monotonic() + TTL
    return _table["hosts"]


def forget_hosts(**_kwargs):
    _table["expires"] = 0.0


post_save.connect(forget_hosts, sender="portal.PortalSettings", dispatch_uid="portal-forget-hosts")


class PortalHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = request.get_host().rsplit(":", 1)[0].lower() if request.get_host() else ""
        except DisallowedHost:  # Django answers 400 itself
            host = ""
        hosts = portal_hosts() if host and host not in instance_hosts() else {}
        slug = hosts.get(host) if hosts else None
        if slug:
            request.urlconf = HOST_URLCONF
            request.portal_host_organization = slug
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = getattr(request, "portal_host_organization", None)
        if slug and view_kwargs.get("organization") == "":
            view_kwargs["organization"] = slug  # the host's organization, where /p/<slug>/ would have named it
        return None
