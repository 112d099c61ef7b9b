"""API of the regulatory inspections: `/api/v1/inspection-types/`, `/periodicity-rules/`, `/inspections/`,
`/inspection-observations/` (with their one-click request and lifting) and `/compliance/` (the compliance view's
rows, with the same predicate and filters as the page and the export). The report files go through
`/api/v1/attachments/` (record_type `maintenance.inspection`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from regie.core.api import (
    ORG_HEADER,
    READ_ONLY,
    ModelSerializer,
    TenantAPIMixin,
    TenantModelSerializer,
    TenantViewSet,
    record_viewset,
    tenant_schema,
)
from regie.core.filters import refuse_unknown_parameters

from . import compliance, inspection_selectors, inspection_services
from .inspection_forms import ComplianceFilterForm
from .models import Inspection, InspectionObligation, InspectionType, Observation, PeriodicityRule

InspectionTypeViewSet = record_viewset(
    InspectionType,
    "inspection",
    inspection_services.INSPECTION_TYPE_FIELDS,
    inspection_services.create_inspection_type,
    inspection_services.update_inspection_type,
    filters=["asset_kind", "code", "to_be_confirmed"],
    search=["code", "name", "legal_reference"],
    ordering=["name", "code", "periodicity"],
)
PeriodicityRuleViewSet = record_viewset(
    PeriodicityRule,
    "inspection",
    inspection_services.RULE_FIELDS,
    inspection_services.create_rule,
    inspection_services.update_rule,
    filters=["inspection_type"],
    ordering=["position", "months"],
)


class ObservationSerializer(TenantModelSerializer):
    request_number = serializers.CharField(source="request.number", read_only=True, default=None)

    class Meta:
        model = Observation
        fields = [
            "id", "inspection", "text", "severity", "request", "request_number", "lifted_at", "lifted_by",
            "lift_note", "created_at", "updated_at", "archived_at",
        ]  # fmt: skip
        read_only_fields = [*READ_ONLY, "request", "lifted_at", "lifted_by", "lift_note", "inspection"]


class ObservationInputSerializer(TenantModelSerializer):
    class Meta:
        model = Observation
        fields = ["inspection", "text", "severity"]
        extra_kwargs = {"inspection": {"required": True}}


class LiftSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=Observation._meta.get_field("lift_note").max_length)


class InspectionSerializer(TenantModelSerializer):
    is_open = serializers.BooleanField(read_only=True)
    observations = ObservationSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id", "number", *inspection_services.INSPECTION_FIELDS, "next_due_on", "closed_at", "is_open",
            "observations", "created_at", "updated_at", "archived_at",
        ]  # fmt: skip
        read_only_fields = [*READ_ONLY, "number", "next_due_on", "closed_at"]


class InspectionInputSerializer(TenantModelSerializer):
    class Meta:
        model = Inspection
        fields = list(inspection_services.INSPECTION_FIELDS)


class InspectionUpdateSerializer(TenantModelSerializer):
    class Meta:
        model = Inspection
        fields = list(inspection_services.EDITABLE_INSPECTION_FIELDS)


@tenant_schema
class InspectionViewSet(TenantViewSet):
    """Inspections of the current organization, with their observations. Report files: `/api/v1/attachments/`."""

    model = Inspection
    queryset = Inspection.objects.none()
    serializer_class = InspectionSerializer
    input_serializer_class = InspectionInputSerializer
    permission_resource = "inspection"
    filterset_fields = ["asset", "inspection_type", "outcome", "contractor"]
    search_fields = ["number", "inspector", "asset__name"]
    ordering_fields = ["inspected_on", "number"]
    ordering = ["-inspected_on"]

    def optimize(self, qs):
        return qs.select_related("asset", "inspection_type", "contractor").prefetch_related("observations__request")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return InspectionUpdateSerializer
        return super().get_serializer_class()

    def create_service(self, *, by, organization, data, m2m):
        return inspection_services.record_inspection(by=by, organization=organization, data=data)

    def update_service(self, obj, *, by, data, m2m):
        return inspection_services.update_inspection(obj, by=by, data=data)

    def archive_object(self, obj, reason):
        return inspection_services.archive_inspection(obj, by=self.request.user, reason=reason)

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        obj = inspection_services.restore_inspection(self._owned(), by=request.user)
        return self._respond(obj)


@tenant_schema
class ObservationViewSet(TenantViewSet):
    """Observations of the inspections; `request` turns one into a corrective request, `lift` lifts it by hand."""

    model = Observation
    queryset = Observation.objects.none()
    serializer_class = ObservationSerializer
    input_serializer_class = ObservationInputSerializer
    permission_resource = "inspection"
    filterset_fields = ["inspection", "severity", "request"]
    ordering_fields = ["id", "created_at"]
    ordering = ["id"]
    http_method_names = ["get", "post", "head", "options"]

    def optimize(self, qs):
        return qs.select_related("request")

    def create_service(self, *, by, organization, data, m2m):
        inspection = data["inspection"]
        return inspection_services.add_observation(inspection, by=by, text=data["text"], severity=data.get("severity"))

    def archive_object(self, obj, reason):
        return inspection_services.archive_observation(obj, by=self.request.user, reason=reason)

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        obj = inspection_services.restore_observation(self._owned(), by=request.user)
        return self._respond(obj)

    @extend_schema(request=None, responses={200: ObservationSerializer})
    @action(detail=True, methods=["post"], url_path="request")
    def file_request(self, request, pk=None):
        """One click: the observation becomes a corrective request (submitted), linked both ways."""
        request.data  # noqa: B018  (parsed: an oversized or malformed body is refused before anything is written)
        obj = inspection_services.create_corrective_request(self._owned(), by=request.user)
        return self._respond(obj)

    @extend_schema(request=LiftSerializer, responses={200: ObservationSerializer})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Lift the observation by hand, with a note; its inspection closes with its last observation."""
        serializer = LiftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = inspection_services.lift_observation(
            self._owned(), by=request.user, note=serializer.validated_data["note"]
        )
        return self._respond(obj)


class ComplianceSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=compliance.ComplianceStatus.choices, read_only=True)
    asset_code = serializers.CharField(source="asset.code", read_only=True)
    asset_name = serializers.CharField(source="asset.name", read_only=True)
    inspection_type_name = serializers.CharField(source="inspection_type.name", read_only=True)

    class Meta:
        model = InspectionObligation
        fields = [
            "id", "asset", "asset_code", "asset_name", "building", "inspection_type", "inspection_type_name",
            "periodicity", "periodicity_unit", "to_be_confirmed", "last_inspection", "last_inspected_on",
            "next_due_on", "open_inspections", "status",
        ]  # fmt: skip
        read_only_fields = fields


FILTERS = [
    OpenApiParameter("status", str, enum=[s.value for s in compliance.ComplianceStatus]),
    OpenApiParameter("inspection_type", int),
    OpenApiParameter("building", int, description="a building: what it owes and what its equipment owes"),
    OpenApiParameter("within", int, description="an asset (a site): what its subtree owes"),
    OpenApiParameter("q", str, description="part of the asset's code or name"),
]


@extend_schema_view(list=extend_schema(parameters=[ORG_HEADER, *FILTERS]))
class ComplianceViewSet(TenantAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Where each asset stands with each inspection it owes (the compliance view's rows, read only)."""

    model = InspectionObligation
    queryset = InspectionObligation.objects.none()
    serializer_class = ComplianceSerializer
    permission_resource = "inspection"
    filter_backends = []
    ordering = ["next_due_on", "id"]
    query_parameters = ("status", "inspection_type", "building", "within", "q")

    def get_queryset(self):
        if self.request.organization is None:
            return InspectionObligation.objects.none()
        if getattr(self, "action", None) == "list":
            refuse_unknown_parameters(self, self.request)
        form = ComplianceFilterForm(self.request.query_params or None, organization=self.request.organization)
        qs = inspection_selectors.compliance_rows(
            self.request.organization, query=self.request.query_params.get("q", ""), **form.cleaned()
        )
        return qs.order_by("next_due_on", "pk")
