"""The asset picker: one asset among tens of thousands, found by typing part of its code, name or address (HTMX),
on the request and work-order forms and in the lists' filters.

It is the agent picker's machinery (`people.widgets`, `regie/js/picker.js`: the chosen one as a chip, results
as radio buttons, a "Search" button that posts the form back without JavaScript) over the registry's search
(`assets.selectors.filter_assets`). Choosing an asset fills the form's place and coordinates when they are
empty (`regie/js/asset_picker.js`, from the result's `data-` attributes); the place text stays for what is not
registered.

On the forms the picker also offers a map ("Choose on the map", with JavaScript): the registry's map
(`regie/js/assets-map.js` over `assets:map-data`, the same active assets the search finds), opened on the form's
coordinates or the organization's area. A point's "Choose" asks the picker's endpoint for that one asset
(`?pick=<id>`) and ticks it as if it were a search result: the same chip, the same place and coordinates.
Who may see the registry (`asset.view`) may use the picker, its search and its map alike.
"""

from dataclasses import dataclass, field

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from regie.assets import selectors as asset_selectors
from regie.assets.map_data import map_settings, opening_view
from regie.people.widgets import SEARCH_BUTTON, SEARCH_LENGTH

LIMIT = 10


@dataclass
class AssetChoices:
    chosen: object = None  # the Asset chosen, or None
    results: list = field(default_factory=list)
    more: bool = False
    query: str = ""
    hint: str = ""


def search_assets(organization, query, *, exclude=None, limit=LIMIT):
    """(assets, more): the active assets the organization sees whose code, name or address match `query`."""
    query = " ".join(str(query or "").split())[:SEARCH_LENGTH]
    if not query:
        return [], False
    qs = asset_selectors.filter_assets(asset_selectors.visible_assets(organization).active(), query=query)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    found = list(qs.select_related("parent").order_by("sort_name", "pk")[: limit + 1])
    return found[:limit], len(found) > limit


def picked_asset(organization, value):
    """AssetChoices whose one result is the active asset `value` (an id) the organization sees: the point chosen
    on the picker's map, offered as a search result is; a hint when there is no such asset."""
    pk = str(value or "")
    asset = None
    if pk.isdigit() and len(pk) < 12:
        asset = asset_selectors.visible_assets(organization).active().filter(pk=int(pk)).first()
    if asset is None:
        return AssetChoices(hint=_("This asset cannot be chosen: it is archived or not in the registry."))
    return AssetChoices(results=[asset])


def asset_choices(organization, *, chosen_id=None, query=""):
    chosen = None
    if chosen_id:
        chosen = asset_selectors.visible_assets(organization).filter(pk=chosen_id).first()
    results, more = search_assets(organization, query, exclude=chosen_id)
    hint = ""
    if query and not results:
        hint = _("No asset matches “%(query)s”.") % {"query": " ".join(query.split())[:SEARCH_LENGTH]}
    return AssetChoices(chosen=chosen, results=results, more=more, query=query, hint=hint)


class AssetPicker(forms.Widget):
    """The chosen asset as a chip, a search field and its results (radio buttons); `empty_label` is the choice
    of none ("No asset" on a form, "All" in a filter)."""

    template_name = "interventions/widgets/asset_picker.html"

    def __init__(self, attrs=None, *, empty_label="", with_map=False):
        super().__init__(attrs)
        self.empty_label = empty_label
        self.with_map = with_map  # the "Choose on the map" button and its map
        self.organization = None
        self.data = {}
        self.fill = {}  # what choosing an asset fills when empty: {"location": id, "latitude": id, "longitude": id}

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def chosen_id(self, value):
        value = getattr(value, "pk", value)
        value = str(value) if value is not None else ""
        return int(value) if value.isdigit() and len(value) < 12 else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = " ".join(str(self.data.get(f"{name}_search", "")).split())[:SEARCH_LENGTH]
        picker = (
            asset_choices(self.organization, chosen_id=self.chosen_id(value), query=query)
            if self.organization is not None
            else AssetChoices()
        )
        context["widget"].update(
            picker=picker,
            empty_label=self.empty_label,
            search_button=SEARCH_BUTTON,
            url=reverse("interventions:asset-picker"),
            search_name=f"{name}_search",
            fill=self.fill,
            map_config=self.map_config(name) if self.with_map and self.organization is not None else None,
            map_config_id=f"{context['widget']['attrs'].get('id', '')}_map_config",
        )
        return context

    def map_config(self, name):
        area, bounds = opening_view(self.organization)
        settings = map_settings()
        return {
            **settings,
            "bounds": bounds,
            "area": area.geometry if area else None,
            "pickUrl": reverse("interventions:asset-picker"),
            "field": name,
            "strings": {
                **settings["strings"],
                "choose": _("Choose"),
                "chooseFailed": _("The asset could not be chosen. Try again or search for it."),
            },
        }


def attach_asset_picker(form, name="asset", *, empty_label=None, fill=(), organization=None, with_map=False):
    """Make `form`'s field `name` (a ModelChoiceField of assets) an asset picker; `fill`: the fields of the form
    choosing an asset fills when they are empty (place, latitude, longitude); `with_map`: offer the map too."""
    if name not in form.fields:
        return
    widget = AssetPicker(empty_label=empty_label if empty_label is not None else _("No asset"), with_map=with_map)
    widget.organization = organization or form.organization
    widget.data = form.data
    widget.fill = {target: form[target].auto_id for target in fill if target in form.fields}
    form.fields[name].widget = widget


ASSET_FILTERS = ("asset", "asset_within")


def attach_asset_filters(form, organization):
    """A list's asset filters, when its page shows them (asked in the address: a link from an asset's page), as
    asset pickers: a `<select>` would list every asset of the registry."""
    for name in ASSET_FILTERS:
        attach_asset_picker(form, name, empty_label=_("All"), organization=organization)


def query_parameters():
    """What the lists' asset pickers add to a GET form's query string: their searches."""
    return tuple(f"{name}_search" for name in ASSET_FILTERS)
