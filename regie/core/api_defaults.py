"""The API's default permission, pagination, parser and renderer classes.

Their own module, with few imports: DRF imports them while it loads its settings.
"""

import codecs
import contextlib
import datetime
import re

import knox.auth
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.signals import token_expired
from rest_framework import exceptions, parsers, permissions, renderers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils import json
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .pagination import CURSOR_PARAM, PAGE_PARAM, BadCursor, list_scope, parse_page_number, slice_page
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
            self.page = slice_page(
                queryset, parse_page_number(raw), self.get_page_size(request), cursor=cursor, scope=list_scope(request)
            )
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


# --- request bodies and response bodies --------------------------------------------------------------------

MAX_JSON_DEPTH = 32
# A JSON string (skipped whole) or one bracket: the only tokens that change the nesting depth.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth(text, limit=MAX_JSON_DEPTH):
    """The nesting depth of a JSON text, counted up to `limit + 1` (brackets inside strings do not count).

    Python's json module recurses once per level: 10,000 levels raise RecursionError. This scan does not.
    An unterminated string makes the scan count the brackets after it: it may only overestimate.
    """
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with bounds checked before parsing: the body's size and its nesting depth.

    A body over `DATA_UPLOAD_MAX_MEMORY_SIZE` or nested deeper than `MAX_JSON_DEPTH` is a 400 `parse_error`,
    never a parser recursing itself into a RecursionError (a 500).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise exceptions.ParseError(_("The request body is too large."))
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(_("The request body is not valid text.")) from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The JSON body is nested too deeply (at most %(depth)s levels).") % {"depth": MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(_("Malformed JSON: %(error)s") % {"error": exc}) from None


class UTCJSONEncoder(JSONEncoder):
    """Date-times in UTC (`Z`): Paris local time of year 598 has an offset of 9 min 21 s, not valid RFC 3339."""

    def default(self, obj):
        if isinstance(obj, datetime.datetime) and obj.tzinfo is not None:
            with contextlib.suppress(OverflowError):  # 0001-01-01 in Paris is year 0 in UTC: kept as it is
                obj = obj.astimezone(datetime.UTC)
        return super().default(obj)


class JSONRenderer(renderers.JSONRenderer):
    encoder_class = UTCJSONEncoder


class TokenAuthentication(knox.auth.TokenAuthentication):
    """knox's token check without its sweep of the caller's other tokens on every request.

    knox reads every token the user holds on each call to delete the expired ones (a second query per request,
    growing with each login); here a request checks its own token only, and a user's expired tokens are deleted
    when they get a new one (`TokenLoginView`).
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
