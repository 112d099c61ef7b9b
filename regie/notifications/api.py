"""`/api/v1/notifications/`: the caller's notification centre in the current organization, unread first.

The same filters as the page (`filters.NotificationFilter`: unread, kind, record type, record); "read-all"
marks what they select.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.core.api import ORG_HEADER, ModelSerializer, TenantAPIMixin

from . import selectors, services
from .filters import NotificationFilter
from .models import Notification


@extend_schema_field(OpenApiTypes.STR)
class RecordTypeField(serializers.Field):
    """The record type as "app_label.model" (the `record_type` filter's values), or null."""

    def to_representation(self, content_type):
        return f"{content_type.app_label}.{content_type.model}"


class NotificationSerializer(ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    record_type = RecordTypeField(source="content_type", read_only=True, allow_null=True)
    record = serializers.IntegerField(source="object_id", read_only=True, allow_null=True)
    record_label = serializers.CharField(source="object_repr", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "record_type",
            "record",
            "record_label",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields


READ_ALL_PARAMS = [
    OpenApiParameter("kind", str, description="Only the notifications of this kind."),
    OpenApiParameter("record_type", str, description='Only those about records of this type ("app_label.model").'),
    OpenApiParameter("record", int, description="Only those about this record (its id; with `record_type`)."),
]


@extend_schema(parameters=[ORG_HEADER])
class NotificationViewSet(TenantAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A notification belongs to its recipient: anybody else's does not exist for the caller (404)."""

    model = Notification
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    permission_resource = "notification"
    permission_actions = {"read": "notification.view", "read_all": "notification.view"}

    def get_queryset(self):
        unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
        return (
            selectors.notifications_of(self.request.user, self.request.organization)
            .select_related("content_type")
            .annotate(unread=unread)
            .order_by("-unread", "-created_at", "-id")
        )

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification as read."""
        return Response(NotificationSerializer(services.mark_read(self.get_object(), by=request.user)).data)

    @extend_schema(
        request=None,
        parameters=READ_ALL_PARAMS,
        responses={200: inline_serializer("NotificationsRead", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        """Mark the caller's unread notifications in this organization as read: all, or those the filters select
        (`kind`, `record_type`, `record`)."""
        filterset = self.filterset_class(request.query_params, queryset=Notification.objects.none(), request=request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        values = filterset.clean_values()
        values.pop("unread")
        return Response({"marked": services.mark_all_read(by=request.user, organization=self.organization, **values)})
