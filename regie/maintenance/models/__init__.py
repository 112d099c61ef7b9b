"""The maintenance module's models, one file per sub-domain (plans, inspections)."""

from .inspections import (
    Inspection,
    InspectionObligation,
    InspectionType,
    Observation,
    Outcome,
    Performer,
    PeriodicityRule,
    PeriodUnit,
    Severity,
)
from .plans import MaintenancePlan, Occurrence, PlanTask

__all__ = [
    "Inspection",
    "InspectionObligation",
    "InspectionType",
    "MaintenancePlan",
    "Observation",
    "Occurrence",
    "Outcome",
    "Performer",
    "PeriodUnit",
    "PeriodicityRule",
    "PlanTask",
    "Severity",
]
