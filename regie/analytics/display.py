"""An indicator's value as people read it, in their language: the same text on the page, in the export and in
the council's report."""

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from regie.core.templatetags.regie import hours, money


def _number(value, places=0):
    return formats.number_format(Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True)


def duration(value):
    """A delay: minutes under an hour, hours under two days, else days (to the tenth)."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)
    if seconds < 3600:
        return _("%(n)s min") % {"n": _number(round(seconds / 60))}
    if seconds < 48 * 3600:
        return _("%(n)s h") % {"n": _number(Decimal(seconds / 3600).quantize(Decimal("0.1")), 1)}
    return _("%(n)s days") % {"n": _number(Decimal(seconds / 86400).quantize(Decimal("0.1")), 1)}


def value_text(indicator, value):
    """`value` of `indicator` as text ("—" when there is none)."""
    if value is None:
        return "—"
    kind = indicator.kind
    if kind == "count":
        return _number(value)
    if kind == "ratio":
        return f"{_number(Decimal(value).quantize(Decimal('0.1')), 1)}\u00a0%"
    if kind == "duration":
        return duration(value)
    if kind == "average":
        return f"{_number(Decimal(value).quantize(Decimal('0.1')), 1)}\u00a0/\u00a05"
    if kind == "money":
        return hours(value) if indicator.money_field == "hours" else money(value)
    return str(value)


def change_text(figure):
    """The change against the previous period: "+12", "−3,5 %", "+2 days"; "" without one."""
    change = figure.change
    if change is None:
        return ""
    indicator = figure.indicator
    if indicator.kind == "duration":
        zero = datetime.timedelta(0)
        sign = "+" if change > zero else "−" if change < zero else "±"
        return f"{sign}{duration(abs(change))}"
    change = Decimal(change)
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    text = value_text(indicator, abs(change))
    return f"{sign}{text}" if indicator.kind != "ratio" else f"{sign}{text[:-2]}\u00a0pt"


def trend_class(figure):
    """good, bad or flat: whether the change is good news (a delay down, a volume of closures up)."""
    change = figure.change
    if change is None:
        return "flat"
    zero = datetime.timedelta(0) if isinstance(change, datetime.timedelta) else 0
    if change == zero:
        return "flat"
    better = (change < zero) if figure.indicator.lower_is_better else (change > zero)
    return "good" if better else "bad"
