"""The OpenAPI schema class: drf-spectacular's, with the bounds of decimal fields sent as strings."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class AutoSchema(SpectacularAutoSchema):
    """Decimals travel as strings ("12.50"); drf-spectacular then drops their minimum and maximum. Keep them:
    a client (or a fuzzer) learns from the schema that hours are at most 24, as for every other bounded field."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        content = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and content.get("format") == "decimal":
            if field.min_value is not None:
                content["minimum"] = float(field.min_value)
            if field.max_value is not None:
                content["maximum"] = float(field.max_value)
        return content
