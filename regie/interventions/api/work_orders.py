"""`/api/v1/work-orders/`: work orders, their life cycle, planning, checklist, time entries and cost lines."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from regie.attachments import signature
from regie.core.api import (
    ORG_HEADER,
    ErrorSerializer,
    ModelSerializer,
    TenantModelSerializer,
    declare_field_error_code,
    shows_money,
)
from regie.core.api_defaults import JSONParser
from regie.core.permissions import Role
from regie.core.validators import MAX_AMOUNT, NAME_LENGTH, REASON_LENGTH, REPORT_LENGTH
from regie.people.models import Agent

from .. import selectors, services
from ..filters import WorkOrderFilter
from ..models import MAX_TASKS, InterventionRequest, WorkOrder, WorkOrderTask
from ..services.work_orders import EDITABLE_FIELDS, M2M_FIELDS, SKILL_MISSING
from ..site_contact import site_contact
from ..workflow import WORK_ORDER_TRANSITIONS, WorkOrderState
from .common import (
    ERRORS,
    IF_UNMODIFIED_SINCE,
    STEP_ERRORS,
    WRITE_ERRORS,
    AgentRef,
    AssetRef,
    CategoryRef,
    ContractorRef,
    CostCodeRef,
    DepartmentRef,
    DetailMixin,
    InterventionsViewSet,
    PriorityRef,
    SkillRef,
    TeamRef,
    UserRefSerializer,
    VersionField,
    expected_version,
    path_id,
)
from .time_and_costs import TimeAndCostsMixin

# --- output ------------------------------------------------------------------------------------------------


class WorkOrderSerializer(ModelSerializer):
    """A work order as lists and calendars show it."""

    category = CategoryRef(read_only=True)
    priority = PriorityRef(read_only=True)
    department = DepartmentRef(read_only=True, allow_null=True)
    team = TeamRef(read_only=True, allow_null=True)
    contractor = ContractorRef(read_only=True, allow_null=True)
    agents = AgentRef(many=True, read_only=True)
    asset = AssetRef(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Open and past its due date (as `overdue`).")

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "title",
            "state",
            "kind",
            "request",
            "category",
            "priority",
            "department",
            "asset",
            "location",
            "execution",
            "team",
            "agents",
            "contractor",
            "planned_start",
            "planned_end",
            "estimated_hours",
            "cost_code",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RequestRefSerializer(ModelSerializer):
    class Meta:
        model = InterventionRequest
        fields = ["id", "number", "title", "state"]
        read_only_fields = fields


class TaskSerializer(ModelSerializer):
    class Meta:
        model = WorkOrderTask
        fields = ["id", "position", "label", "done", "done_at", "measurement", "unit", "value", "passed", "measured_at"]
        read_only_fields = fields


class QuoteSerializer(serializers.Serializer):
    """The contractor's quote (devis) of a work order that asks for one."""

    required = serializers.BooleanField(source="quote_required")
    status = serializers.ChoiceField(source="quote_status", choices=WorkOrder.QuoteStatus.choices)
    amount = serializers.DecimalField(
        source="quote_amount",
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="For whom sees the work order's money, and its contractor.",
    )
    document = serializers.IntegerField(
        source="quote_document_id",
        allow_null=True,
        help_text="The attachment holding the quote's PDF: `/api/v1/attachments/{id}/download/`.",
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        membership = getattr(self.context.get("request"), "membership", None)
        contractor = membership is not None and membership.role == Role.CONTRACTOR  # their own: the only they see
        if not (contractor or shows_money(self.context, instance)):
            data["amount"] = None
        return data


class SignatureSerializer(serializers.Serializer):
    """The signature the work order was completed with, when it asks for one (`signature_required`)."""

    required = serializers.BooleanField(source="signature_required")
    signed_by_name = serializers.CharField(help_text="The name the signer typed; empty until signed.")
    signed_at = serializers.DateTimeField(allow_null=True)
    image = serializers.IntegerField(
        source="signature_id",
        allow_null=True,
        help_text="The attachment holding the PNG: `/api/v1/attachments/{id}/download/`.",
    )


class SiteContactSerializer(serializers.Serializer):
    """Whom to call on site: the requester of the work order's request."""

    name = serializers.CharField()
    phone = serializers.CharField(help_text="Empty when unknown.")
    email = serializers.CharField(help_text="Empty when unknown.")


class WorkOrderDetailSerializer(DetailMixin, WorkOrderSerializer):
    """A work order with its checklist, skills, `allowed_transitions` for the caller, costs, quote and site
    contact."""

    quote = QuoteSerializer(source="*", read_only=True)
    signature = SignatureSerializer(source="*", read_only=True)
    request = RequestRefSerializer(read_only=True, allow_null=True)
    cost_code = CostCodeRef(read_only=True, allow_null=True)
    required_skills = SkillRef(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    site_contact = serializers.SerializerMethodField(
        help_text="Whom to call on site (the request's requester): for the staff who see requests and the "
        "contractor given the work order; null without a request."
    )

    class Meta(WorkOrderSerializer.Meta):
        fields = [
            *WorkOrderSerializer.Meta.fields,
            "description",
            "required_skills",
            "tasks",
            "started_at",
            "completed_at",
            "closed_at",
            "report",
            "first_visit_fix",
            "follow_up_needed",
            "last_reason",
            "created_by",
            "allowed_transitions",
            "costs",
            "quote",
            "signature",
            "site_contact",
        ]
        read_only_fields = fields

    @extend_schema_field(SiteContactSerializer(allow_null=True))
    def get_site_contact(self, obj):
        contact = site_contact(obj, getattr(self.context.get("request"), "membership", None))
        return None if contact is None else SiteContactSerializer(contact).data


class AgentSuggestionSerializer(ModelSerializer):
    team = TeamRef(read_only=True, allow_null=True)
    week_load = serializers.IntegerField(read_only=True, help_text="Work orders planned for them that week.")

    class Meta:
        model = Agent
        fields = ["id", "employee_number", "first_name", "last_name", "team", "week_load"]
        read_only_fields = fields


# --- input -------------------------------------------------------------------------------------------------


# Assigning agents who lack a required skill, without a reason: the body's code is `skill_missing`.
declare_field_error_code(SKILL_MISSING)
ASSIGNMENT_ERRORS = {
    **WRITE_ERRORS,
    400: OpenApiResponse(
        ErrorSerializer,
        description=f"Invalid input (`invalid`, field errors in `fields`), or `{SKILL_MISSING}`:"
        " agents lacking one of the `required_skills` are assigned without a `skill_override_reason`; `fields.agents`"
        " names who lacks which skill. Send the reason to assign them anyway.",
    ),
}


def skill_override_reason():
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        max_length=REASON_LENGTH,
        help_text=(
            "Why agents who lack one of the `required_skills` are assigned anyway. Without it, such an assignment "
            "is refused (400 `skill_missing`, `fields.agents` names who lacks which skill); with it, it is made and "
            "the reason is kept in the work order's history. Gaps the work order already had ask for nothing."
        ),
    )


class WorkOrderCreateSerializer(TenantModelSerializer):
    tasks = serializers.ListField(
        child=serializers.CharField(max_length=WorkOrderTask._meta.get_field("label").max_length),
        required=False,
        default=list,
        max_length=MAX_TASKS,
        help_text="The checklist.",
    )
    skill_override_reason = skill_override_reason()

    class Meta:
        model = WorkOrder
        fields = ["request", *EDITABLE_FIELDS, *M2M_FIELDS, "tasks", "skill_override_reason"]
        extra_kwargs = {
            "request": {"help_text": "An approved request: the work order inherits what it says."},
            "title": {"required": False},
            "category": {"required": False},
            "priority": {"required": False},
        }


class WorkOrderUpdateSerializer(TenantModelSerializer):
    version = VersionField()
    skill_override_reason = skill_override_reason()

    class Meta:
        model = WorkOrder
        fields = [*EDITABLE_FIELDS, *M2M_FIELDS, "version", "skill_override_reason"]


class WorkOrderTransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=[(t.name, t.name) for t in WORK_ORDER_TRANSITIONS if not t.system])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_LENGTH, default="")
    report = serializers.CharField(
        required=False, allow_blank=True, max_length=REPORT_LENGTH, default="", help_text="What was done (to complete)."
    )
    first_visit_fix = serializers.BooleanField(required=False, allow_null=True, default=None)
    follow_up_needed = serializers.BooleanField(required=False, default=False)
    quote_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        default=None,
        help_text="The quoted amount in EUR (to `submit_quote`, with `quote_document`: send multipart/form-data).",
    )
    quote_document = serializers.FileField(
        required=False, allow_null=True, default=None, help_text="The quote as a PDF (to `submit_quote`)."
    )
    signature = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=signature.MAX_TEXT_LENGTH,
        help_text="To `complete` a work order with `signature_required`: the signature of the person on site, a PNG "
        "as base64 or as a data URL (`data:image/png;base64,…`), at most "
        f"{signature.MAX_WIDTH}×{signature.MAX_HEIGHT} pixels and {signature.MAX_BYTES // 1000} kB, not blank. "
        "A 400 names the field when it is missing, not base64, not a PNG, too large or blank.",
    )
    signer_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NAME_LENGTH,
        help_text="With `signature`: the name the person who signs typed.",
    )
    expected_state = serializers.ChoiceField(
        choices=WorkOrderState.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="The status you saw: if the work order moved meanwhile, the answer is a 409.",
    )


class RescheduleSerializer(ModelSerializer):
    version = VersionField()

    class Meta:
        model = WorkOrder
        fields = ["planned_start", "planned_end", "version"]
        extra_kwargs = {"planned_start": {"required": True}, "planned_end": {"required": True}}


class TaskInputSerializer(ModelSerializer):
    """Tick (or untick) a task; a task that asks for a measurement takes it here (`value`, a number in the task's
    `unit`, or `passed`) and is ticked only once it is recorded (else a 400 on that field)."""

    done = serializers.BooleanField()

    class Meta:
        model = WorkOrderTask
        fields = ["done", "value", "passed"]
        extra_kwargs = {
            "value": {"required": False, "help_text": "For a task whose `measurement` is `number`."},
            "passed": {"required": False, "help_text": "For a task whose `measurement` is `pass_fail`."},
        }


# --- the viewset -------------------------------------------------------------------------------------------

TASK_ID = path_id("task_id", "A task of this work order's checklist.")


def _split(data):
    m2m = {name: data.pop(name) for name in M2M_FIELDS if name in data}
    return data, m2m


@extend_schema(parameters=[ORG_HEADER])
class WorkOrderViewSet(TimeAndCostsMixin, InterventionsViewSet):
    """Work orders: technical services see all, agents too (they act on theirs), contractors their company's."""

    model = WorkOrder
    queryset = WorkOrder.objects.none()
    serializer_class = WorkOrderSerializer
    output_detail_serializer = WorkOrderDetailSerializer
    filterset_class = WorkOrderFilter
    ordering_fields = ["created_at", "planned_start", "number", "priority__rank"]
    permission_resource = "workorder"
    permission_actions = {
        "transitions": "workorder.view",
        "reschedule": "planning.manage",
        "suggested_agents": "workorder.manage",
        "task": "workorder.view",
        "time_entries": "workorder.view",
        "record_time": "time.record",
        "cancel_time_entry": "workorder.manage",
        "cost_lines": "workorder.view",
        "add_cost_line": "cost.record",
        "cancel_cost_line": "workorder.manage",
    }

    detail_selector = staticmethod(selectors.work_order_detail)
    allowed_transitions = staticmethod(services.allowed_work_order_transitions)

    def get_queryset(self):
        return selectors.work_order_list(self.organization, self.request.membership)

    @extend_schema(responses=WorkOrderSerializer(many=True))
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related("agents")
        return self.paginated(queryset, WorkOrderSerializer)

    @extend_schema(responses={200: WorkOrderDetailSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        return self.respond_detail(pk)

    @extend_schema(request=WorkOrderCreateSerializer, responses={201: WorkOrderDetailSerializer, **ASSIGNMENT_ERRORS})
    def create(self, request):
        data, m2m = _split(self.valid(WorkOrderCreateSerializer))
        tasks, source = data.pop("tasks"), data.pop("request", None)
        obj = services.create_work_order(
            by=request.user,
            organization=self.organization,
            data=data,
            m2m=m2m,
            tasks=tasks,
            request=source,
            skill_override_reason=data.pop("skill_override_reason", ""),
        )
        return self.respond_detail(obj.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=WorkOrderUpdateSerializer,
        parameters=[IF_UNMODIFIED_SINCE],
        responses={200: WorkOrderDetailSerializer, **ASSIGNMENT_ERRORS},
    )
    def partial_update(self, request, pk=None):
        obj = self.get_object()
        data, m2m = _split(self.valid(WorkOrderUpdateSerializer, partial=True))
        version = expected_version(request, data.pop("version", None))
        reason = data.pop("skill_override_reason", "")
        services.update_work_order(
            obj, by=request.user, data=data, m2m=m2m, expected_updated_at=version, skill_override_reason=reason
        )
        return self.respond_detail(obj.pk)

    @extend_schema(
        request=WorkOrderTransitionSerializer,
        responses={200: WorkOrderDetailSerializer, **STEP_ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def transitions(self, request, pk=None):
        """Take a step: accept (contractor), start, hold, resume, complete (with a `report` and
        `first_visit_fix`), close, cancel; a contractor may `decline` (with a `reason`: the work order goes back
        to plan, without them) and, when the work order asks for a quote, `submit_quote` (`quote_amount` and the
        PDF `quote_document`, as multipart/form-data), which technical services `approve_quote` or `reject_quote`
        (with a `reason`): such a work order starts once its quote is approved. The request follows.
        A contractor who declined no longer sees the work order: the answer is then its list form."""
        obj = self.get_object()
        data = self.valid(WorkOrderTransitionSerializer)
        services.transition_work_order(obj, data.pop("transition"), by=request.user, **data)
        if not self.get_queryset().filter(pk=obj.pk).exists():
            obj.refresh_from_db()
            return Response(WorkOrderSerializer(obj, context=self.get_serializer_context()).data)
        return self.respond_detail(obj.pk)

    @extend_schema(
        request=RescheduleSerializer,
        parameters=[IF_UNMODIFIED_SINCE],
        responses={200: WorkOrderDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Move the work order in the calendar (both dates null: back to “to plan”)."""
        obj = self.get_object()
        data = self.valid(RescheduleSerializer)
        services.reschedule_work_order(
            obj,
            by=request.user,
            start=data["planned_start"],
            end=data["planned_end"],
            expected_updated_at=expected_version(request, data.get("version")),
        )
        return self.respond_detail(obj.pk)

    @extend_schema(responses={200: AgentSuggestionSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], url_path="suggested-agents", pagination_class=None)
    def suggested_agents(self, request, pk=None):
        """Agents with every required skill, free in the planned slot, least booked that week first."""
        return Response(AgentSuggestionSerializer(selectors.suggest_agents(self.get_object()), many=True).data)

    @extend_schema(request=TaskInputSerializer, parameters=[TASK_ID], responses={200: TaskSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task_id>\d+)")
    def task(self, request, pk=None, task_id=None):
        """Tick (or untick) a task of the checklist, recording the measurement it asks for (`value` or `passed`)."""
        obj = self.get_object()
        task = get_object_or_404(WorkOrderTask, work_order=obj, pk=task_id)
        task = services.set_task_done(task, by=request.user, **self.valid(TaskInputSerializer))
        return Response(TaskSerializer(task).data)
