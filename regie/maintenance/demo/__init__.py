"""Demo steps of the maintenance module (the regulatory inspections: `inspections`)."""

from .inspections import create_inspections, summary

__all__ = ["create_inspections", "summary"]
