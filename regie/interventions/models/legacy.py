"""What old migrations still refer to."""

from django.utils import timezone


def attachment_path(instance, filename):
    """Where the former interventions attachments were stored (kept: migration 0001 refers to it)."""
    import uuid
    from pathlib import Path

    suffix = Path(filename).suffix.lower()[:10]
    return f"org-{instance.organization_id}/interventions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"
