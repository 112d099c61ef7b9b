"""What maintenance shows on an asset's page (registered with `assets.sections` from `MaintenanceConfig`): the
plans that apply to the asset, with their next due date and overdue occurrences on it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regie.assets.sections import AssetSection, register_section

from . import generator, triggers
from .plan_selectors import asset_plans

SHOWN = 20


def plans_of_asset(asset, request):
    """The plans on the asset; one not generated yet on it shows the next date its schedule gives."""
    organization = request.organization
    plans = list(asset_plans(asset, organization)[:SHOWN])
    waiting = [plan for plan in plans if plan.next_due is None and plan.has_calendar]
    if waiting:
        known = generator.histories(organization, plan_ids=[p.pk for p in waiting], asset_ids=[asset.pk])
        today = generator.local_today(organization)
        for plan in waiting:
            try:
                due = triggers.next_due(plan, known.get((plan.pk, asset.pk), triggers.History()), None, today)
            except ValidationError:
                continue  # a rule that no longer parses: the plan's page says so
            plan.next_due = due.scheduled_on if due else None
    return {"asset": asset, "plans": plans}


def register_plan_section():
    register_section(
        AssetSection(
            key="maintenance_plans",
            label=_("Maintenance plans"),
            template="maintenance/plans/_asset_plans.html",
            context=plans_of_asset,
            permission="maintenanceplan.view",
            weight=35,
            lazy=True,  # the plans covering the asset and their next dates, loaded after the page
        )
    )
