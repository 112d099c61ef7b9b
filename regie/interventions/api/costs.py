"""`/api/v1/costs/summary/`: what the work cost, by department, category, cost code, team or month."""

import datetime
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from regie.core.api import ORG_HEADER, RecordField, TenantAPIMixin, TenantSerializerMixin
from regie.core.filters import refuse_unknown_parameters
from regie.people.models import Department

from ..costs_report import COST_GROUPS, FIGURES, budget_report, cost_report, row_id, with_budget_year, work_orders_query
from ..models import CostCode, WorkOrder
from .common import ERRORS

MONEY = {"max_digits": 14, "decimal_places": 2}


class CostSummaryQuerySerializer(TenantSerializerMixin, serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=[(name, name) for name in COST_GROUPS], default="department", required=False
    )
    date_from = serializers.DateField(
        required=False, help_text="Work orders created on or after this day (default: 1 January of this year)."
    )
    date_to = serializers.DateField(
        required=False, help_text="Work orders created on or before this day (default: 31 December of this year)."
    )
    cost_code = RecordField(
        queryset=CostCode.objects.all(), required=False, help_text="An event or project, e.g. the 14 July."
    )
    department = RecordField(queryset=Department.objects.all(), required=False)

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": [_("The end must be after the start.")]})
        return attrs


class CostRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The group's record (null: none, or by month).")
    label = serializers.CharField(help_text="Its name, or the month (YYYY-MM).")
    work_orders = serializers.IntegerField()
    hours = serializers.DecimalField(**MONEY)
    labour = serializers.DecimalField(**MONEY)
    materials = serializers.DecimalField(**MONEY)
    contractors = serializers.DecimalField(**MONEY)
    equipment = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    work_orders_url = serializers.CharField(
        allow_null=True,
        help_text="The work-order list of the work orders behind these figures (their costs add up to them); "
        "null for a group the list cannot select (no department, no category...).",
    )


class CostSummarySerializer(serializers.Serializer):
    group_by = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    rows = CostRowSerializer(many=True)
    totals = CostRowSerializer()


class BudgetQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="The budget year (default: this year)."
    )


class BudgetLineFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The budget line (null in the totals).")
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(allow_null=True, source="department__name")
    voted = serializers.DecimalField(**MONEY, allow_null=True, help_text="Null: no amount voted.")
    committed = serializers.DecimalField(
        **MONEY, help_text="Approved requests not yet closed: the larger of their estimate and their costs so far."
    )
    spent = serializers.DecimalField(**MONEY, help_text="The costs of closed requests.")
    remaining = serializers.DecimalField(**MONEY, allow_null=True, help_text="voted − committed − spent.")


class BudgetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    labour_counts = serializers.BooleanField(
        help_text="Whether in-house labour is charged to the lines (the organization's setting; "
        "off: materials, contractors and vehicles only)."
    )
    rows = BudgetLineFiguresSerializer(many=True)
    totals = BudgetLineFiguresSerializer()


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _work_orders_url(request, query):
    return None if query is None else f"{reverse('api:workorder-list', request=request)}?{urlencode(query)}"


def _row(group_by, values):
    ident = row_id(group_by, values)
    if group_by == "month":
        label = f"{values['month']:%Y-%m}" if values["month"] else ""
    elif group_by == "cost_code":
        label = f"{values['cost_code__code']} — {values['cost_code__name']}" if ident else ""
    else:
        label = values[f"{group_by}__name"] or ""
    return {"id": ident, "label": label, **{name: values[name] for name in FIGURES}}


@extend_schema(parameters=[ORG_HEADER])
class CostViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """Cost roll-ups of work orders (cancelled ones left out): the costs page's report (`costs_report.cost_report`),
    for the roles allowed `cost.view`; department heads get their own department's."""

    model = WorkOrder
    queryset = WorkOrder.objects.none()
    permission_resource = "cost"
    permission_actions = {"summary": "cost.view", "budget": "cost.view"}
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[CostSummaryQuerySerializer], responses={200: CostSummarySerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """“What did the 14 July cost?”: `?cost_code=<id>&group_by=department`. Each row and the totals link to
        the work orders behind them (`work_orders_url`). A parameter this report does not read is a 400."""
        params = self._query(CostSummaryQuerySerializer, with_budget_year(request.query_params))
        group_by, day_from, day_to = params["group_by"], params["date_from"], params["date_to"]
        scope = {
            "date_from": _start_of(day_from),
            "date_to": _start_of(day_to + datetime.timedelta(days=1)),
            "cost_code": params["cost_code"].pk if params.get("cost_code") else None,
            "department": params["department"].pk if params.get("department") else None,
        }
        report = cost_report(self.organization, request.membership, group_by=group_by, **scope)
        rows = []
        for values in report.rows:
            row = _row(group_by, values)
            row["work_orders_url"] = _work_orders_url(request, work_orders_query(group_by, values, **scope))
            rows.append(row)
        totals = {"id": None, "label": "", **report.totals}
        totals["work_orders_url"] = _work_orders_url(request, work_orders_query(**scope))
        data = {"group_by": group_by, "date_from": day_from, "date_to": day_to, "rows": rows, "totals": totals}
        return Response(CostSummarySerializer(data).data)

    @extend_schema(parameters=[BudgetQuerySerializer], responses={200: BudgetSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def budget(self, request):
        """The budget follow-up of a year: per budget line voted, committed, spent and remaining, as on the costs
        page (a department head: their department's lines)."""
        params = self._query(BudgetQuerySerializer, request.query_params)
        report = budget_report(
            self.organization, request.membership, year=params.get("year") or timezone.localdate().year
        )
        totals = {"id": None, "code": "", "name": "", "department__name": None, **report.totals}
        data = {"year": report.year, "labour_counts": report.labour_counts, "rows": report.rows, "totals": totals}
        return Response(BudgetSerializer(data).data)

    def _query(self, serializer_class, data):
        """The query string, validated: its parameters and no other (`core.filters.refuse_unknown_parameters`)."""
        request = self.request
        query = serializer_class(data=data, context={"request": request})
        self.query_parameters = tuple(query.fields)
        refuse_unknown_parameters(self, request)
        query.is_valid(raise_exception=True)
        return query.validated_data
