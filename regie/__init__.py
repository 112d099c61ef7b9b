"""Régie: technical-services management for French local governments."""
