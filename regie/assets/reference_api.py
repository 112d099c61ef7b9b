"""API of the registry's reference and companion records: the same services as their pages.

Asset types (with their attributes, in order), attributes, occupants, occupancies, meters, meter readings,
species, and the organization's area (read, replaced from a GeoJSON geometry or an uploaded file)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser

from regie.core.api import (
    READ_ONLY,
    ErrorSerializer,
    TenantModelSerializer,
    TenantViewSet,
    record_viewset,
    tenant_schema,
)
from regie.core.api_defaults import JSONParser
from regie.core.validators import NAME_LENGTH

from . import services
from .models import AssetType, AttributeDefinition, Meter, MeterReading, Occupancy, Occupant, OrganizationArea, Species
from .reference_forms import MAX_CHOICES

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS = {**ERRORS, 409: ErrorSerializer}
GEOJSON_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON geometry (RFC 7946), longitude first, WGS 84.",
    "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}}},
    "required": ["type", "coordinates"],
}


# --- asset types and their attributes ----------------------------------------------------------------------

ATTRIBUTE_INPUT = list(services.ATTRIBUTE_FIELDS)


class ChoicesField(serializers.ListField):
    """The values a choice attribute offers: texts of 1 to 120 characters, at most 200."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(max_length=120), max_length=MAX_CHOICES, **kwargs)


class AssetAttributeSerializer(TenantModelSerializer):
    choices = ChoicesField(read_only=True)

    class Meta:
        model = AttributeDefinition
        fields = ["id", *ATTRIBUTE_INPUT, "created_at", "updated_at", "archived_at"]
        read_only_fields = READ_ONLY


class AssetAttributeInputSerializer(TenantModelSerializer):
    choices = ChoicesField(required=False)

    class Meta:
        model = AttributeDefinition
        fields = ATTRIBUTE_INPUT


class AttributeViewSetBase(TenantViewSet):
    """The typed attributes of the organization's asset types (`asset_type` filters one type's)."""

    model = AttributeDefinition
    queryset = AttributeDefinition.objects.none()
    serializer_class = AssetAttributeSerializer
    input_serializer_class = AssetAttributeInputSerializer
    permission_resource = "assettype"
    create_service = staticmethod(services.create_attribute)
    update_service = staticmethod(services.update_attribute)
    filterset_fields = ["asset_type", "data_type", "code"]
    search_fields = ["code", "label"]
    ordering_fields = ["position", "code", "label"]
    ordering = ["asset_type", "position", "code"]


AttributeViewSet = tenant_schema(AttributeViewSetBase)


class AssetTypeSerializer(TenantModelSerializer):
    attributes = serializers.SerializerMethodField(help_text="Its attributes in use, in their order.")

    class Meta:
        model = AssetType
        fields = ["id", *services.ASSET_TYPE_FIELDS, "attributes", "created_at", "updated_at", "archived_at"]
        read_only_fields = READ_ONLY

    @extend_schema_field(AssetAttributeSerializer(many=True))
    def get_attributes(self, obj):
        attributes = getattr(obj, "active_attributes", None)
        if attributes is None:
            attributes = obj.attributes.filter(archived_at__isnull=True).order_by("position", "code")
        return AssetAttributeSerializer(attributes, many=True, context=self.context).data


class AssetTypeInputSerializer(TenantModelSerializer):
    class Meta:
        model = AssetType
        fields = list(services.ASSET_TYPE_FIELDS)


def _with_attributes(qs):
    active = AttributeDefinition.objects.filter(archived_at__isnull=True).order_by("position", "code")
    return qs.prefetch_related(Prefetch("attributes", queryset=active, to_attr="active_attributes"))


class AssetTypeViewSetBase(TenantViewSet):
    """The organization's asset types, each with its attributes; archiving a type assets still have is a 409."""

    model = AssetType
    queryset = AssetType.objects.none()
    serializer_class = AssetTypeSerializer
    input_serializer_class = AssetTypeInputSerializer
    permission_resource = "assettype"
    create_service = staticmethod(services.create_asset_type)
    update_service = staticmethod(services.update_asset_type)
    filterset_fields = ["kind", "code"]
    search_fields = ["code", "name"]
    ordering_fields = ["name", "code", "kind"]
    ordering = ["name"]

    def optimize(self, qs):
        return _with_attributes(qs)

    def archive_object(self, obj, reason):
        return services.archive_asset_type(obj, by=self.request.user, reason=reason)


AssetTypeViewSet = tenant_schema(AssetTypeViewSetBase)

# --- occupants, occupancies, species -----------------------------------------------------------------------

OccupantViewSet = record_viewset(
    Occupant,
    "occupant",
    services.OCCUPANT_FIELDS,
    services.create_occupant,
    services.update_occupant,
    filters=["kind", "department"],
    search=["name", "contact_name", "email"],
    ordering=["name", "kind", "created_at"],
)
OccupancyViewSet = record_viewset(
    Occupancy,
    "occupant",
    services.OCCUPANCY_FIELDS,
    services.create_occupancy,
    services.update_occupancy,
    filters=["occupant", "asset"],
    search=["occupant__name", "asset__code", "use"],
    ordering=["starts_on", "ends_on", "floor_share"],
    optimize=lambda qs: qs.select_related("occupant", "asset"),
)
SpeciesViewSet = record_viewset(
    Species,
    "assettype",
    services.SPECIES_FIELDS,
    services.create_species,
    services.update_species,
    filters=["genus"],
    search=["genus", "species", "common_name"],
    ordering=["genus", "species", "common_name"],
)

# --- meters and readings -----------------------------------------------------------------------------------

MeterViewSet = record_viewset(
    Meter,
    "meter",
    services.METER_FIELDS,
    services.create_meter,
    services.update_meter,
    filters=["asset", "kind"],
    search=["name", "serial_number", "asset__code"],
    ordering=["name", "kind", "created_at"],
)


class MeterReadingSerializer(TenantModelSerializer):
    class Meta:
        model = MeterReading
        fields = [
            *["id", "meter", "read_at", "value", "read_by", "note", "replacement"],
            *["created_at", "updated_at", "archived_at"],
        ]
        read_only_fields = [*READ_ONLY, "read_by"]


class MeterReadingInputSerializer(TenantModelSerializer):
    class Meta:
        model = MeterReading
        fields = ["meter", "read_at", "value", "note", "replacement"]


class ReadingViewSetBase(TenantViewSet):
    """Readings of the organization's meters, latest first (`meter` filters one meter's). Agents record them
    (permission meter.read); on a cumulative meter a reading below an earlier one or above a later one is a 400,
    unless `replacement` is true: the first reading of a new meter, whose index starts again from its value.
    A wrong reading is archived (meter.manage), never changed."""

    model = MeterReading
    queryset = MeterReading.objects.none()
    serializer_class = MeterReadingSerializer
    input_serializer_class = MeterReadingInputSerializer
    permission_resource = "meter"
    permission_actions = {"create": "meter.read"}
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["meter"]
    ordering_fields = ["read_at", "value"]
    ordering = ["-read_at", "-id"]

    def create_service(self, *, by, organization, data, m2m=None):
        meter = data.pop("meter")
        return services.record_reading(meter, by=by, **data)

    def archive_object(self, obj, reason):
        return services.archive_reading(obj, by=self.request.user, reason=reason)


ReadingViewSet = tenant_schema(ReadingViewSetBase)

# --- the organization's area -------------------------------------------------------------------------------


@extend_schema_field(GEOJSON_SCHEMA)
class GeometryField(serializers.JSONField):
    pass


class OrganizationAreaSerializer(TenantModelSerializer):
    geometry = GeometryField(read_only=True)
    bounds = serializers.SerializerMethodField(help_text="[south, west, north, east] in degrees.")

    class Meta:
        model = OrganizationArea
        fields = ["id", "name", "geometry", "tolerance_m", "bounds", "created_at", "updated_at", "archived_at"]
        read_only_fields = READ_ONLY

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4))
    def get_bounds(self, obj):
        return list(obj.bounds)


class OrganizationAreaInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_LENGTH)
    geometry = GeometryField(help_text="A Polygon or MultiPolygon, or a Feature or one-feature FeatureCollection.")
    tolerance_m = serializers.IntegerField(min_value=0, max_value=50_000, required=False)


class OrganizationAreaUploadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_LENGTH)
    file = serializers.FileField(help_text="A .geojson or .json file of at most 2 MB.")
    tolerance_m = serializers.IntegerField(min_value=0, max_value=50_000, required=False)


class AreaViewSetBase(TenantViewSet):
    """The organization's boundary (one in force): read it; replace it from a GeoJSON geometry (`POST`) or file
    (`POST upload/`, multipart), administrators only. Nothing is written when the geometry is not valid."""

    model = OrganizationArea
    queryset = OrganizationArea.objects.none()
    serializer_class = OrganizationAreaSerializer
    input_serializer_class = OrganizationAreaInputSerializer
    permission_resource = "area"
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = []
    ordering_fields = ["id"]
    ordering = ["id"]

    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Bring back an earlier boundary: the one in force is archived."""
        return self._respond(services.restore_area(self._owned(), by=request.user))

    def get_serializer_class(self):
        return OrganizationAreaUploadSerializer if self.action == "upload" else super().get_serializer_class()

    def create_service(self, *, by, organization, data, m2m=None):
        return services.set_area(by=by, organization=organization, **data)

    @extend_schema(
        request={"multipart/form-data": OrganizationAreaUploadSerializer},
        responses={201: OrganizationAreaSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def upload(self, request):
        """Replace the boundary with the one of an uploaded GeoJSON file."""
        serializer = OrganizationAreaUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        area = services.upload_area(
            by=request.user,
            organization=request.organization,
            upload=data["file"],
            name=data["name"],
            tolerance_m=data.get("tolerance_m"),
        )
        return self._respond(area, status.HTTP_201_CREATED)


AreaViewSet = tenant_schema(AreaViewSetBase)
