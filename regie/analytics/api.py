"""`/api/v1/indicators/`: the indicators' definitions, one indicator's figure, and the role's dashboard — the
same scope (`scope.scope_from_query`: period, filters, the role's bounds) and the same figures as the pages."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from regie.core.api import ORG_HEADER, ErrorSerializer, TenantAPIMixin
from regie.core.filters import UNKNOWN_PARAMETER
from regie.interventions.models import InterventionRequest, WorkOrder

from . import dashboards
from .indicators import figure, get, registry
from .period import PRESETS
from .scope import led_teams, scope_from_query

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
KINDS = [("count", "count"), ("ratio", "ratio"), ("duration", "duration"), ("average", "average"), ("money", "money")]

SCOPE_PARAMETERS = [
    OpenApiParameter("period", str, enum=list(PRESETS), description="A named period (default: this year)."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (instead of `period`)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day, included (at most five years on)."),
    *(
        OpenApiParameter(name, int, description=f"Only the records of this {name} (its id).")
        for name in ("department", "category", "priority", "team", "contractor")
    ),
    OpenApiParameter("asset", int, description="Only the records on this asset or anything inside it (its id)."),
    OpenApiParameter("channel", str, enum=list(InterventionRequest.Channel.values), description="Requests' channel."),
    OpenApiParameter("execution", str, enum=list(WorkOrder.Execution.values), description="In-house or contractor."),
]


class DefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField(help_text="The dashboard section: volume, delays, satisfaction, costs...")
    kind = serializers.ChoiceField(choices=KINDS)
    unit = serializers.CharField(allow_blank=True)
    formula = serializers.CharField(help_text="What it counts (docs/indicators.md writes it out).")
    current = serializers.BooleanField(help_text="A figure of now (no period, no previous period).")
    source = serializers.ChoiceField(choices=["requests", "work_orders"], help_text="The list of its records.")


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    applies = serializers.BooleanField(help_text="False: a filter asked does not apply to its records.")
    value = serializers.CharField(
        allow_null=True,
        help_text="A count (integer), a share in % or an amount (decimal), a rating (decimal), a duration "
        "(ISO 8601, e.g. P2DT3H); null without records.",
    )
    previous = serializers.CharField(allow_null=True, help_text="The same over the previous period.")
    p90 = serializers.CharField(allow_null=True, help_text="A duration's 90th percentile (the value is the median).")
    previous_p90 = serializers.CharField(allow_null=True)
    count = serializers.IntegerField(allow_null=True, help_text="The records it is over.")
    numerator = serializers.IntegerField(allow_null=True, help_text="A ratio: the records that say yes.")
    denominator = serializers.IntegerField(allow_null=True, help_text="A ratio: those that say yes or no.")
    records_url = serializers.CharField(allow_null=True, help_text="The API list of its records.")
    complement_url = serializers.CharField(allow_null=True, help_text="A ratio: the API list of those that say no.")
    page_url = serializers.CharField(allow_null=True, help_text="The HTML list of its records.")


class PeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    previous_from = serializers.DateField()
    previous_to = serializers.DateField()


class FigureAnswerSerializer(serializers.Serializer):
    period = PeriodSerializer()
    figure = FigureSerializer()


class RowSerializer(serializers.Serializer):
    group = serializers.CharField(allow_null=True, help_text="The group's id or choice value (null: none given).")
    label = serializers.CharField()
    figure = FigureSerializer()


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rows = RowSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    dashboard = serializers.ChoiceField(choices=list(dashboards.LAYOUTS))
    period = PeriodSerializer()
    figures = FigureSerializer(many=True)
    tables = TableSerializer(many=True)


def _value(value):
    if value is None:
        return None
    if hasattr(value, "total_seconds"):
        return serializers.DurationField().to_representation(value)
    return str(value)


def _api_link(request, source, page_link):
    """The API list of the same records as the page link (the same parameters)."""
    if not page_link:
        return None
    query = page_link.partition("?")[2]
    return f"{reverse(source.api_url, request=request)}?{query}"


def figure_data(request, result):
    indicator = result.indicator
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "kind": indicator.kind,
        "applies": result.applies,
        "value": _value(result.value),
        "previous": _value(result.previous),
        "p90": _value(result.p90),
        "previous_p90": _value(result.previous_p90),
        "count": result.count,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "records_url": _api_link(request, indicator.source, result.link),
        "complement_url": _api_link(request, indicator.source, result.complement_link),
        "page_url": request.build_absolute_uri(result.link) if result.link else None,
    }


def period_data(period):
    previous = period.previous()
    return {"date_from": period.start, "date_to": period.end, "previous_from": previous.start,
            "previous_to": previous.end}  # fmt: skip


@extend_schema(parameters=[ORG_HEADER])
class IndicatorViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """The indicators of the dashboards: what each one counts, its figure for a period and filters (compared with
    the previous period, linked to the list of its records), and the member's whole dashboard."""

    queryset = WorkOrder.objects.none()
    permission_resource = "indicator"
    permission_actions = {"definitions": "indicator.view", "figure": "indicator.view", "dashboard": "indicator.view"}
    filter_backends = []
    pagination_class = None

    def _scope(self, request, *, allow=()):
        membership = request.membership
        if membership.role == "agent" and not led_teams(self.organization, membership).exists():
            raise exceptions.PermissionDenied("You lead no team: the team dashboard is its leader's.")
        try:
            return scope_from_query(request.query_params, self.organization, membership, known=("format", *allow))
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None

    @extend_schema(responses={200: DefinitionSerializer(many=True), **ERRORS})
    @action(detail=False, methods=["get"])
    def definitions(self, request):
        """Every indicator: its key, label, kind and formula."""
        unknown = set(request.query_params) - {"format"}
        if unknown:
            message = UNKNOWN_PARAMETER % {"known": "format"}
            raise exceptions.ValidationError({name: [message] for name in sorted(unknown)})
        data = [
            {
                "key": i.key,
                "label": str(i.label),
                "group": i.group,
                "kind": i.kind,
                "unit": i.unit,
                "formula": str(i.formula),
                "current": i.current,
                "source": i.source.key,
            }
            for i in registry().values()
        ]
        return Response(DefinitionSerializer(data, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, required=True, enum=sorted(registry()), description="Its key."),
            *SCOPE_PARAMETERS,
        ],
        responses={200: FigureAnswerSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def figure(self, request):
        """One indicator's figure for the period and filters asked. Money is the roles' that see it (404 else)."""
        key = request.query_params.get("indicator")
        if not key:
            raise exceptions.ValidationError({"indicator": [serializers.Field.default_error_messages["required"]]})
        indicator = get(key)
        if indicator is None:
            raise Http404
        scope = self._scope(request, allow=("indicator",))
        result = figure(indicator, scope, scope.period, timezone.now())
        if result is None:
            raise Http404
        return Response(FigureAnswerSerializer({"period": period_data(scope.period),
                                                "figure": figure_data(request, result)}).data)  # fmt: skip

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: DashboardSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def dashboard(self, request):
        """The member's dashboard (director, department, team or elected official's): its figures and tables."""
        scope = self._scope(request)
        board = dashboards.build(scope)
        data = {
            "dashboard": scope.dashboard,
            "period": period_data(scope.period),
            "figures": [figure_data(request, f) for f in board.figures()],
            "tables": [
                {
                    "key": table.breakdown.key,
                    "title": str(table.breakdown.title),
                    "rows": [
                        {"group": None if row.figure.extra["group"] is None else str(row.figure.extra["group"]),
                         "label": row.label, "figure": figure_data(request, row.figure)}
                        for row in table.rows
                    ],
                }
                for table in board.tables
            ],
        }  # fmt: skip
        return Response(DashboardSerializer(data).data)
