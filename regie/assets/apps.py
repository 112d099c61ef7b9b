from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection, administration


class AssetsConfig(AppConfig):
    name = "regie.assets"
    label = "assets"
    verbose_name = _("Asset registry")
    permissions = "regie.assets.permissions.ACTIONS"
    # the registry's pages, its reference records (types, occupants, meters, species, territory), the short URLs
    # of QR labels (/a/<public_id>) and the label sheets (/assets/labels.pdf)
    urls = [
        ("assets/", "regie.assets.urls"),
        ("assets/", "regie.assets.reference_urls"),
        ("a/", "regie.assets.short_urls"),
        ("assets/", "regie.assets.labels"),
    ]
    menu = [
        MenuSection(
            "assets",
            _("Assets"),
            30,
            (
                MenuEntry(_("Registry"), "assets:asset-list", "asset.view", weight=10),
                MenuEntry(_("Tree"), "assets:asset-tree", "asset.view", weight=20),
                MenuEntry(_("Map"), "assets:map", "asset.view", weight=30),
                MenuEntry(_("Occupants"), "assetref:occupant-list", "occupant.view", weight=60),
                MenuEntry(_("Meters"), "assetref:meter-list", "meter.view", weight=70),
                MenuEntry(_("Insurance"), "assets:insurance", "assetvalue.view", weight=80),
            ),
        ),
        administration(
            MenuEntry(_("Asset types"), "assetref:assettype-list", "assettype.view", weight=40),
            MenuEntry(_("Species"), "assetref:species-list", "assettype.view", weight=45),
            MenuEntry(_("Territory"), "assetref:area", "area.view", weight=48),
        ),
    ]

    def ready(self):
        from regie.core import audit

        from .attachables import register_attachables
        from .models import Asset, Meter, MeterReading
        from .presenters import attribute_changes
        from .sections import register_history

        register_attachables()
        register_history()
        audit.change_presenter(Asset, "attributes")(attribute_changes)
        # a meter's timeline: its readings are recorded on it
        audit.change_label(Meter, "reading", MeterReading._meta.verbose_name)
        audit.change_label(Meter, "replacement", MeterReading._meta.get_field("replacement").verbose_name)

    def api_routes(self):
        from . import api, reference_api

        return [
            ("assets", api.AssetViewSet, "asset"),
            ("asset-types", reference_api.AssetTypeViewSet, "assettype"),
            ("asset-attributes", reference_api.AttributeViewSet, "attributedefinition"),
            ("occupants", reference_api.OccupantViewSet, "occupant"),
            ("occupancies", reference_api.OccupancyViewSet, "occupancy"),
            ("meters", reference_api.MeterViewSet, "meter"),
            ("meter-readings", reference_api.ReadingViewSet, "meterreading"),
            ("species", reference_api.SpeciesViewSet, "species"),
            ("organization-areas", reference_api.AreaViewSet, "organizationarea"),
        ]
