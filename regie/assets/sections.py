"""What other modules show on an asset's page, without the registry knowing them (interventions: open work and
costs; maintenance: plans; energy: consumption…). A module registers its sections from its AppConfig.ready():

    register_section(AssetSection(
        key="costs", label=_("Costs"), template="interventions/_asset_costs.html",
        context=lambda asset, request: {"costs": asset_costs(asset, request.membership)},
        permission="cost.view", weight=40, lazy=True,
    ))

The asset page shows every section the member may see, in weight order (`shown_sections`). A section is rendered
in the page, or with `lazy=True` (the heavy ones: a roll-up, a search of the subtree) the page holds its heading
and a link to the section's own small page (`assets:asset-section`), which HTMX loads in its place as soon as the
page is shown: the page itself then waits for none of its queries, and works the same without JavaScript.
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
    lazy: bool = False  # True: loaded from its own endpoint after the page (`assets:asset-section`)


def register_section(section):
    SECTIONS[section.key] = section


def may_see(section, request):
    from regie.core.permissions import can

    role = getattr(getattr(request, "membership", None), "role", None)
    return role is not None and can(role, section.permission)


def shown_sections(request):
    """The sections the member may see, in weight order (their contexts not computed)."""
    return [s for s in sorted(SECTIONS.values(), key=lambda s: (s.weight, s.key)) if may_see(s, request)]


def sections_for(asset, request):
    """[(section, context)] the member may see, in weight order, each context computed (lazy ones too)."""
    return [(section, section.context(asset, request)) for section in shown_sections(request)]


def history(asset, request):
    from regie.core.views import record_history

    return {"timeline": record_history(asset, request.organization)}


def register_history():
    """The asset's own history (its audit events, readable change lines): last on the page, loaded after it."""
    from django.utils.translation import gettext_lazy as _

    register_section(
        AssetSection(
            key="history",
            label=_("History"),
            template="assets/_asset_history.html",
            context=history,
            weight=90,
            lazy=True,  # fifty events and their change lines: a query and a tenth of the page's rendering
        )
    )
