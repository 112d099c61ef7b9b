"""The registry's pages: the list (filters, exports incl. GeoJSON), the lazy tree, the asset page, its forms.

Thin views over the registry's selectors and services: the list's filters are `filters.AssetFilter` (the API's
too), the money of an asset follows `presenters.may_see_values` on the page, the API and the exports alike.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from regie.core.access import get_for_org
from regie.core.exceptions import NotFound
from regie.core.views import (
    Column,
    RecordArchiveView,
    RecordDetailView,
    RecordFormView,
    RecordListView,
    TenantViewMixin,
    is_htmx,
)
from regie.imports.exports import ExportColumn, ExportListMixin

from . import selectors, services
from .attributes import definitions_of
from .filters import ATTRIBUTE_PARAM, AssetFilter, attribute_filters
from .forms import AssetForm
from .models import Asset, AssetKind, AssetStatus
from .presenters import attribute_rows, may_see_values
from .sections import SECTIONS, may_see, shown_sections

CHILDREN_SHOWN = 50
TREE_LEVEL_SIZE = 100
CHOICES_SHOWN = 20
ASSET_FILTERS = ("within", "parent")  # filters whose choices are assets


def point_geometry(asset):
    """The asset's GeoJSON geometry: its outline or line, else its point, else None (RFC 7946 allows it)."""
    if asset.geometry:
        return asset.geometry
    if asset.latitude is not None and asset.longitude is not None:
        return {"type": "Point", "coordinates": [float(asset.longitude), float(asset.latitude)]}
    return None


class AssetListView(ExportListMixin, RecordListView):
    model = Asset
    template_name = "assets/asset_list.html"
    partial_template_name = "assets/_asset_table.html"
    permission_action = "asset.view"
    manage_action = "asset.manage"
    filterset_class = AssetFilter
    title = gettext_lazy("Asset registry")
    default_sort = "name"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("asset_type", gettext_lazy("Type")),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("address", gettext_lazy("Address")),
        Column("department", gettext_lazy("Responsible department")),
    ]
    select_related = ("asset_type", "department")
    create_url_name = "assets:asset-create"
    detail_url_name = "assets:asset-detail"
    export_geometry = staticmethod(point_geometry)

    @property
    def query_parameters(self):
        """The `attr.<code>` parameters are read too (`filters.attribute_filters`)."""
        return tuple(name for name in self.request.GET if ATTRIBUTE_PARAM.match(name))

    def base_queryset(self):
        return selectors.visible_assets(self.organization, self.request.membership)

    def get_filterset(self, queryset):
        filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request, page=True)
        for name in ASSET_FILTERS:  # a select of every asset would list 500,000: it offers the one asked for only
            if name in filterset.filters:
                filterset.filters[name].queryset = self.asked_asset(name)
        return filterset

    def asked_asset(self, name):
        raw = self.request.GET.get(name, "")
        visible = selectors.visible_assets(self.organization, self.request.membership)
        return visible.filter(pk=int(raw)) if raw.isdigit() and len(raw) < 19 else visible.none()

    def get_queryset(self):
        qs = super().get_queryset()
        self.attribute_error = ""
        try:
            wanted = attribute_filters(self.request.GET, self.organization)
        except ValidationError as error:
            self.attribute_error = " ".join(error.messages)
            wanted = {}
        self.attribute_values = wanted
        return selectors.filter_assets(qs, attributes=wanted) if wanted else qs

    def get_export_columns(self):
        columns = [
            ExportColumn(_("Code"), "code"),
            ExportColumn(_("Name"), "name"),
            ExportColumn(_("Type"), "asset_type.name"),
            ExportColumn(_("Family"), lambda a: a.asset_type.get_kind_display()),
            ExportColumn(_("Status"), "status"),
            ExportColumn(_("Address"), "address"),
            ExportColumn(_("Latitude"), "latitude"),
            ExportColumn(_("Longitude"), "longitude"),
            ExportColumn(_("Responsible department"), "department"),
            ExportColumn(_("In service since"), "in_service_on"),
            ExportColumn(_("Acquisition date"), "acquired_on"),
        ]
        if may_see_values(self.request.membership):
            columns += [
                ExportColumn(_("Acquisition value (€)"), "acquisition_value"),
                ExportColumn(_("Insured value (€)"), "insured_value"),
            ]
        return columns

    def chosen_type_attributes(self):
        """The filters of the chosen type's attributes (`attr.<code>` inputs), with what was asked."""
        form = getattr(self.filterset, "form", None)
        chosen = form.cleaned_data.get("type") if form is not None and hasattr(form, "cleaned_data") else None
        if chosen is None:
            return []
        return [(d, self.request.GET.get(f"attr.{d.code}", "")) for d in definitions_of(chosen).values()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(table_labels(context["columns"], context["page"].rows))
        context.update(
            attribute_error=self.attribute_error,
            type_attributes=self.chosen_type_attributes(),
            create_label=_("New asset"),
            tree_url=reverse("assets:asset-tree"),
            import_url=(
                f"{reverse('imports:job-create')}?target=assets.assets"
                if self.can("import.manage") and self.can("asset.manage")
                else ""
            ),
        )
        return context


def table_labels(columns, rows):
    """What the table's fifty rows show, read once per page: each column's label by name (`labels.code`), each
    row's status and family as text (`row.status_label`, `row.kind_label`), the asset pages' URL around the id
    (`row_url_start`, `row_url_end`). Django's `get_FOO_display` hashes every choice (translating each label) on
    each call, `columns.0` tries a dict, an attribute and `dir()` before the index, and a `{% url %}` per row
    reverses fifty times: at 500,000 assets, a third of the list page's time (1,700 gettext calls a page)."""
    statuses, kinds = (
        {value: str(label) for value, label in choices} for choices in (AssetStatus.choices, AssetKind.choices)
    )
    for row in rows:
        row.status_label = statuses.get(row.status, row.status)
        row.kind_label = kinds.get(row.asset_type.kind, row.asset_type.kind)
    marker = 987654321
    before, _sep, after = reverse("assets:asset-detail", args=[marker]).partition(str(marker))
    return {
        "labels": {column.name: str(column.label) for column in columns},
        "row_url_start": before,
        "row_url_end": after,
    }


class AssetTreeView(TenantViewMixin, TemplateView):
    """One level of the tree (the roots, or `?node=` an asset's children): nested links without JavaScript; with
    HTMX, a node's children come in under it (`AssetTreeChildrenView`)."""

    template_name = "assets/asset_tree.html"
    permission_action = "asset.view"

    def node(self):
        pk = self.request.GET.get("node", "")
        if not pk:
            return None
        try:
            return get_for_org(Asset, self.organization, pk)
        except NotFound:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        node = self.node()
        children = list(selectors.children_of(self.organization, node)[: TREE_LEVEL_SIZE + 1])
        context.update(
            node=node,
            ancestors=selectors.ancestors_of(node) if node else [],
            nodes=children[:TREE_LEVEL_SIZE],
            more=len(children) > TREE_LEVEL_SIZE,
            title=_("Asset tree"),
        )
        return context


class AssetTreeChildrenView(AssetTreeView):
    model = Asset
    template_name = "assets/_asset_tree_nodes.html"

    def node(self):
        try:
            return get_for_org(Asset, self.organization, self.kwargs["pk"])
        except NotFound:
            raise Http404 from None


class AssetDetailView(RecordDetailView):
    """The asset page: its record, its place in the tree (ancestors, parts, what its subtree holds), attributes,
    location, files, history, and the sections other modules register (`sections`): the lazy ones are loaded
    from `AssetSectionView` after the page, so the page runs none of their queries."""

    model = Asset
    template_name = "assets/asset_detail.html"
    permission_action = "asset.view"
    manage_action = "asset.manage"
    update_url_name = "assets:asset-update"
    archive_url_name = "assets:asset-archive"
    # the joins of the page's record; its parent comes from its ancestors, its organization from the request
    related = ("asset_type", "department", "owner")
    timeline_size = 0  # its history is a lazy section (`sections.register_history`), loaded after the page

    def get_object(self):
        if not hasattr(self, "_object"):
            visible = selectors.visible_assets(self.organization, self.request.membership)
            try:
                self._object = get_for_org(visible.select_related(*self.related), self.organization, self.kwargs["pk"])
            except NotFound:
                raise Http404 from None
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.get_object()
        ancestors, children, subtree = selectors.place_in_tree(self.organization, asset, CHILDREN_SHOWN + 1)
        if ancestors and ancestors[-1].pk == asset.parent_id:
            asset.parent = ancestors[-1]  # the "Inside" line reads it: no query of its own
        kinds = dict(AssetKind.choices)
        context.update(
            ancestors=ancestors,
            children=children[:CHILDREN_SHOWN],
            more_children=len(children) > CHILDREN_SHOWN,
            subtree=[(kinds.get(kind, kind), count) for kind, count in subtree],
            attributes=attribute_rows(asset, definitions_of(asset.asset_type)),
            show_values=may_see_values(self.request.membership),
            owner=asset.owner or asset.organization,
            geometry_url=reverse("assets:asset-geometry", args=[asset.pk]),
            sections=self.rendered_sections(asset),
        )
        return context

    def rendered_sections(self, asset):
        """[(section, html, url)] of the sections the member may see (`sections.shown_sections`): a section is
        rendered here with its own context (html), or, lazy, left to its own endpoint (url: html is None)."""
        shown = []
        for section in shown_sections(self.request):
            if section.lazy:
                shown.append((section, None, reverse("assets:asset-section", args=[asset.pk, section.key])))
                continue
            ctx = {**section.context(asset, self.request), "asset": asset}
            shown.append((section, mark_safe(render_to_string(section.template, ctx, self.request)), ""))  # noqa: S308 — our templates
        return shown


class AssetSectionView(TenantViewMixin, TemplateView):
    """GET: one section of an asset's page (`sections.AssetSection`), by its key: for HTMX the section alone (the
    asset page loads its lazy sections so), else a small page of its own with a link back to the asset (the
    page's link, without JavaScript). 404 for an unknown section or an asset the member does not see, 403 for a
    section the member's role may not see (its `permission`: the costs for whom sees money)."""

    model = Asset
    permission_action = "asset.view"
    template_name = "assets/asset_section.html"

    def get(self, request, *args, **kwargs):
        section = SECTIONS.get(kwargs["section"])
        if section is None:
            raise Http404
        if not may_see(section, request):
            raise PermissionDenied
        try:
            asset = get_for_org(selectors.visible_assets(self.organization), self.organization, kwargs["pk"])
        except NotFound:
            raise Http404 from None
        context = {**section.context(asset, request), "asset": asset, "section": section}
        template = section.template if is_htmx(request) else self.template_name
        response = TemplateResponse(request, template, context)
        patch_vary_headers(response, ["HX-Request"])  # the same URL answers a fragment or a page
        return response


class AssetGeometryView(AssetDetailView):
    """The asset as one GeoJSON Feature (the page's small map reads it)."""

    def get(self, request, *args, **kwargs):
        asset = self.get_object()
        feature = {
            "type": "Feature",
            "id": asset.pk,
            "geometry": point_geometry(asset),
            "properties": {"code": asset.code, "name": asset.name, "kind": asset.asset_type.kind},
        }
        return JsonResponse(feature, content_type="application/geo+json")


class AssetFormView(RecordFormView):
    model = Asset
    template_name = "assets/asset_form.html"
    fragment = "assets/asset_form.html#form"
    permission_action = "asset.manage"
    form_class = AssetForm
    detail_url_name = "assets:asset-detail"

    def get_form(self, data=None, files=None):
        instance = self.get_object() if "pk" in self.kwargs else None
        return AssetForm(
            data, instance=instance, organization=self.organization, show_values=may_see_values(self.request.membership)
        )

    def perform(self, form):
        data, _m2m = form.split()
        if "pk" in self.kwargs:
            return services.update_asset(
                self.get_object(), by=self.request.user, data=data, expected_updated_at=form.cleaned_data.get("version")
            )
        return services.create_asset(by=self.request.user, organization=self.organization, data=data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            attribute_fields_url=reverse("assets:asset-attribute-fields"),
            choices_url=reverse("assets:asset-choices"),
            cancel_url=context["cancel_url"] or reverse("assets:asset-list"),
        )
        return context


class AttributeFieldsView(TenantViewMixin, TemplateView):
    """GET `?asset_type=`: the attribute fields of that type (the form re-renders them when the type changes)."""

    template_name = "assets/_asset_attribute_fields.html"
    permission_action = "asset.manage"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("asset_type", "")
        chosen = selectors.asset_types(self.organization).filter(pk=int(raw)).first() if raw.isdigit() else None
        context["form"] = AssetForm(organization=self.organization, asset_type=chosen)
        return context


class AssetChoicesView(TenantViewMixin, TemplateView):
    """GET `?q=`: the `<option>`s of the assets whose code or name match (the parent's and references' search)."""

    template_name = "assets/_asset_choices.html"
    permission_action = "asset.view"

    @cached_property
    def query(self):
        for name in ("q", "parent"):
            value = self.request.GET.get(name, "")
            if value:
                return value.replace("\x00", "").strip()[:100]
        return next((v.strip()[:100] for k, v in self.request.GET.items() if k.startswith("attr__") and v), "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = []
        if len(self.query) >= 2:
            qs = selectors.filter_assets(Asset.objects.owned_by(self.organization).active(), query=self.query)
            found = qs.order_by("sort_name", "pk").only("code", "name")[:CHOICES_SHOWN]
        context["choices"] = found
        return context


class AssetArchiveView(RecordArchiveView):
    model = Asset
    permission_action = "asset.manage"
    detail_url_name = "assets:asset-detail"

    def archive(self, obj, reason):
        return services.archive_asset(obj, by=self.request.user, reason=reason)
