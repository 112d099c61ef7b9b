"""The maintenance module's models, one file per sub-domain (plans, inspections)."""
