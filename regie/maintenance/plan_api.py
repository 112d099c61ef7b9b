"""The plans' API (`/api/v1/maintenance-plans/`): list, retrieve, create, update, archive, restore through the
plan services; the checklist as a list of tasks; a plan's occurrences and next ones; skip and postpone."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.assets.models import Asset
from regie.core.api import (
    ModelSerializer,
    RecordField,
    TenantModelSerializer,
    TenantSerializerMixin,
    TenantViewSet,
    tenant_schema,
)
from regie.interventions.models import MAX_TASKS

from . import plan_selectors, plan_services
from .models import MaintenancePlan, Occurrence, PlanTask
from .plan_filters import PlanFilter
from .plan_services import PLAN_FIELDS


class PlanTaskSerializer(ModelSerializer):
    class Meta:
        model = PlanTask
        fields = ["label", "measurement", "unit"]


class PlanSerializer(TenantModelSerializer):
    tasks = PlanTaskSerializer(many=True, read_only=True)
    next_due = serializers.DateField(read_only=True, allow_null=True)
    overdue = serializers.IntegerField(read_only=True)

    class Meta:
        model = MaintenancePlan
        fields = ["id", *PLAN_FIELDS, "required_skills", "tasks", "next_due", "overdue", "created_at",
                  "updated_at", "archived_at"]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at", "archived_at"]


class PlanInputSerializer(TenantModelSerializer):
    tasks = serializers.ListField(child=PlanTaskSerializer(), max_length=MAX_TASKS, required=False)

    class Meta:
        model = MaintenancePlan
        fields = [*PLAN_FIELDS, "required_skills", "tasks"]
        extra_kwargs = {"rule": {"required": False}}


class OccurrenceSerializer(ModelSerializer):
    work_order_number = serializers.CharField(source="work_order.number", read_only=True, allow_null=True)
    work_order_state = serializers.CharField(source="work_order.state", read_only=True, allow_null=True)

    class Meta:
        model = Occurrence
        fields = ["id", "asset", "scheduled_on", "due_on", "status", "trigger", "meter_threshold", "work_order",
                  "work_order_number", "work_order_state", "reason"]  # fmt: skip


class UpcomingSerializer(serializers.Serializer):
    asset = serializers.IntegerField(source="asset.pk")
    due_on = serializers.DateField(source="due.scheduled_on")
    trigger = serializers.CharField(source="due.trigger")
    estimated = serializers.BooleanField(source="due.estimated")
    generated_on = serializers.DateField()


class SkipSerializer(TenantSerializerMixin, serializers.Serializer):
    asset = RecordField(queryset=Asset.objects.all())
    scheduled_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class PostponeSerializer(SkipSerializer):
    due_on = serializers.DateField()


@tenant_schema
class PlanViewSet(TenantViewSet):
    """Preventive maintenance plans of the current organization."""

    model = MaintenancePlan
    queryset = MaintenancePlan.objects.none()
    serializer_class = PlanSerializer
    input_serializer_class = PlanInputSerializer
    permission_resource = "maintenanceplan"
    create_service = staticmethod(plan_services.create_plan)
    update_service = staticmethod(plan_services.update_plan)
    filterset_class = PlanFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id", "starts_on"]
    ordering = ["name"]

    def get_serializer_class(self):
        return {"skip": SkipSerializer, "postpone": PostponeSerializer}.get(
            self.action
        ) or super().get_serializer_class()

    def optimize(self, qs):
        return plan_selectors.annotated(qs).prefetch_related("tasks", "required_skills")

    @extend_schema(responses=OccurrenceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def occurrences(self, request, pk=None):
        """The plan's occurrences, newest first (at most 200)."""
        rows = plan_selectors.plan_occurrences(self.get_object())[:200]
        return Response(OccurrenceSerializer(rows, many=True).data)

    @extend_schema(responses=UpcomingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def upcoming(self, request, pk=None):
        """The plan's next occurrences over its assets, as its schedule says today."""
        return Response(UpcomingSerializer(plan_selectors.upcoming(self.get_object()), many=True).data)

    @extend_schema(request=SkipSerializer, responses=OccurrenceSerializer)
    @action(detail=True, methods=["post"])
    def skip(self, request, pk=None):
        """Skip one occurrence (a reason required): its work order, if not started, is cancelled."""
        return self._on_occurrence(SkipSerializer, plan_services.skip_occurrence)

    @extend_schema(request=PostponeSerializer, responses=OccurrenceSerializer)
    @action(detail=True, methods=["post"])
    def postpone(self, request, pk=None):
        """Postpone one occurrence to a later due date (a reason required)."""
        return self._on_occurrence(PostponeSerializer, plan_services.postpone_occurrence)

    def _on_occurrence(self, serializer_class, service):
        """Check the plan is the organization's own, then the body, then call `service` on the occurrence."""
        plan = self._owned()
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = {**serializer.validated_data}
        data["asset_id"] = data.pop("asset").pk
        occurrence = service(plan, by=self.request.user, **data)
        return Response(OccurrenceSerializer(occurrence).data, status=status.HTTP_200_OK)
