"""`/api/v1/requests/`: intervention requests, their validation workflow, timeline and files."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from regie.assets.models import Asset
from regie.attachments.api import AttachmentSerializer
from regie.attachments.selectors import attachments_for
from regie.core.api import (
    ORG_HEADER,
    ModelSerializer,
    RecordField,
    TenantModelSerializer,
    TenantSerializerMixin,
    shows_money,
)
from regie.core.api_views import AuditEventSerializer
from regie.core.validators import REASON_LENGTH

from .. import selectors, services
from ..filters import RequestFilter
from ..models import Category, InterventionRequest, WorkOrder
from ..services.requests import EDITABLE_FIELDS
from ..workflow import REQUEST_TRANSITIONS, RequestState
from .common import (
    ERRORS,
    IF_UNMODIFIED_SINCE,
    PAGE_PARAMS,
    STEP_ERRORS,
    WRITE_ERRORS,
    AgentRef,
    AssetRef,
    BudgetLineRef,
    CategoryRef,
    ContractorRef,
    CostCodeRef,
    DepartmentRef,
    DetailMixin,
    ErrorSerializer,
    InterventionsViewSet,
    PriorityRef,
    TeamRef,
    UserRefSerializer,
    VersionField,
    expected_version,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Any unique string (≤ 128 characters): a retry with the same key returns the first request "
    "(200) instead of filing it twice (201).",
)
MAX_KEY = 128

# --- output ------------------------------------------------------------------------------------------------


class RequestSerializer(ModelSerializer):
    """A request as lists show it."""

    department = DepartmentRef(read_only=True, allow_null=True)
    category = CategoryRef(read_only=True)
    priority = PriorityRef(read_only=True)
    requester = UserRefSerializer(read_only=True)
    asset = AssetRef(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Open and past its due date (as `overdue`).")

    class Meta:
        model = InterventionRequest
        fields = [
            "id",
            "number",
            "title",
            "state",
            "channel",
            "department",
            "requester",
            "category",
            "priority",
            "asset",
            "location",
            "desired_date",
            "cost_code",
            "budget_line",
            "satisfaction",
            "submitted_at",
            "response_due_at",
            "resolution_due_at",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WorkOrderSummarySerializer(ModelSerializer):
    team = TeamRef(read_only=True, allow_null=True)
    contractor = ContractorRef(read_only=True, allow_null=True)
    agents = AgentRef(many=True, read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "title",
            "state",
            "execution",
            "team",
            "agents",
            "contractor",
            "planned_start",
            "planned_end",
            "completed_at",
        ]
        read_only_fields = fields


class RequestDetailSerializer(DetailMixin, RequestSerializer):
    """A request with its workflow (`allowed_transitions` for the caller), work orders, files and costs."""

    cost_code = CostCodeRef(read_only=True, allow_null=True)
    budget_line = BudgetLineRef(read_only=True, allow_null=True)
    first_approved_by = UserRefSerializer(read_only=True, allow_null=True)
    work_orders = WorkOrderSummarySerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "description",
            "latitude",
            "longitude",
            "estimated_amount",
            "validated_at",
            "first_approved_by",
            "approved_at",
            "responded_at",
            "done_at",
            "closed_at",
            "last_reason",
            "satisfaction_comment",
            "allowed_transitions",
            "can_edit",
            "work_orders",
            "attachments",
            "costs",
        ]
        read_only_fields = fields

    def get_can_edit(self, obj) -> bool:
        """Whether the caller may change it now (PATCH): the rule of `services.update_request`."""
        request = self.context["request"]
        return services.may_edit_request(obj, request.user, request.membership)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj):
        return AttachmentSerializer(attachments_for(obj, obj.organization), many=True).data


# Money inside audit changes: hidden from whom may not see the request's (hours × cost reveal pay rates);
# a time entry's rate and cost from whom may not see pay rates.
MONEY_CHANGES = {"labour_cost", "material_cost", "contractor_cost", "equipment_cost", "hourly_rate"}
MONEY_DETAILS = {"cost", "amount", "hourly_rate", "unit_cost"}
PAY_RATE_DETAILS = {"cost", "hourly_rate"}


def _without_money(value, hidden=MONEY_DETAILS):
    if isinstance(value, dict):
        return {k: _without_money(v, hidden) for k, v in value.items() if k not in hidden}
    if isinstance(value, list):
        return [_without_money(v, hidden) for v in value]
    return value


class TimelineEventSerializer(AuditEventSerializer):
    """An event of the request or of one of its work orders (`record_type` says which)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not shows_money(self.context):
            data["changes"] = {
                k: _without_money(v) for k, v in (data["changes"] or {}).items() if k not in MONEY_CHANGES
            }
        elif not shows_money(self.context, pay_rates=True) and "time" in (data["changes"] or {}):
            data["changes"] = {**data["changes"], "time": _without_money(data["changes"]["time"], PAY_RATE_DETAILS)}
        return data


class DuplicateSerializer(ModelSerializer):
    department = DepartmentRef(read_only=True, allow_null=True)

    class Meta:
        model = InterventionRequest
        fields = ["id", "number", "title", "state", "location", "asset", "department", "created_at"]
        read_only_fields = fields


# --- input -------------------------------------------------------------------------------------------------


class RequestCreateSerializer(TenantModelSerializer):
    submit = serializers.BooleanField(
        default=True, write_only=True, help_text="Submit at once (default) or keep a draft."
    )

    class Meta:
        model = InterventionRequest
        fields = [*EDITABLE_FIELDS, "submit"]
        extra_kwargs = {"priority": {"required": False, "allow_null": True}}


class RequestUpdateSerializer(TenantModelSerializer):
    version = VersionField()

    class Meta:
        model = InterventionRequest
        fields = [*EDITABLE_FIELDS, "version"]


class RequestTransitionSerializer(serializers.Serializer):
    # the system steps (following the work orders, an acknowledgement delay run out) are no user's
    transition = serializers.ChoiceField(choices=[(t.name, t.name) for t in REQUEST_TRANSITIONS if not t.system])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_LENGTH, default="")
    rating = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5, default=None, help_text="1–5, to close."
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=REASON_LENGTH, default="")
    expected_state = serializers.ChoiceField(
        choices=RequestState.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="The status you saw: if the request moved meanwhile, the answer is a 409.",
    )


class AttachmentUploadSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text="Photos (JPEG, PNG, WebP, HEIC) or PDF, 10 MB each at most.",
    )


class DuplicateQuerySerializer(TenantSerializerMixin, serializers.Serializer):
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    category = RecordField(queryset=Category.objects.all(), required=False, allow_null=True, default=None)
    asset = RecordField(
        queryset=Asset.objects.all(), required=False, allow_null=True, default=None,
        help_text="An asset: its open requests are similar whatever their category.",
    )  # fmt: skip
    exclude = serializers.IntegerField(required=False, help_text="A request to leave out (the one being edited).")

    def validate(self, attrs):
        if attrs.get("category") is None and attrs.get("asset") is None:  # a place alone says too little
            raise serializers.ValidationError({"category": [_("Give the category, or an asset.")]})
        return attrs


# --- the viewset -------------------------------------------------------------------------------------------


@extend_schema(parameters=[ORG_HEADER])
class RequestViewSet(InterventionsViewSet):
    """Intervention requests: requesters and department heads see their department's, technical services all.

    There is no DELETE: a request is cancelled (or rejected) through its workflow.
    """

    model = InterventionRequest
    queryset = InterventionRequest.objects.none()
    serializer_class = RequestSerializer
    output_detail_serializer = RequestDetailSerializer
    filterset_class = RequestFilter
    ordering_fields = ["created_at", "number", "submitted_at", "resolution_due_at", "priority__rank", "state"]
    permission_resource = "request"
    permission_actions = {
        "create": "request.create",
        "partial_update": "request.create",
        "transitions": "request.view",
        "attachments": "request.view",
        "duplicates": "request.view",
    }

    detail_selector = staticmethod(selectors.request_detail)
    allowed_transitions = staticmethod(services.allowed_request_transitions)

    def get_queryset(self):
        return selectors.request_list(self.organization, self.request.membership)

    @extend_schema(responses=RequestSerializer(many=True))
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return self.paginated(queryset, RequestSerializer)

    @extend_schema(responses={200: RequestDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        return self.respond_detail(pk)

    @extend_schema(
        request=RequestCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: RequestDetailSerializer,
            200: OpenApiResponse(RequestDetailSerializer, description="A retry: the request filed the first time."),
            **WRITE_ERRORS,
        },
    )
    def create(self, request):
        key = (request.headers.get("Idempotency-Key") or "").strip() or None
        if key is not None and len(key) > MAX_KEY:
            raise exceptions.ValidationError({"Idempotency-Key": [_("At most 128 characters.")]})
        data = self.valid(RequestCreateSerializer)
        submit = data.pop("submit")
        obj, created = services.create_request(
            by=request.user,
            organization=self.organization,
            data=data,
            submit=submit,
            idempotency_key=key,
            channel=InterventionRequest.Channel.API,
        )
        return self.respond_detail(obj.pk, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=RequestUpdateSerializer,
        parameters=[IF_UNMODIFIED_SINCE],
        responses={200: RequestDetailSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        obj = self.get_object()
        data = self.valid(RequestUpdateSerializer, partial=True)
        version = expected_version(request, data.pop("version", None))
        services.update_request(obj, by=request.user, data=data, expected_updated_at=version)
        return self.respond_detail(obj.pk)

    @extend_schema(
        request=RequestTransitionSerializer,
        responses={200: RequestDetailSerializer, **STEP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        """Take a workflow step: submit, validate, approve, reject, cancel, plan, start, hold, resume, complete,
        close (with a `rating`), reopen. Steps that need one take a `reason`."""
        return self.take_step(RequestTransitionSerializer, services.transition_request)

    @extend_schema(responses={200: TimelineEventSerializer(many=True), 404: ErrorSerializer}, parameters=PAGE_PARAMS)
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        """Who did what and when, on the request and on its work orders, newest first."""
        obj = self.get_object()
        events = selectors.request_timeline(obj, self.organization)
        return self.paginated(events, TimelineEventSerializer, money_record=obj)

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser], pagination_class=None)
    def attachments(self, request, pk=None):
        """Upload photos or documents (multipart, field `files`, repeated): photos decoded and re-encoded, PDFs
        parsed (see also `/api/v1/attachments/`, which takes files for any record)."""
        obj = self.get_object()
        data = self.valid(AttachmentUploadSerializer)
        saved = services.add_attachments(obj, by=request.user, files=data["files"])
        return Response(AttachmentSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[DuplicateQuerySerializer], responses={200: DuplicateSerializer(many=True), **ERRORS})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def duplicates(self, request):
        """Open requests on the same asset, or for the same place and category: shown before filing a new one."""
        query = self.valid(DuplicateQuerySerializer, data=request.query_params)
        rows = selectors.duplicate_candidates(
            self.organization,
            location=query["location"],
            category=query["category"],
            asset=query["asset"],
            exclude_pk=query.get("exclude"),
        )
        return Response(DuplicateSerializer(rows, many=True).data)
