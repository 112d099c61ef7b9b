"""Small helpers shared by the core and people tests."""

from django.contrib.contenttypes.models import ContentType

from regie.core.models import AuditEvent


def events_of(obj):
    """The audit events of one record, oldest first."""
    return list(
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk).order_by(
            "at", "id"
        )
    )
