"""`/api/v1/costs/summary/`: what the work cost, by department, category, cost code, team or month."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from regie.core.api import ORG_HEADER, RecordField, TenantAPIMixin, TenantSerializerMixin
from regie.people.models import Department

from ..costs_report import COST_GROUPS, FIGURES, cost_report, row_id
from ..models import CostCode, WorkOrder
from .common import ERRORS

MONEY = {"max_digits": 14, "decimal_places": 2}


class CostSummaryQuerySerializer(TenantSerializerMixin, serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=[(name, name) for name in COST_GROUPS], default="department", required=False
    )
    date_from = serializers.DateField(required=False, help_text="Work orders created on or after this day.")
    date_to = serializers.DateField(required=False, help_text="Work orders created on or before this day.")
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


class CostSummarySerializer(serializers.Serializer):
    group_by = serializers.CharField()
    rows = CostRowSerializer(many=True)
    totals = CostRowSerializer()


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


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
    permission_actions = {"summary": "cost.view"}
    filter_backends = []
    pagination_class = None

    @extend_schema(parameters=[CostSummaryQuerySerializer], responses={200: CostSummarySerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """“What did the 14 July cost?”: `?cost_code=<id>&group_by=department`."""
        query = CostSummaryQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        group_by = params["group_by"]
        report = cost_report(
            self.organization,
            request.membership,
            group_by=group_by,
            date_from=_start_of(params["date_from"]) if params.get("date_from") else None,
            date_to=_start_of(params["date_to"] + datetime.timedelta(days=1)) if params.get("date_to") else None,
            cost_code=params["cost_code"].pk if params.get("cost_code") else None,
            department=params["department"].pk if params.get("department") else None,
        )
        totals = {"id": None, "label": "", **report.totals}
        data = {"group_by": group_by, "rows": [_row(group_by, values) for values in report.rows], "totals": totals}
        return Response(CostSummarySerializer(data).data)
