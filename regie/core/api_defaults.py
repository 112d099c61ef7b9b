"""The API's default permission and pagination classes.

Their own module, with few imports: DRF imports them while it loads its settings.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .pagination import CURSOR_PARAM, PAGE_PARAM, BadCursor, parse_page_number, slice_page
from .permissions import can


class MatrixPermission(permissions.BasePermission):
    """Allows a request when the user's role in the current organization holds the view's action."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        membership = getattr(request, "membership", None)
        if membership is None:
            raise exceptions.PermissionDenied(_("You are not a member of this organization."))
        if not hasattr(view, request.method.lower()):
            return True  # no handler: DRF answers 405 next (read-only resources have no "manage" action)
        return can(membership.role, view.permission_action_for(request))


class Pagination(PageNumberPagination):
    """Page numbers with a bounded count (see core.pagination): `count_is_exact` says which it is.

    `next` and `previous` carry a `cursor` (the sort values of the edge row, signed): following them reads an
    index range, however deep the page, where `?page=N` alone reads and skips N−1 pages of rows.
    """

    page_query_param = PAGE_PARAM
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = CURSOR_PARAM

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        raw = request.query_params.get(self.page_query_param, "1")
        if not str(raw).isdigit():
            raise exceptions.ValidationError({self.page_query_param: [_("Enter a whole number.")]})
        cursor = request.query_params.get(self.cursor_query_param, "")
        try:
            self.page = slice_page(queryset, parse_page_number(raw), self.get_page_size(request), cursor=cursor)
        except BadCursor:
            message = _("This cursor is not valid for this list and order: follow the next and previous links.")
            raise exceptions.ValidationError({self.cursor_query_param: [message]}) from None
        return self.page.rows

    def get_paginated_response(self, data):
        url, page = self.request.build_absolute_uri(), self.page
        next_url = _with_params(url, page.next_params) if page.has_next else None
        prev_url = _with_params(url, page.previous_params) if page.has_previous else None
        return Response(
            {
                "count": page.count,
                "count_is_exact": page.count_is_exact,
                "next": next_url,
                "previous": prev_url,
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a `next` or `previous` link (read after/before its row).",
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer"},
                "count_is_exact": {"type": "boolean"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


def _with_params(url, params):
    """`url` with these query parameters set (None: removed)."""
    for name, value in params.items():
        url = remove_query_param(url, name) if value is None else replace_query_param(url, name, value)
    return url
