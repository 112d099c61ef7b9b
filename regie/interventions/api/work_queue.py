"""`/api/v1/work-queue/`: what waits for the caller in the current organization (the home page's "À traiter")."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from regie.core.api import ORG_HEADER, TenantAPIMixin

from ..work_queue import LIMIT, lines_for
from .common import ERRORS


class WorkQueueLineSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable name of the line, e.g. `work_orders_to_plan`.")
    label = serializers.CharField(help_text="In the caller's language.")
    count = serializers.IntegerField(help_text=f"Bounded: stops at {LIMIT}; see `more`.")
    more = serializers.BooleanField(help_text=f"More than {LIMIT}.")
    url = serializers.CharField(help_text="The web list, filtered as counted.")
    api_url = serializers.CharField(help_text="The same list in this API.")


class WorkQueueView(TenantAPIMixin, APIView):
    """The caller's work queue: per role, what to validate, approve, plan, do or acknowledge."""

    permission_resource = "dashboard"
    filter_backends = []  # a handful of lines: no filters, no pages
    pagination_class = None

    @extend_schema(responses={200: WorkQueueLineSerializer(many=True), **ERRORS}, parameters=[ORG_HEADER])
    def get(self, request):
        lines = lines_for(request._request)
        return Response(
            [
                {
                    "key": line.key,
                    "label": str(line.label),
                    "count": line.shown,
                    "more": line.more,
                    "url": line.url,
                    "api_url": line.api_url,
                }
                for line in lines
            ]
        )
