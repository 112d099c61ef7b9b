"""HTML pages of the registry's reference and companion records: asset types and their attributes, occupants
and occupancies, meters and their readings, species, the organization's area. Thin declarations over the core
record views; the rules live in `services`."""

import shapely
from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView

from regie.core.views import Column, ServiceFormView, TenantViewMixin, record_views, redirect_to

from . import geometry as geo
from . import reference_forms as forms
from . import services
from .models import Asset, AssetType, AttributeDefinition, Meter, MeterReading, Occupancy, Occupant, Species
from .models import OrganizationArea as Area

NS = "assetref"
SHARE_LABEL = gettext_lazy("Share of the floor area (%)")
READINGS_SHOWN = 50


def _record_id(raw):
    """An id from a query string, or None (nothing an integer column cannot hold)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


class PrefilledFormMixin:
    """A create form prefilled from the page it was opened from (`?type=3`, `?asset=12`, `?occupant=5`): the
    organization's own active records only. `prefill`: query parameter → (form field, model)."""

    prefill: dict = {}

    def get_form(self, data=None, files=None):
        instance = self.get_object() if "pk" in self.kwargs else None
        initial = {} if instance is not None else self.prefilled()
        return self.form_class(data, instance=instance, organization=self.organization, initial=initial)

    def prefilled(self):
        values = {}
        for parameter, (name, model) in self.prefill.items():
            pk = _record_id(self.request.GET.get(parameter))
            record = model.objects.owned_by(self.organization).active().filter(pk=pk).first() if pk else None
            if record is not None:
                values[name] = record.code if model is Asset else record.pk
        return values


# --- asset types and their attributes ----------------------------------------------------------------------

TYPE_VIEWS = record_views(
    AssetType,
    "assettype",
    form=forms.AssetTypeForm,
    create=services.create_asset_type,
    update=services.update_asset_type,
    columns=[
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("kind", gettext_lazy("Family"), sort="kind"),
        Column("attribute_count", gettext_lazy("Attributes")),
    ],
    fields=services.ASSET_TYPE_FIELDS,
    search=["code", "name"],
    namespace=NS,
)


class AssetTypeListView(TYPE_VIEWS[0]):
    def base_queryset(self):
        active = Q(attributes__archived_at__isnull=True)
        return super().base_queryset().annotate(attribute_count=Count("attributes", filter=active))


class AssetTypeDetailView(TYPE_VIEWS[1]):
    template_name = "assets/type_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset_type = context["object"]
        form = None
        if context["can_manage"] and not asset_type.is_archived:
            form = forms.AttributeForm(organization=self.organization, initial={"asset_type": asset_type.pk})
            form.fields["asset_type"].widget = django_forms.HiddenInput()
        context.update(
            attributes=asset_type.attributes.filter(archived_at__isnull=True).order_by("position", "code"),
            attribute_form=form,
            attribute_create_url=reverse(f"{NS}:attributedefinition-create"),
            asset_count=Asset.objects.filter(asset_type=asset_type, archived_at__isnull=True).count(),
        )
        return context


class AssetTypeArchiveView(TYPE_VIEWS[3]):
    def archive(self, obj, reason):
        return services.archive_asset_type(obj, by=self.request.user, reason=reason)


ATTRIBUTE_VIEWS = record_views(
    AttributeDefinition,
    "assettype",
    form=forms.AttributeForm,
    create=services.create_attribute,
    update=services.update_attribute,
    columns=[
        Column("label", gettext_lazy("Label"), sort="label", link=True),
        Column("code", gettext_lazy("Code"), sort="code"),
        Column("asset_type", gettext_lazy("Asset type"), sort="asset_type__name"),
        Column("data_type", gettext_lazy("Type of value"), sort="data_type"),
        Column("unit", gettext_lazy("Unit")),
        Column("required", gettext_lazy("Required")),
    ],
    fields=[*services.ATTRIBUTE_FIELDS],
    search=["code", "label", "asset_type__name"],
    default_sort="label",
    select_related=("asset_type",),
    namespace=NS,
)


class AttributeFormView(PrefilledFormMixin, ATTRIBUTE_VIEWS[2]):
    """Saved, an attribute goes back to its type's page, where its attributes are listed in order."""

    prefill = {"type": ("asset_type", AssetType)}

    def success_url(self, result):
        return reverse(f"{NS}:assettype-detail", args=[result.asset_type_id])


class AttributeArchiveView(ATTRIBUTE_VIEWS[3]):
    def success_url(self, result):
        return reverse(f"{NS}:assettype-detail", args=[result.asset_type_id])


# --- occupants and their premises --------------------------------------------------------------------------

OCCUPANT_VIEWS = record_views(
    Occupant,
    "occupant",
    form=forms.OccupantForm,
    create=services.create_occupant,
    update=services.update_occupant,
    columns=[
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("contact_name", gettext_lazy("Contact")),
        Column("phone", gettext_lazy("Phone")),
        Column("email", gettext_lazy("E-mail")),
    ],
    fields=services.OCCUPANT_FIELDS,
    search=["name", "contact_name", "email"],
    select_related=("department",),
    namespace=NS,
)


class OccupantDetailView(OCCUPANT_VIEWS[1]):
    template_name = "assets/occupant_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occupant = context["object"]
        context.update(
            occupancies=Occupancy.objects.owned_by(self.organization)
            .filter(occupant=occupant, archived_at__isnull=True)
            .select_related("asset")
            .order_by("-starts_on", "pk"),
            occupancy_create_url=f"{reverse(f'{NS}:occupancy-create')}?occupant={occupant.pk}",
            share_label=SHARE_LABEL,
        )
        return context


OCCUPANCY_VIEWS = record_views(
    Occupancy,
    "occupant",
    form=forms.OccupancyForm,
    create=services.create_occupancy,
    update=services.update_occupancy,
    columns=[
        Column("occupant", gettext_lazy("Occupant"), sort="occupant__name", link=True),
        Column("asset", gettext_lazy("Premises"), sort="asset__code"),
        Column("starts_on", gettext_lazy("From"), sort="starts_on"),
        Column("ends_on", gettext_lazy("Until"), sort="ends_on"),
        Column("floor_share", SHARE_LABEL, sort="floor_share"),
        Column("use", gettext_lazy("Use")),
    ],
    fields=services.OCCUPANCY_FIELDS,
    search=["occupant__name", "asset__code", "asset__name", "use"],
    default_sort="-starts_on",
    select_related=("occupant", "asset"),
    namespace=NS,
)


class OccupancyFormView(PrefilledFormMixin, OCCUPANCY_VIEWS[2]):
    prefill = {"occupant": ("occupant", Occupant), "asset": ("asset", Asset)}

    def success_url(self, result):
        return reverse(f"{NS}:occupant-detail", args=[result.occupant_id])


# --- meters and readings -----------------------------------------------------------------------------------

METER_VIEWS = record_views(
    Meter,
    "meter",
    form=forms.MeterForm,
    create=services.create_meter,
    update=services.update_meter,
    columns=[
        Column("name", gettext_lazy("Meter"), sort="name", link=True),
        Column("asset", gettext_lazy("Asset"), sort="asset__code"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("last_value", gettext_lazy("Last reading")),
        Column("unit", gettext_lazy("Unit")),
        Column("last_read_at", gettext_lazy("Read at")),
    ],
    fields=services.METER_FIELDS,
    search=["name", "serial_number", "asset__code", "asset__name"],
    select_related=("asset",),
    namespace=NS,
)


def latest_readings(qs):
    """Meters with their last reading (value and time) in the same query."""
    last = MeterReading.objects.filter(meter=OuterRef("pk"), archived_at__isnull=True).order_by("-read_at", "-pk")
    return qs.annotate(last_value=Subquery(last.values("value")[:1]), last_read_at=Subquery(last.values("read_at")[:1]))


class MeterListView(METER_VIEWS[0]):
    """The meters of the organization, or of one asset (`?asset=<id>`: the asset page links here)."""

    template_name = "assets/meter_list.html"
    query_parameters = ("asset",)

    def asset(self):
        if not hasattr(self, "_asset"):
            pk = _record_id(self.request.GET.get("asset"))
            self._asset = Asset.objects.for_org(self.organization).filter(pk=pk).first() if pk else None
        return self._asset

    def base_queryset(self):
        qs = latest_readings(super().base_queryset())
        if self.request.GET.get("asset"):
            qs = qs.filter(asset=self.asset()) if self.asset() else qs.none()
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.asset()
        if asset is not None:
            context["title"] = _("Meters of %(asset)s") % {"asset": asset}
            if context["create_url"]:
                context["create_url"] += f"?asset={asset.pk}"
        context["meter_asset"] = asset
        return context


class MeterDetailView(METER_VIEWS[1]):
    template_name = "assets/meter_detail.html"

    def get_context_data(self, reading_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        meter = context["object"]
        readings = meter.readings.filter(archived_at__isnull=True).select_related("read_by")
        may_read = meter.organization_id == self.organization.pk and self.can("meter.read")
        context.update(
            readings=readings.order_by("-read_at", "-pk")[:READINGS_SHOWN],
            reading_count=readings.count(),
            readings_shown=READINGS_SHOWN,
            reading_form=(reading_form or forms.ReadingForm()) if may_read and not meter.is_archived else None,
            reading_url=reverse(f"{NS}:meter-reading", args=[meter.pk]),
            can_correct=context["can_manage"],
        )
        return context


class MeterFormView(PrefilledFormMixin, METER_VIEWS[2]):
    prefill = {"asset": ("asset", Asset)}


class ReadingCreateView(MeterDetailView, ServiceFormView):
    """POST a reading from the meter's page (permission meter.read: agents in the field). Refused, the page
    again with the form's errors; recorded, the page with the reading on top."""

    permission_action = "meter.read"
    http_method_names = ["post"]
    form_class = forms.ReadingForm
    fragment = "assets/meter_detail.html#reading-form"

    owned_only = True  # a meter lent by another organization is read by its owner's agents
    errors_on_page = False  # an archived meter: a message on its page (the form is not shown there)

    def post(self, request, *args, **kwargs):
        meter = self.get_object()
        if meter.is_archived:  # its page shows no reading form: say why there
            messages.error(request, _("This meter is archived: restore it before recording a reading."))
            return redirect_to(request, reverse(f"{NS}:meter-detail", args=[meter.pk]))
        return super().post(request, *args, **kwargs)

    def form_context(self, form):
        return {"reading_form": form}

    def perform(self, form):
        return services.record_reading(self.get_object(), by=self.request.user, **form.cleaned_data)

    def success_message(self, result):
        values = {"value": formats.number_format(result.value.normalize(), use_l10n=True), "unit": result.meter.unit}
        return _("Reading recorded: %(value)s %(unit)s.") % values

    def success_url(self, result):
        return reverse(f"{NS}:meter-detail", args=[result.meter_id])


READING_VIEWS = record_views(
    MeterReading,
    "meter",
    form=None,
    create=None,
    update=None,
    columns=[],
    fields=["meter", "read_at", "value", "read_by", "note"],
    search=[],
    namespace=NS,
)


class ReadingArchiveView(READING_VIEWS[3]):
    """Set a wrong reading aside (managers); restored, it is checked against the others again on the next one."""

    def archive(self, obj, reason):
        return services.archive_reading(obj, by=self.request.user, reason=reason)

    def failure_url(self):
        return reverse(f"{NS}:meter-detail", args=[self.get_object().meter_id])


# --- species -----------------------------------------------------------------------------------------------

SPECIES_VIEWS = record_views(
    Species,
    "assettype",
    form=forms.SpeciesForm,
    create=services.create_species,
    update=services.update_species,
    columns=[
        Column("genus", gettext_lazy("Genus"), sort="sort_name", link=True),
        Column("species", pgettext_lazy("after the genus", "Species")),
        Column("common_name", gettext_lazy("Common name"), sort="common_name"),
    ],
    fields=services.SPECIES_FIELDS,
    search=["genus", "species", "common_name"],
    default_sort="sort_name",
    namespace=NS,
)


class SpeciesListView(SPECIES_VIEWS[0]):
    title = gettext_lazy("Species")


# --- the organization's area -------------------------------------------------------------------------------


class AreaView(TenantViewMixin, ServiceFormView, TemplateView):
    """The organization's boundary: its name, tolerance and box, and (administrators) a GeoJSON file to replace
    it. GET shows; POST (permission area.manage) uploads."""

    model = Area
    permission_action = "area.view"
    template_name = "assets/area.html"
    fragment = "assets/area.html#upload"
    form_class = forms.AreaUploadForm

    def get_permission_action(self):
        return "area.manage" if self.request.method == "POST" else "area.view"

    def area(self):
        return Area.objects.owned_by(self.organization).active().first()

    def get_form(self, data=None, files=None):
        area = self.area()
        initial = {"name": area.name if area else self.organization.name}
        if area is not None:
            initial["tolerance_m"] = area.tolerance_m
        return self.form_class(data, files, initial=initial)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def perform(self, form):
        data = form.cleaned_data
        return services.upload_area(
            by=self.request.user,
            organization=self.organization,
            upload=data["file"],
            name=data["name"],
            tolerance_m=data.get("tolerance_m"),
        )

    def success_message(self, result):
        return _("The boundary of %(area)s is saved.") % {"area": result.name}

    def success_url(self, result):
        return reverse(f"{NS}:area")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.area()
        context.update(
            area=area,
            vertex_count=_vertex_count(area),
            form=context.get("form") if self.can("area.manage") else None,
        )
        return context


def _vertex_count(area):
    """How many points the boundary has (0 for one the page cannot read)."""
    if area is None:
        return 0
    try:
        return shapely.get_num_coordinates(geo.parse(area.geometry, types=geo.AREA_TYPES)[1])
    except ValidationError:
        return 0
