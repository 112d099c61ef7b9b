"""API of the registry: `/api/v1/assets/`, through the same filters (`filters.AssetFilter`, `attr.<code>`),
selectors and services as the pages. Acquisition and insured values follow `presenters.may_see_values`."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from regie.core.api import READ_ONLY, TenantModelSerializer, TenantViewSet, tenant_schema

from . import selectors, services
from .filters import ATTRIBUTE_PARAM, AssetFilter, attribute_filters
from .models import Asset
from .presenters import VALUE_FIELDS, may_see_values

MAX_ATTRIBUTES = 100
ATTRIBUTE_TEXT = 500


class AssetSerializer(TenantModelSerializer):
    kind = serializers.CharField(source="asset_type.kind", read_only=True, help_text="The type's family.")

    class Meta:
        model = Asset
        fields = ["id", *services.ASSET_FIELDS, "kind", "depth", "created_at", "updated_at", "archived_at"]
        read_only_fields = [*READ_ONLY, "depth"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not may_see_values(getattr(request, "membership", None)):
            data.update(dict.fromkeys(VALUE_FIELDS))
        return data


def _check_attributes(value):
    if not isinstance(value, dict):
        raise serializers.ValidationError("Attributes are an object: code → value.")
    if len(value) > MAX_ATTRIBUTES:
        raise serializers.ValidationError(f"At most {MAX_ATTRIBUTES} attributes.")
    for code, item in value.items():
        if len(code) > 40 or not (item is None or isinstance(item, bool | int | float | str)):
            raise serializers.ValidationError("Each attribute is a code (40 characters at most) and a plain value.")
        if isinstance(item, str) and len(item) > ATTRIBUTE_TEXT:
            raise serializers.ValidationError(f"An attribute value has at most {ATTRIBUTE_TEXT} characters.")
    return value


def _check_geometry(value):
    if value is not None and not isinstance(value, dict):
        raise serializers.ValidationError("A GeoJSON geometry is an object with a type and coordinates.")
    return value


class AssetInputSerializer(TenantModelSerializer):
    attributes = serializers.JSONField(required=False, validators=[_check_attributes])
    geometry = serializers.JSONField(required=False, allow_null=True, validators=[_check_geometry])

    class Meta:
        model = Asset
        fields = list(services.ASSET_FIELDS)
        extra_kwargs = {"code": {"required": False, "allow_blank": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = getattr(self.context.get("request"), "organization", None)
        owner = self.fields["owner"]  # itself, its inter-municipal body or one of its communes
        owner.queryset = selectors.owner_choices(organization) if organization else owner.queryset.none()


@extend_schema_view(
    list=extend_schema(
        description="Assets of the current organization and those shared with it, in French name order. "
        "Besides the parameters below, `attr.<code>=<value>` filters by an attribute of the types "
        "(at most five; an unknown code is a 400)."
    )
)
@tenant_schema
class AssetViewSet(TenantViewSet):
    """The asset registry of the current organization."""

    model = Asset
    queryset = Asset.objects.none()
    serializer_class = AssetSerializer
    input_serializer_class = AssetInputSerializer
    permission_resource = "asset"
    filterset_class = AssetFilter
    search_fields = []
    ordering_fields = ["name", "code", "created_at", "status"]
    ordering = ["name"]

    @property
    def query_parameters(self):
        return tuple(name for name in self.request.query_params if ATTRIBUTE_PARAM.match(name))

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list" and self.request.organization is not None:
            try:
                wanted = attribute_filters(self.request.query_params, self.request.organization)
            except ValidationError as error:  # a 400 naming the attribute parameters
                raise ValidationError(dict.fromkeys(self.query_parameters, error.messages)) from None
            if wanted:
                qs = selectors.filter_assets(qs, attributes=wanted)
        return qs

    def optimize(self, qs):
        return qs.select_related("asset_type")

    def create_service(self, *, by, organization, data, m2m=None):
        return services.create_asset(by=by, organization=organization, data=data)

    def update_service(self, obj, *, by, data, m2m=None):
        return services.update_asset(obj, by=by, data=data)

    def archive_object(self, obj, reason):
        return services.archive_asset(obj, by=self.request.user, reason=reason)
