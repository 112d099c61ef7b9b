"""The asset picker's results (request and work-order forms, the lists' filters) as one types."""

from regie.people.widgets import SEARCH_BUTTON, SEARCH_LENGTH

from ..asset_picker import asset_choices, picked_asset
from .base import PageView


class AssetPickerView(PageView):
    """GET the results of an asset picker: `field` names the radio buttons, `<field>_search` what was typed; or
    `pick=<id>`: that one asset, chosen on the picker's map. Who sees the registry may search it."""

    permission_action = "asset.view"
    template_name = "interventions/widgets/_asset_picker_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.request.GET.get("field", "asset")
        name = name if name.replace("_", "").isalnum() and len(name) <= 40 else "asset"
        if "pick" in self.request.GET:
            picker = picked_asset(self.organization, self.request.GET["pick"])
        else:
            query = self.request.GET.get(f"{name}_search", "")[:SEARCH_LENGTH]
            picker = asset_choices(self.organization, query=query)
        context.update(picker=picker, name=name)
        return context


class PickerSearchMixin:
    """A form page whose pickers search without JavaScript: their "Search" button posts the form back, which
    comes again with the assets (or agents) found, nothing saved and no errors yet."""

    def post(self, request, *args, **kwargs):
        if SEARCH_BUTTON in request.POST:
            return self.render_page(**self.form_context(self.get_form(request.POST, request.FILES).searching()))
        return super().post(request, *args, **kwargs)
