from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regie.interventions.models import InterventionRequest, WorkOrder
from regie.notifications.models import Notification

RECORD_TYPES = {"request": InterventionRequest, "workorder": WorkOrder}


def note(user, organization, kind="message", record=None, read=False, title="", **fields):
    """A notification as `notify` writes it; `record` is ("request" | "workorder", id) or None."""
    link = {}
    if record is not None:
        model = RECORD_TYPES[record[0]]
        prefix = "DI" if record[0] == "request" else "BT"
        link = {
            "content_type": ContentType.objects.get_for_model(model),
            "object_id": record[1],
            "object_repr": f"{prefix}-2026-{record[1]:05d}",
        }
    return Notification.objects.create(
        organization=organization,
        recipient=user,
        kind=kind,
        title=title or f"{kind} {record}",
        read_at=timezone.now() if read else None,
        **link,
        **fields,
    )
