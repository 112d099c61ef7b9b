"""Open311 application keys: created by an administrator (the clear key is returned once, only its hash is
kept), revoked at once, looked up by hash on every POST; their last use is written at most once a minute."""

from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict
from regie.core.prepared import PreparedQuery
from regie.core.services import lock, validate_record

from ..models import ApplicationKey, PortalSettings
from ..models.keys import KEY_PREFIX_LENGTH, hash_key, new_key

MAX_KEY_LENGTH = 200  # longer is not one of ours: refused without hashing
LAST_USED_EVERY = timedelta(minutes=1)


@transaction.atomic
def create_key(*, by, organization, name, contact_email="", requests_per_hour=1000, clear_key=None):
    """A new key of `organization`; returns (key, clear key). The clear key is never stored: shown once."""
    authorize(by, organization, "applicationkey.manage")
    clear = clear_key or new_key()
    key = ApplicationKey(
        organization=organization,
        name=name.strip(),
        contact_email=contact_email.strip(),
        requests_per_hour=requests_per_hour,
        prefix=clear[:KEY_PREFIX_LENGTH],
        key_hash=hash_key(clear),
    )
    validate_record(key)
    key.save()
    audit.record(
        key,
        action=audit.Action.CREATE,
        by=by,
        changes={
            "name": [None, key.name],
            "prefix": [None, key.prefix],
            "requests_per_hour": [None, key.requests_per_hour],
        },
    )
    return key, clear


@transaction.atomic
def revoke_key(key, *, by, reason=""):
    """Revoke a key: from now on its POSTs get 403. Revoking is final (create another key instead)."""
    authorize(by, key.organization, "applicationkey.manage")
    key = lock(key)
    if key.revoked_at is not None:
        raise Conflict(_("This key is already revoked."))
    key.revoked_at = timezone.now()
    key.revoked_by = by
    key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    changes = {"revoked_at": [None, key.revoked_at.isoformat()]}
    audit.record(key, action=audit.Action.UPDATE, by=by, changes=changes, reason=reason)
    return key


def _active_key_query(key_hash):
    own = PortalSettings.objects.filter(organization=OuterRef("organization_id"), archived_at__isnull=True)
    return (
        ApplicationKey.objects.filter(key_hash=key_hash, revoked_at__isnull=True, archived_at__isnull=True)
        .select_related("organization")
        .annotate(
            portal_enabled=Subquery(own.values("enabled")[:1]),
            portal_reports_per_hour=Subquery(own.values("reports_per_hour")[:1]),
        )[:1]
    )


_ACTIVE_KEY = PreparedQuery(_active_key_query, key_hash=str)  # every Open311 POST: compiled once per process


def active_key(clear):
    """The active key whose hash this is, with its organization and what an Open311 POST reads of that
    organization's portal settings (`portal_enabled`, `portal_reports_per_hour`: None when it never saved any),
    in one query; or None."""
    if not clear or len(clear) > MAX_KEY_LENGTH:
        return None
    found = _ACTIVE_KEY(key_hash=hash_key(clear))
    return found[0] if found else None


def mark_used(key):
    """Write `last_used_at` when it is older than a minute: one conditional UPDATE, no lock, no audit."""
    now = timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_EVERY:
        return
    ApplicationKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ).update(last_used_at=now)
