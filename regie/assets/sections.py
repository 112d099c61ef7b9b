"""What other modules show on an asset's page, without the registry knowing them (interventions: open work and
costs; maintenance: plans; energy: consumption…). A module registers its sections from its AppConfig.ready():

    register_section(AssetSection(
        key="costs", label=_("Costs"), template="interventions/_asset_costs.html",
        context=lambda asset, request: {"costs": asset_costs(asset, request.membership)},
        permission="cost.view", weight=40,
    ))

The asset page renders every section the member may see, in weight order (`sections_for`).
"""

from collections.abc import Callable
from dataclasses import dataclass

SECTIONS = {}


@dataclass(frozen=True)
class AssetSection:
    key: str
    label: str
    template: str
    context: Callable  # (asset, request) -> dict given to the template
    permission: str = "asset.view"
    weight: int = 50


def register_section(section):
    SECTIONS[section.key] = section


def sections_for(asset, request):
    """[(section, context)] the member may see, in weight order."""
    from regie.core.permissions import can

    role = getattr(getattr(request, "membership", None), "role", None)
    shown = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.weight, s.key)):
        if role is not None and can(role, section.permission):
            shown.append((section, section.context(asset, request)))
    return shown
