"""The schema class of the API: every operation documents the errors it can answer, in the one error format.

drf-spectacular documents the success answers a view declares; the errors come from mechanisms every view
shares (authentication, the permission matrix, tenancy, throttles, the parser, the database), so they are
added here once, from what the operation is, instead of in every `extend_schema`.
"""

from drf_spectacular import openapi
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from rest_framework import serializers
from rest_framework.permissions import AllowAny

RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}}

ERROR_DESCRIPTIONS = {
    400: "Invalid input: field errors in `fields`, or a malformed body or query parameter. On lists and reports, "
    "a query parameter the operation does not read (not among its parameters below) is refused too, named in `fields`: "
    "a list never answers everything to a filter it does not have.",
    401: "No credentials, or bad ones.",
    403: "The role may not do this (permission matrix), or the caller is not a member of the organization.",
    404: "No such record, or one the caller may not see (another organization's).",
    415: "The body's media type is not one this operation accepts.",
    409: "Conflict: changed meanwhile, duplicate, archived record, or workflow step not allowed.",
    429: "Too many attempts: wait (see `Retry-After`).",
    503: "The database is unreachable for a moment: retry after `Retry-After` seconds.",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class TokenScheme(KnoxTokenScheme):
    """Régie's token authentication (knox's, see api_defaults.TokenAuthentication) in the schema: a bearer token."""

    target_class = "regie.core.api_defaults.TokenAuthentication"


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Decimals travel as strings ("12.50"), and drf-spectacular then drops their minimum and maximum. Keep
        them: a client (or a fuzzer) learns from the schema that hours are at most 24, as for any bounded field."""
        content = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and content.get("format") == "decimal":
            if field.min_value is not None:
                content["minimum"] = float(field.min_value)
            if field.max_value is not None:
                content["maximum"] = float(field.max_value)
        return content

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in self.error_statuses(operation):
            if str(status) not in responses:
                responses[str(status)] = self._error_response(status)
        return operation

    def error_statuses(self, operation):
        """The error statuses this operation can answer, from what it is."""
        parameters = operation.get("parameters", [])
        statuses = {401, 503}
        if "requestBody" in operation or self.method in WRITE_METHODS:
            statuses.update((400, 415))
        if any(p["in"] in ("query", "header") for p in parameters):
            statuses.add(400)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses.add(403)
            if self.method in WRITE_METHODS:
                statuses.add(409)
        if any(p["in"] == "path" for p in parameters):
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        return sorted(statuses)

    def _error_response(self, status):
        from .api import ErrorSerializer

        response = self._get_response_for_code(ErrorSerializer, str(status))
        response["description"] = ERROR_DESCRIPTIONS[status]
        if status in (429, 503):
            response["headers"] = dict(RETRY_AFTER)
        return response
