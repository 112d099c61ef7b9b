"""The maintenance module's models, one file per sub-domain (plans, inspections)."""

from .inspections import (  # noqa: F401
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
