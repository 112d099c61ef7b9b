"""Rate limits of the public channels: reports an hour per client address, per e-mail and per application key.

Counters live in the cache (Redis in production, shared by every worker; a per-process memory cache on a single
machine), one key per scope and hour. Addresses and e-mails are hashed with the secret key before they become a
key: the cache holds no personal data, and nothing of them reaches the logs.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.exceptions import DomainError

WINDOW = 3600


class Throttled(DomainError):
    status = 429
    code = "too_many_requests"
    default_message = _("Too many reports in a short time: please try again in an hour.")


def fingerprint(value: str) -> str:
    """A keyed hash of an address or e-mail (never stored in clear)."""
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _key(scope, value):
    hour = int(timezone.now().timestamp()) // WINDOW
    return f"portal:rate:{scope}:{fingerprint(str(value))}:{hour}"


def hit(scope, value, limit):
    """Count one more use of `value` in `scope` this hour; refuse (Throttled) beyond `limit`."""
    if not value:
        return
    key = _key(scope, value)
    cache.add(key, 0, WINDOW + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW + 60)
        count = 1
    if count > limit:
        raise Throttled()


def client_address(request):
    """The caller's address: REMOTE_ADDR (a reverse proxy in front sets it with its own trusted configuration)."""
    return request.META.get("REMOTE_ADDR", "")
