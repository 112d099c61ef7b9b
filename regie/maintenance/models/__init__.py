"""The maintenance module's models, one file per sub-domain (plans, inspections)."""

from .plans import MaintenancePlan, Occurrence, PlanTask

__all__ = ["MaintenancePlan", "Occurrence", "PlanTask"]
