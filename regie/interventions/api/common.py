"""Pieces shared by the interventions endpoints: the base viewset, small output serializers, headers."""

from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from regie.assets.models import Asset
from regie.core.api import ErrorSerializer, FilterBackend, ModelSerializer, OrderingFilter, TenantAPIMixin, shows_money
from regie.people.models import Agent, Contractor, Department, Skill, Team

from ..models import BudgetLine, Category, CostCode, Priority

PAGE_PARAMS = [
    OpenApiParameter("page", int, description="A page number within the paginated result set."),
    OpenApiParameter("page_size", int, description="Number of results to return per page (at most 200)."),
]
IF_UNMODIFIED_SINCE = OpenApiParameter(
    "If-Unmodified-Since",
    str,
    OpenApiParameter.HEADER,
    description="HTTP date of the version you read (its `updated_at`): a record changed since is a 409.",
)
MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


def path_id(name, description):
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


# --- errors ------------------------------------------------------------------------------------------------


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS = {**ERRORS, 409: ErrorSerializer}
STEP_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(ErrorSerializer, description="Not allowed now: `allowed_transitions` lists what is."),
}


# --- references to related records (id + what a list shows) ---------------------------------------------


def reference(model, fields, name):
    meta = type("Meta", (), {"model": model, "fields": ["id", *fields], "read_only_fields": ["id", *fields]})
    return type(name, (ModelSerializer,), {"Meta": meta})


DepartmentRef = reference(Department, ["code", "name"], "DepartmentRefSerializer")
CategoryRef = reference(Category, ["code", "name"], "CategoryRefSerializer")
PriorityRef = reference(Priority, ["code", "name", "rank"], "PriorityRefSerializer")
TeamRef = reference(Team, ["code", "name"], "TeamRefSerializer")
ContractorRef = reference(Contractor, ["name"], "ContractorRefSerializer")
SkillRef = reference(Skill, ["code", "name"], "SkillRefSerializer")
CostCodeRef = reference(CostCode, ["code", "name"], "CostCodeRefSerializer")
BudgetLineRef = reference(BudgetLine, ["code", "name"], "BudgetLineRefSerializer")
AgentRef = reference(Agent, ["employee_number", "first_name", "last_name"], "AgentRefSerializer")
AssetRef = reference(Asset, ["code", "name"], "AssetRefSerializer")


class UserRefSerializer(ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "name"]
        read_only_fields = fields

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class TransitionSerializer(serializers.Serializer):
    """A workflow step the caller may take now."""

    name = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    needs_rating = serializers.BooleanField()


class CostsSerializer(serializers.Serializer):
    """Pre-aggregated costs (EUR) and hours; shown to whom `core.permissions.may_see_money` says."""

    labour = serializers.DecimalField(source="labour_cost", **MONEY)
    material = serializers.DecimalField(source="material_cost", **MONEY)
    contractor = serializers.DecimalField(source="contractor_cost", **MONEY)
    equipment = serializers.DecimalField(source="equipment_cost", **MONEY)
    total = serializers.DecimalField(source="total_cost", **MONEY)
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)


class DetailMixin(serializers.Serializer):
    """`allowed_transitions` (from the view's `transitions_for`) and `costs` (if the caller may see this record's
    money: `core.permissions.may_see_money`)."""

    allowed_transitions = serializers.SerializerMethodField()
    costs = serializers.SerializerMethodField()

    @extend_schema_field(TransitionSerializer(many=True))
    def get_allowed_transitions(self, obj):
        transitions = self.context["transitions_for"](obj)
        return [
            {"name": t.name, "label": str(t.label), "needs_reason": t.needs_reason, "needs_rating": t.needs_rating}
            for t in transitions
        ]

    @extend_schema_field(CostsSerializer(allow_null=True))
    def get_costs(self, obj):
        return CostsSerializer(obj).data if shows_money(self.context, obj) else None


# --- headers and versions ----------------------------------------------------------------------------------


def expected_version(request, version=None):
    """The version the client read, from `version` (body) or `If-Unmodified-Since` (header), else None."""
    if version is not None:
        return version
    header = request.headers.get("If-Unmodified-Since")
    if not header:
        return None
    seconds = parse_http_date_safe(header)
    if seconds is None:
        raise exceptions.ValidationError({"If-Unmodified-Since": [_("Give an HTTP date.")]})
    return datetime.fromtimestamp(seconds, tz=UTC)


class VersionField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The `updated_at` you read: a record changed since is a 409.")
        super().__init__(required=False, write_only=True, **kwargs)


# --- the base viewset --------------------------------------------------------------------------------------


class StableOrderingFilter(OrderingFilter):
    """Order as asked (money fields for whom may see money: `core.api.OrderingFilter`), then by id, so pages never
    repeat or skip rows that tie."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view) or []
        if not any(name.lstrip("-") in ("id", "pk") for name in ordering):
            last = ordering[0] if ordering else "-id"
            ordering = [*ordering, "-id" if last.startswith("-") else "id"]
        return ordering


class InterventionsViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """A workflow record's endpoints: selectors for reads, services for writes, the detail as the answer.

    Filters and ordering apply to the list only: a detail action never hides its record behind a query string.
    """

    output_detail_serializer = None
    filter_backends = [FilterBackend, StableOrderingFilter]
    ordering = ["-created_at"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    detail_selector = None  # selector(organization, membership, pk) → the record with what its detail shows

    def get_detail(self, pk):
        """The visible record `pk`, or a 404 whatever the reason (absent, not visible, not a number)."""
        try:
            return type(self).detail_selector(self.organization, self.request.membership, pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    allowed_transitions = None  # service(obj, user, membership) → the steps the caller may take now

    def transitions_for(self, obj):
        return type(self).allowed_transitions(obj, self.request.user, self.request.membership)

    def take_step(self, serializer_class, transition_service):
        """The `transitions` action: fire the step posted (`serializer_class`: `transition` and the service's
        inputs) through `transition_service`; the answer is the record's detail."""
        obj = self.get_object()
        data = self.valid(serializer_class)
        transition_service(obj, data.pop("transition"), by=self.request.user, **data)
        return self.respond_detail(obj.pk)

    def detail_context(self):
        return {**self.get_serializer_context(), "transitions_for": self.transitions_for}

    def respond_detail(self, pk, code=status.HTTP_200_OK):
        obj = self.get_detail(pk)
        response = Response(self.output_detail_serializer(obj, context=self.detail_context()).data, status=code)
        response["Last-Modified"] = http_date(obj.updated_at.timestamp())
        return response

    def paginated(self, queryset, serializer_class, **context):
        page = self.paginate_queryset(queryset)
        context = {**self.get_serializer_context(), **context}
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)

    def valid(self, serializer_class, data=None, **kwargs):
        """The validated data of `serializer_class` (a 400 with field errors otherwise), as a plain dict."""
        serializer = serializer_class(
            data=self.request.data if data is None else data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
