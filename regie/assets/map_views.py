"""The registry's map: the page (Leaflet, the list's filters) and its GeoJSON endpoint for a viewport."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from regie.core.views import TenantViewMixin

from . import map_data, selectors
from .filters import ATTRIBUTE_PARAM, AssetFilter, attribute_filters, parse_bbox
from .models import Asset, AssetKind

VIEWPORT_PARAMETERS = ("bbox", "zoom")
URL_PLACEHOLDER = "999999999"
MAX_PLACES = 300
PLACE_KINDS = (
    AssetKind.SITE, AssetKind.BUILDING, AssetKind.GREEN_SPACE, AssetKind.PLAYGROUND, AssetKind.SPORTS_GROUND,
    AssetKind.CEMETERY, AssetKind.CAR_PARK, AssetKind.ROAD_SECTION, AssetKind.LIGHTING_CABINET,
)  # fmt: skip


def asset_url_template():
    """The asset page's URL with `{pk}` for the primary key (built in the browser: one string, not one per point)."""
    try:
        return reverse("assets:asset-detail", args=[URL_PLACEHOLDER]).replace(URL_PLACEHOLDER, "{pk}")
    except NoReverseMatch:  # the asset pages are mounted beside the map, under the same prefix
        return reverse("assets:map").removesuffix("map/") + "{pk}/"


def json_error(message, fields=None, status=400):
    body = {"code": "invalid", "message": str(message)}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    return JsonResponse(body, status=status)


def asset_filter(request, data):
    """(apply, errors): `apply(queryset)` narrows a queryset of assets by the list's filters in `data` (bbox and
    zoom left out), validated once and applied to as many querysets as the map needs."""
    organization, errors = request.organization, {}
    filterset = AssetFilter(data or None, queryset=Asset.objects.none(), request=request)
    if filterset.is_bound and not filterset.is_valid():
        errors.update(filterset.errors)
    try:
        attributes = attribute_filters(data, organization)
    except ValidationError as error:
        errors["attr"] = error.messages
        attributes = {}
    if errors:
        return None, errors

    def apply(queryset):
        qs = filterset.filter_queryset(queryset) if filterset.is_bound else queryset
        return selectors.filter_assets(qs, attributes=attributes)

    return apply, {}


def limit_places(form, organization):
    """The "Inside" filter offers the places that hold things (sites, buildings, parks…), at most MAX_PLACES:
    a select of every asset would be 500,000 options. Any visible asset stays a valid value (a link from an asset
    page: `?within=<pk>`), shown as the selected option."""
    field = form.fields.get("within")
    if field is None:
        return
    places = (  # the organization's own places, read in name order from the (organization, sort_name) index
        Asset.objects.owned_by(organization)
        .active()
        .filter(asset_type__kind__in=PLACE_KINDS, depth__lte=1)
        .select_related(None)
        .order_by("sort_name", "pk")
    )
    choices = [(asset.pk, str(asset)) for asset in places.only("pk", "code", "name")[:MAX_PLACES]]
    chosen = str(form["within"].value() or "")
    if chosen.isdigit() and chosen not in {str(pk) for pk, _label in choices}:
        current = places.model.objects.for_org(organization).filter(pk=int(chosen)).only("pk", "code", "name")
        choices = [(asset.pk, str(asset)) for asset in current[:1]] + choices
    field.widget.choices = [("", field.empty_label), *choices]


def parse_zoom(value):
    try:
        zoom = int(value)
    except (TypeError, ValueError):
        zoom = -1
    if not 0 <= zoom <= map_data.MAX_ZOOM:
        raise ValidationError(_("zoom is a whole number from 0 to %(max)s.") % {"max": map_data.MAX_ZOOM})
    return zoom


class MapDataView(TenantViewMixin, View):
    """GET ?bbox=south,west,north,east&zoom=Z[&the list's filters] → a GeoJSON FeatureCollection: the points of
    the viewport, or grid clusters above map_data.MAX_POINTS; outlines and lines from map_data.OUTLINE_ZOOM on."""

    permission_action = "asset.view"

    def get(self, request):
        errors = {}
        known = {*AssetFilter.base_filters, *VIEWPORT_PARAMETERS}
        for name in request.GET:
            if name not in known and not ATTRIBUTE_PARAM.match(name):
                errors[name] = [_("Unknown parameter: the map has no such filter.")]
        bbox = zoom = None
        try:
            bbox = parse_bbox(request.GET.get("bbox", ""))
        except ValidationError as error:
            errors["bbox"] = error.messages
        try:
            zoom = parse_zoom(request.GET.get("zoom"))
        except ValidationError as error:
            errors["zoom"] = error.messages
        data = request.GET.copy()
        for name in VIEWPORT_PARAMETERS:
            data.pop(name, None)
        apply, filter_errors = asset_filter(request, data)
        errors.update(filter_errors)
        if errors:
            return json_error(_("Some parameters of the map are not valid."), errors)
        return JsonResponse(map_data.viewport(apply, bbox, zoom, request.organization, request.membership))


class MapView(TenantViewMixin, TemplateView):
    permission_action = "asset.view"
    template_name = "assets/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        filterset = AssetFilter(
            request.GET or None, queryset=selectors.visible_assets(self.organization), request=request, page=True
        )
        limit_places(filterset.form, self.organization)
        area = map_data.organization_area(self.organization)
        bounds = area.bounds if area else None
        if bounds is None:
            apply, errors = asset_filter(request, request.GET)
            bounds = (map_data.own_extent(self.organization, apply) if not errors else None) or map_data.FRANCE
        context.update(
            title=_("Map of the assets"),
            filterset=filterset,
            map_config={
                "assetUrl": asset_url_template(),
                "bounds": bounds,
                "area": area.geometry if area else None,
                **map_data.map_settings(),
            },
        )
        return context
