"""HTML pages of the regulatory inspections: the catalogue (maintenance/catalogue/), the inspections with their
observations (maintenance/inspections/), and the compliance view with its indicators, export and map layer
(maintenance/compliance/)."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core.access import get_for_org
from regie.core.exceptions import NotFound
from regie.core.views import (
    Column,
    RecordDetailView,
    RecordListView,
    ServiceFormView,
    TenantViewMixin,
    record_views,
    redirect_to,
)
from regie.imports.exports import ExportColumn, ExportListMixin
from regie.interventions.views.assets import PickerSearchMixin
from regie.interventions.views.base import FormPageView, PageView, RecordEditView

from . import compliance, inspection_forms, inspection_selectors, inspection_services
from .models import Inspection, InspectionObligation, InspectionType, Observation, PeriodicityRule

BADGES = {
    compliance.S.OVERDUE: "badge badge-danger",
    compliance.S.OPEN_OBSERVATIONS: "badge status status-submitted",
    compliance.S.DUE_SOON: "badge",
    compliance.S.UP_TO_DATE: "badge status status-done",
}
LABELS = dict(compliance.ComplianceStatus.choices)


class InspectionTypeDetailView(RecordDetailView):
    """The catalogue entry with its periodicity rules (by public-access type and category)."""

    template_name = "maintenance/inspections/type_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rules"] = list(self.get_object().rules.filter(archived_at__isnull=True).order_by("position", "pk"))
        context["can_manage"] = self.can("inspection.manage")
        return context


TYPE_VIEWS = record_views(
    InspectionType,
    "inspection",
    form=inspection_forms.InspectionTypeForm,
    create=inspection_services.create_inspection_type,
    update=inspection_services.update_inspection_type,
    columns=[
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("asset_kind", gettext_lazy("Applies to")),
        Column("periodicity_label", gettext_lazy("Periodicity")),
        Column("legal_reference", gettext_lazy("Legal reference")),
        Column("to_be_confirmed", gettext_lazy("To be confirmed")),
    ],
    fields=[*inspection_services.INSPECTION_TYPE_FIELDS],
    search=["code", "name", "legal_reference"],
)
TYPE_VIEWS = (TYPE_VIEWS[0], type("InspectionTypePage", (InspectionTypeDetailView, TYPE_VIEWS[1]), {}), *TYPE_VIEWS[2:])
RULE_VIEWS = record_views(
    PeriodicityRule,
    "inspection",
    form=inspection_forms.PeriodicityRuleForm,
    create=inspection_services.create_rule,
    update=inspection_services.update_rule,
    columns=[
        Column("inspection_type", gettext_lazy("Inspection type"), sort="inspection_type__name", link=True),
        Column("erp_types", gettext_lazy("Public-access types")),
        Column("erp_categories", gettext_lazy("Categories")),
        Column("months", gettext_lazy("Periodicity (months)"), sort="months"),
        Column("to_be_confirmed", gettext_lazy("To be confirmed")),
    ],
    fields=list(inspection_services.RULE_FIELDS),
    search=["inspection_type__name", "erp_types"],
    default_sort="inspection_type",
    select_related=("inspection_type",),
)


class RuleFormView(RULE_VIEWS[2]):
    """A new rule opened from an inspection type's page ("Add a rule", `?inspection_type=3`): that type
    preselected (the organization's own active types only; anything else, nothing preselected)."""

    def get_form(self, data=None, files=None):
        form = super().get_form(data, files)
        raw = (self.request.GET.get("inspection_type") or "").strip()
        if "pk" not in self.kwargs and raw.isdigit() and len(raw) <= 12:
            types = InspectionType.objects.for_org(self.organization).active()
            if types.filter(pk=int(raw)).exists():
                form.initial["inspection_type"] = int(raw)
        return form


RULE_VIEWS = (RULE_VIEWS[0], RULE_VIEWS[1], RuleFormView, RULE_VIEWS[3])


class InspectionListView(ExportListMixin, RecordListView):
    model = Inspection
    permission_action = "inspection.view"
    manage_action = "inspection.manage"
    title = gettext_lazy("Inspections")
    create_url_name = "maintenance:inspection-create"
    detail_url_name = "maintenance:inspection-detail"
    default_sort = "-inspected_on"
    search_fields = ["number", "asset__name", "asset__code", "inspector", "inspection_type__name"]
    select_related = ("asset", "inspection_type", "contractor")
    columns = [
        Column("number", gettext_lazy("Number"), sort="number", link=True),
        Column("inspected_on", gettext_lazy("Date"), sort="inspected_on"),
        Column("asset", gettext_lazy("Asset"), sort="asset__name"),
        Column("inspection_type", gettext_lazy("Inspection type"), sort="inspection_type__name"),
        Column("outcome", gettext_lazy("Outcome"), sort="outcome"),
        Column("state_label", gettext_lazy("Status")),
    ]


class InspectionMixin(TenantViewMixin):
    model = Inspection

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = inspection_selectors.inspection_detail(self.organization, self.kwargs["pk"])
            except NotFound:
                raise Http404 from None
        return self._object

    def detail_url(self):
        return reverse("maintenance:inspection-detail", args=[self.kwargs["pk"]])

    def post(self, request, *args, **kwargs):
        self.get_object()  # another organization's inspection: 404 before anything is read from the form
        return super().post(request, *args, **kwargs)


class InspectionCreateView(PickerSearchMixin, FormPageView):
    permission_action = "inspection.manage"
    template_name = "maintenance/inspections/inspection_form.html"
    fragment = "maintenance/inspections/inspection_form.html#form"

    def get_form(self, data=None, files=None):
        initial = {}
        for name in ("asset", "inspection_type"):
            value = self.request.GET.get(name, "")
            if value.isdigit() and len(value) < 19:
                initial[name] = int(value)
        return inspection_forms.InspectionForm(data, files, organization=self.organization, initial=initial)

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in inspection_services.INSPECTION_FIELDS}
        return inspection_services.record_inspection(
            by=self.request.user, organization=self.organization, data=data, files=form.cleaned_data.get("report")
        )

    def success_message(self, result):
        return _("Inspection %(number)s recorded.") % {"number": result.number}

    def success_url(self, result):
        return reverse("maintenance:inspection-detail", args=[result.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Record an inspection"), cancel_url=reverse("maintenance:inspection-list"))
        return context


class InspectionUpdateView(InspectionMixin, RecordEditView):
    permission_action = "inspection.manage"
    edit_title = gettext_lazy("Edit %(record)s")
    template_name = "maintenance/inspections/inspection_form.html"
    fragment = "maintenance/inspections/inspection_form.html#form"

    def get_form(self, data=None, files=None):
        return inspection_forms.InspectionEditForm(data, instance=self.get_object(), organization=self.organization)

    def perform(self, form):
        data = {k: form.cleaned_data[k] for k in inspection_forms.InspectionEditForm.Meta.fields}
        return inspection_services.update_inspection(
            self.get_object(), by=self.request.user, data=data, expected_updated_at=form.cleaned_data.get("version")
        )


class InspectionDetailView(InspectionMixin, PageView):
    permission_action = "inspection.view"
    http_method_names = ["get", "head", "options"]
    template_name = "maintenance/inspections/inspection_detail.html"

    def get_context_data(self, observation_form=None, **kwargs):
        from regie.core import audit

        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        manage = self.can("inspection.manage")
        context.update(
            object=obj,
            title=str(obj),
            observations=list(obj.observations.all()),
            can_manage=manage,
            observation_form=observation_form or inspection_forms.ObservationForm(),
            lift_form=inspection_forms.LiftForm(),
            timeline=audit.with_change_lines(list(audit.timeline(obj, self.organization)[:100])),
        )
        return context


class ObservationAddView(InspectionMixin, ServiceFormView):
    """POST an observation on the inspection's page (a closed inspection refuses it: a message on the page)."""

    permission_action = "inspection.manage"
    http_method_names = ["post"]
    form_class = inspection_forms.ObservationForm
    errors_on_page = False
    invalid_on_page = False

    def perform(self, form):
        return inspection_services.add_observation(self.get_object(), by=self.request.user, **form.cleaned_data)

    def success_message(self, result):
        return _("Observation added.")

    def success_url(self, result):
        return self.detail_url()

    def failure_url(self):
        return self.detail_url()


class ObservationMixin(TenantViewMixin):
    model = Observation
    permission_action = "inspection.manage"
    http_method_names = ["post"]
    errors_on_page = False
    invalid_on_page = False

    def get_observation(self):
        if not hasattr(self, "_observation"):
            try:
                self._observation = get_for_org(Observation, self.organization, self.kwargs["pk"], owned=True)
            except NotFound:
                raise Http404 from None
        return self._observation

    def post(self, request, *args, **kwargs):
        self.get_observation()  # another organization's observation: 404 first
        return super().post(request, *args, **kwargs)

    def detail_url(self):
        return reverse("maintenance:inspection-detail", args=[self.get_observation().inspection_id])

    def success_url(self, result):
        return self.detail_url()

    def failure_url(self):
        return self.detail_url()


class ObservationRequestView(ObservationMixin, ServiceFormView):
    """One click: the observation becomes a corrective request, linked both ways."""

    form_class = type("EmptyForm", (inspection_forms.forms.Form,), {})

    def get_form(self, data=None, files=None):
        return self.form_class(data)

    def perform(self, form):
        return inspection_services.create_corrective_request(self.get_observation(), by=self.request.user)

    def success_message(self, result):
        return _("Request %(number)s filed for this observation.") % {"number": result.request.number}


class ObservationLiftView(ObservationMixin, ServiceFormView):
    form_class = inspection_forms.LiftForm

    def perform(self, form):
        return inspection_services.lift_observation(
            self.get_observation(), by=self.request.user, note=form.cleaned_data["note"]
        )

    def success_message(self, result):
        return _("Observation lifted.")


def status_column(row):
    return str(LABELS.get(row.status, row.status))


class ComplianceView(ExportListMixin, RecordListView):
    """Per asset and inspection type: up to date, due soon, overdue, with open observations; its indicators."""

    model = InspectionObligation
    permission_action = "inspection.view"
    template_name = "maintenance/inspections/compliance.html"
    partial_template_name = "maintenance/inspections/_compliance_table.html"
    title = gettext_lazy("Compliance of regulatory inspections")
    default_sort = "next_due_on"
    search_fields = ["asset__name", "asset__code", "building__name"]
    query_parameters = ("status", "inspection_type", "building", "within")
    columns = [
        Column("asset", gettext_lazy("Asset"), sort="asset__name"),
        Column("building", gettext_lazy("Building")),
        Column("inspection_type", gettext_lazy("Inspection type"), sort="inspection_type__name"),
        Column("last_inspected_on", gettext_lazy("Last inspection"), sort="last_inspected_on"),
        Column("next_due_on", gettext_lazy("Due on"), sort="next_due_on"),
        Column("status", gettext_lazy("Status")),
    ]
    export_columns = [
        ExportColumn(gettext_lazy("Asset code"), "asset.code"),
        ExportColumn(gettext_lazy("Asset"), "asset.name"),
        ExportColumn(gettext_lazy("Building"), "building.name"),
        ExportColumn(gettext_lazy("Inspection type"), "inspection_type.name"),
        ExportColumn(gettext_lazy("Legal reference"), "inspection_type.legal_reference"),
        ExportColumn(
            gettext_lazy("Periodicity"), lambda row: f"{row.periodicity} {row.get_periodicity_unit_display()}"
        ),
        ExportColumn(gettext_lazy("To be confirmed"), "to_be_confirmed"),
        ExportColumn(gettext_lazy("Last inspection"), "last_inspected_on"),
        ExportColumn(gettext_lazy("Due on"), "next_due_on"),
        ExportColumn(gettext_lazy("Status"), status_column),
    ]

    def get_queryset(self):
        self.today = inspection_services.organization_today(self.organization)
        self.filter_form = inspection_forms.ComplianceFilterForm(
            self.request.GET or None, organization=self.organization
        )
        filters, query = self.filter_form.cleaned(), self.request.GET.get("q", "")
        qs = inspection_selectors.compliance_rows(self.organization, today=self.today, query=query, **filters)
        filters.pop("status", None)  # the indicators count every status of the same scope
        self.scope = inspection_selectors.compliance_rows(self.organization, today=self.today, query=query, **filters)
        return qs.order_by(*self.sort_order())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["page"].rows:
            row.status_label, row.status_class = LABELS.get(row.status, row.status), BADGES.get(row.status, "badge")
        context.update(
            filter_form=self.filter_form,
            figures=compliance.indicators(self.scope, self.today),
            by_type=compliance.indicators_by(self.scope, self.today, "inspection_type", limit=15),
            by_building=compliance.indicators_by(self.scope, self.today, "building", limit=10),
            statuses=[(s.value, s.label, BADGES[s]) for s in compliance.ComplianceStatus],
            geojson_url=reverse("maintenance:compliance-geojson"),
            may_record=self.can("inspection.manage"),
        )
        return context


class ComplianceGeoJSONView(PageView):
    """The assets with a point and the worst status of what they owe, as GeoJSON with a colour per feature: a
    layer the assets map (or any GIS) colours by `status` / `colour`."""

    permission_action = "inspection.view"

    def get(self, request, *args, **kwargs):
        from regie.assets.models import Asset

        statuses = compliance.asset_statuses(self.organization)
        features = []
        points = Asset.objects.filter(pk__in=list(statuses), latitude__isnull=False).values_list(
            "pk", "code", "name", "latitude", "longitude"
        )
        for pk, code, name, latitude, longitude in points.iterator():
            status = statuses[pk]
            features.append(
                {
                    "type": "Feature",
                    "id": pk,
                    "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
                    "properties": {
                        "code": code,
                        "name": name,
                        "status": status,
                        "status_label": str(LABELS[status]),
                        "colour": compliance.COLOURS[status],
                    },
                }
            )
        return JsonResponse({"type": "FeatureCollection", "features": features})


class RefreshObligationsView(TenantViewMixin, ServiceFormView):
    """POST: bring the obligations in line with the registry now (the daily job does it too)."""

    permission_action = "inspection.manage"
    http_method_names = ["post"]
    errors_on_page = False

    def get_form(self, data=None, files=None):
        return inspection_forms.forms.Form(data)

    def perform(self, form):
        return inspection_services.refresh_obligations(self.organization)

    def succeeded(self, result):
        added, changed, removed = result
        messages.success(
            self.request,
            _("Obligations brought up to date: %(added)s added, %(changed)s changed, %(removed)s removed.")
            % {"added": added, "changed": changed, "removed": removed},
        )
        return redirect_to(self.request, reverse("maintenance:compliance"))

    def failure_url(self):
        return reverse("maintenance:compliance")
