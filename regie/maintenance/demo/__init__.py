"""Demo step of the maintenance plans (`maintenance_plans`, after the interventions history): see `plans`."""

from .plans import create_plans, summary

__all__ = ["create_plans", "summary"]
