"""The host names that are never a portal's own: the model refuses them as a portal's `host_name`, and the host
middleware serves them without looking a portal up."""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings


@cache
def instance_hosts():
    """Host names that never are a portal's own: the instance's (REGIE_BASE_URL) and the loopback names."""
    return frozenset(
        {urlsplit(settings.REGIE_BASE_URL).hostname or "", "localhost", "127.0.0.1", "[::1]", "testserver"}
    )
