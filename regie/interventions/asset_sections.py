"""What the interventions show on an asset's page (registered with `assets.sections` from `InterventionsConfig`):
the open requests and work orders on the asset and inside it, and what its work cost by year."""

from django.utils.translation import gettext_lazy as _

from regie.assets.sections import AssetSection, register_section
from regie.core.permissions import membership_can

from . import selectors
from .asset_costs import asset_costs
from .workflow import REQUEST_GROUPS, WORK_ORDER_GROUPS

SHOWN = 10  # the newest open records a section lists; its link opens the whole list


def open_work(asset, request):
    """The member's visible open requests and work orders on the asset and its subtree (newest first)."""
    organization, membership = request.organization, request.membership
    within = selectors.subtree_ids(asset)
    requests = (
        selectors.request_list(organization, membership)
        .filter(asset__in=within, state__in=REQUEST_GROUPS["open"])
        .order_by("-created_at", "-id")
    )
    context = {"asset": asset, "requests": list(requests[:SHOWN]), "work_orders": None}
    if membership_can(membership, "workorder.view"):
        work_orders = (
            selectors.work_order_list(organization, membership)
            .filter(asset__in=within, state__in=WORK_ORDER_GROUPS["open"])
            .order_by("-created_at", "-id")
        )
        context["work_orders"] = list(work_orders[:SHOWN])
    return context


def costs_by_year(asset, request):
    return {"asset": asset, "costs": asset_costs(request.organization, request.membership, asset)}


def register_asset_sections():
    register_section(
        AssetSection(
            key="open_work",
            label=_("Open requests and work orders"),
            template="interventions/_asset_open_work.html",
            context=open_work,
            permission="request.view",
            weight=30,
            lazy=True,  # two searches of the subtree's requests and work orders
        )
    )
    register_section(
        AssetSection(
            key="costs",
            label=_("Costs by year"),
            template="interventions/_asset_costs.html",
            context=costs_by_year,
            permission="cost.view",
            weight=40,
            lazy=True,  # the roll-up of the subtree's costs
        )
    )
