from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection, administration


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    urls = [
        ("assets/", "regie.assets.reference_urls"),  # types, occupants, meters, species, territory
    ]
    menu = [
        MenuSection(
            "assets",
            _("Asset registry"),
            30,
            (
                MenuEntry(_("Occupants"), "assetref:occupant-list", "occupant.view", weight=60),
                MenuEntry(_("Meters"), "assetref:meter-list", "meter.view", weight=70),
            ),
        ),
        administration(
            MenuEntry(_("Asset types"), "assetref:assettype-list", "assettype.view", weight=40),
            MenuEntry(_("Species"), "assetref:species-list", "assettype.view", weight=45),
            MenuEntry(_("Territory"), "assetref:area", "area.view", weight=48),
        ),
    ]

    def api_routes(self):
        from . import reference_api

        return [
            ("asset-types", reference_api.AssetTypeViewSet, "assettype"),
            ("asset-attributes", reference_api.AttributeViewSet, "attributedefinition"),
            ("occupants", reference_api.OccupantViewSet, "occupant"),
            ("occupancies", reference_api.OccupancyViewSet, "occupancy"),
            ("meters", reference_api.MeterViewSet, "meter"),
            ("meter-readings", reference_api.ReadingViewSet, "meterreading"),
            ("species", reference_api.SpeciesViewSet, "species"),
            ("organization-areas", reference_api.AreaViewSet, "organizationarea"),
        ]
