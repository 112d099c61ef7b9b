"""`/api/v1/notifications/`: the caller's notification centre in the current organization, unread first."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.core.api import ORG_HEADER, TenantAPIMixin

from .. import selectors
from ..filters import NotificationFilter
from ..models import Notification
from ..services.notifications import mark_all_read, mark_read
from .common import ERRORS


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


@extend_schema(parameters=[ORG_HEADER])
class NotificationViewSet(TenantAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A notification belongs to its recipient: anybody else's does not exist for the caller (404)."""

    model = Notification
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter
    permission_resource = "notification"
    permission_actions = {"read": "notification.view", "read_all": "notification.view"}

    def get_queryset(self):
        unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
        return (
            selectors.notifications_of(self.request.user, self.request.organization)
            .annotate(unread=unread)
            .order_by("-unread", "-created_at", "-id")
        )

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification as read."""
        return Response(NotificationSerializer(mark_read(self.get_object(), by=request.user)).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("NotificationsRead", {"marked": serializers.IntegerField()}), **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        """Mark all the caller's notifications in this organization as read."""
        return Response({"marked": mark_all_read(by=request.user, organization=self.organization)})
