"""The indicator layer: every figure of the dashboards, tables, exports and `/api/v1/indicators/`, defined once.

`base` says what an indicator is and computes its figure through the list of its records; `interventions` defines
those of requests and work orders. A module that lands later adds its own by naming a list of `Indicator`s in its
AppConfig (`indicators = "regie.stock.indicators.INDICATORS"`): the registry collects them, naming no app.
"""

import functools

from django.apps import apps
from django.utils.module_loading import import_string

from .base import Figure, Indicator, Source, compute, figure

__all__ = ["Figure", "Indicator", "Source", "compute", "figure", "get", "registry"]


@functools.cache
def registry():
    """Every indicator by key, in the order they are defined (this layer's first, then the apps')."""
    from .interventions import INDICATORS

    found = {indicator.key: indicator for indicator in INDICATORS}
    for config in apps.get_app_configs():
        path = getattr(config, "indicators", None)
        if path:
            for indicator in import_string(path):
                if indicator.key in found:
                    raise ValueError(f"two indicators are named {indicator.key}")
                found[indicator.key] = indicator
    return found


def get(key):
    """The indicator named `key`, or None."""
    return registry().get(key)
