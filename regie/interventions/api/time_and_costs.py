"""Time entries and cost lines of a work order: `/api/v1/work-orders/{id}/time-entries/` and `/cost-lines/`.

Amounts (rates, costs) are shown to whom `core.permissions.may_see_money` says, for the work order: hours × cost
would reveal pay rates.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.core.api import ModelSerializer, MoneyHidingMixin, RecordField, TenantSerializerMixin
from regie.core.validators import REASON_LENGTH
from regie.people.models import Agent

from .. import services
from ..models import CostLine, TimeEntry
from .common import ERRORS, PAGE_PARAMS, WRITE_ERRORS, AgentRef, UserRefSerializer, path_id

ENTRY_ID = path_id("entry_id", "A time entry of this work order.")
LINE_ID = path_id("line_id", "A cost line of this work order.")

# --- output ------------------------------------------------------------------------------------------------


class TimeEntrySerializer(MoneyHidingMixin, ModelSerializer):
    agent = AgentRef(read_only=True)
    recorded_by = UserRefSerializer(read_only=True)
    hourly_rate = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True, allow_null=True)
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    money_fields = ("hourly_rate", "cost")  # hours × rate: a pay rate
    pay_rates = True

    class Meta:
        model = TimeEntry
        fields = ["id", "agent", "date", "hours", "hourly_rate", "cost", "note", "recorded_by", "created_at"]
        read_only_fields = fields


class CostLineSerializer(MoneyHidingMixin, ModelSerializer):
    recorded_by = UserRefSerializer(read_only=True)
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    money_fields = ("unit_cost", "amount")

    class Meta:
        model = CostLine
        fields = [
            "id",
            "kind",
            "label",
            "date",
            "quantity",
            "unit",
            "unit_cost",
            "amount",
            "reference",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


# --- input -------------------------------------------------------------------------------------------------


class TimeEntryInputSerializer(TenantSerializerMixin, ModelSerializer):
    """The model's fields with their bounds; the date is also within the organization's horizon (service)."""

    agent = RecordField(
        queryset=Agent.objects.all(), required=False, help_text="Default: the caller's own agent record."
    )

    class Meta:
        model = TimeEntry
        fields = ["agent", "date", "hours", "note"]
        extra_kwargs = {
            "date": {"help_text": "Not in the future, nor older than the organization's horizon (365 days)."}
        }

    def validate(self, attrs):
        if "agent" not in attrs:
            request = self.context["request"]
            own = Agent.objects.owned_by(request.organization).active().filter(user=request.user).first()
            if own is None:
                raise serializers.ValidationError({"agent": [_("This field is required.")]})
            attrs["agent"] = own
        return attrs


class CostLineInputSerializer(ModelSerializer):
    class Meta:
        model = CostLine
        fields = ["kind", "label", "date", "quantity", "unit", "unit_cost", "reference"]


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_LENGTH, default="")


# --- the endpoints (mixed into WorkOrderViewSet) -----------------------------------------------------------


class TimeAndCostsMixin:
    """Sub-resources of a work order; `get_object()` is the visible work order (404 otherwise)."""

    def money_context(self, work_order):
        return {**self.get_serializer_context(), "money_record": work_order}

    @extend_schema(responses={200: TimeEntrySerializer(many=True), **ERRORS}, parameters=PAGE_PARAMS)
    @action(detail=True, methods=["get"], url_path="time-entries")
    def time_entries(self, request, pk=None):
        """Hours recorded on the work order (rates and costs for whom may see the work order's money)."""
        work_order = self.get_object()
        entries = work_order.time_entries.active().select_related("agent", "recorded_by")
        return self.paginated(entries, TimeEntrySerializer, money_record=work_order)

    @extend_schema(request=TimeEntryInputSerializer, responses={201: TimeEntrySerializer, **WRITE_ERRORS})
    @time_entries.mapping.post
    def record_time(self, request, pk=None):
        """Record hours of an agent (agents: their own) at the agent's rate of the day."""
        work_order = self.get_object()
        entry = services.record_time(by=request.user, work_order=work_order, **self.valid(TimeEntryInputSerializer))
        return Response(
            TimeEntrySerializer(entry, context=self.money_context(work_order)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=CancelSerializer, parameters=[ENTRY_ID], responses={200: TimeEntrySerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"], url_path=r"time-entries/(?P<entry_id>\d+)/cancel")
    def cancel_time_entry(self, request, pk=None, entry_id=None):
        """Take a mistaken time entry out (it stays in the audit trail)."""
        work_order = self.get_object()
        entry = get_object_or_404(TimeEntry.objects.active(), work_order=work_order, pk=entry_id)
        entry = services.cancel_time_entry(entry, by=request.user, reason=self.valid(CancelSerializer)["reason"])
        return Response(TimeEntrySerializer(entry, context=self.money_context(work_order)).data)

    # --- cost lines --------------------------------------------------------------------------------------------

    @extend_schema(responses={200: CostLineSerializer(many=True), **ERRORS}, parameters=PAGE_PARAMS)
    @action(detail=True, methods=["get"], url_path="cost-lines")
    def cost_lines(self, request, pk=None):
        """Materials, contractor invoices, vehicles and equipment charged to the work order."""
        work_order = self.get_object()
        lines = work_order.cost_lines.active().select_related("recorded_by")
        return self.paginated(lines, CostLineSerializer, money_record=work_order)

    @extend_schema(request=CostLineInputSerializer, responses={201: CostLineSerializer, **WRITE_ERRORS})
    @cost_lines.mapping.post
    def add_cost_line(self, request, pk=None):
        """Charge a cost (contractors: their invoices only)."""
        work_order = self.get_object()
        line = services.add_cost_line(by=request.user, work_order=work_order, **self.valid(CostLineInputSerializer))
        return Response(
            CostLineSerializer(line, context=self.money_context(work_order)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=CancelSerializer, parameters=[LINE_ID], responses={200: CostLineSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"cost-lines/(?P<line_id>\d+)/cancel")
    def cancel_cost_line(self, request, pk=None, line_id=None):
        """Take a mistaken cost line out (it stays in the audit trail)."""
        work_order = self.get_object()
        line = get_object_or_404(CostLine.objects.active(), work_order=work_order, pk=line_id)
        line = services.cancel_cost_line(line, by=request.user, reason=self.valid(CancelSerializer)["reason"])
        return Response(CostLineSerializer(line, context=self.money_context(work_order)).data)
