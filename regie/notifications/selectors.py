"""Reads of the notification centre: one user's notifications in one organization, filtered, grouped by record.

Every query here starts from `notifications_of(user, organization)`: nobody reads another person's
notifications, nor their own from another organization, through the page or the API.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber

from regie.core.prepared import PreparedQuery

from .models import Notification

GROUP_PREVIEW = 5  # notifications shown inside an opened group; the rest are one link away


def notifications_of(user, organization):
    """The notification centre of `user` in `organization`, newest first."""
    return Notification.objects.filter(recipient=user, organization=organization).order_by("-created_at", "-id")


def _unread_count(user_id, organization_id):
    unread = notifications_of(user_id, organization_id).filter(read_at__isnull=True)
    return unread.order_by().values("recipient_id").annotate(n=Count("id")).values_list("n", flat=True)


_UNREAD_COUNT = PreparedQuery(_unread_count, user_id=int, organization_id=int)  # every page's header


def unread_notification_count(user, organization):
    """One COUNT served by the (recipient, organization, read_at) index: the header's badge (no row: none)."""
    found = _UNREAD_COUNT(user_id=user.pk, organization_id=organization.pk)
    return found[0] if found else 0


def filter_notifications(queryset, *, unread=None, kind="", record_type=None, record=None):
    """The centre's filters, for the page, the API and "mark these as read" alike.

    `unread`: True only unread, False only read, None both; `kind`: a kind's slug; `record_type`: a model
    (the records of that type), with `record`: one record's id.
    """
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    if kind:
        queryset = queryset.filter(kind=kind)
    if record_type is not None:
        queryset = queryset.filter(content_type=ContentType.objects.get_for_model(record_type))
        if record is not None:
            queryset = queryset.filter(object_id=record)
    return queryset


def groups_of(queryset):
    """One row per record (content_type, object_id): how many notifications, how many unread, the newest first.

    Notifications without a record make one group of their own.
    """
    return (
        queryset.order_by()
        .values("content_type", "object_id")
        .annotate(
            count=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
            latest=Max("created_at"),
            latest_id=Max("id"),
            label=Max("object_repr"),
        )
        .order_by("-latest", "-latest_id")
    )


def group_previews(queryset, groups, size=GROUP_PREVIEW):
    """{(content_type, object_id): [its newest `size` notifications]} for these groups, in one query."""
    if not groups:
        return {}
    which = Q()
    for group in groups:
        if group["content_type"] is None:
            which |= Q(content_type__isnull=True)
        else:
            which |= Q(content_type=group["content_type"], object_id=group["object_id"])
    rank = Window(
        RowNumber(), partition_by=[F("content_type"), F("object_id")], order_by=[F("created_at").desc(), F("id").desc()]
    )
    rows = queryset.filter(which).annotate(rank=rank).filter(rank__lte=size).order_by("-created_at", "-id")
    previews = {}
    for row in rows:
        previews.setdefault((row.content_type_id, row.object_id), []).append(row)
    return previews
