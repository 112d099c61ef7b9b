"""Demo steps of the maintenance module: the plans (`maintenance_plans`: see `plans`) and the regulatory
inspections (`maintenance_inspections`: see `inspections`), both after the interventions history."""

from . import inspections, plans
from .inspections import create_inspections
from .plans import create_plans

__all__ = ["create_inspections", "create_plans", "summary"]


def summary():
    return [*plans.summary(), *inspections.summary()]
