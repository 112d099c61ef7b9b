"""What maintenance shows on an asset's page (registered with `assets.sections` from `MaintenanceConfig`): the
plans that apply to the asset, with their next due date and overdue occurrences on it."""

from django.utils.translation import gettext_lazy as _

from regie.assets.sections import AssetSection, register_section

from .plan_selectors import asset_plans


def plans_of_asset(asset, request):
    return {"asset": asset, "plans": list(asset_plans(asset, request.organization)[:20])}


def register_plan_section():
    register_section(
        AssetSection(
            key="maintenance_plans",
            label=_("Maintenance plans"),
            template="maintenance/plans/_asset_plans.html",
            context=plans_of_asset,
            permission="maintenanceplan.view",
            weight=35,
        )
    )
