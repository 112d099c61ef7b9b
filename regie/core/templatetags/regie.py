import datetime
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..pagination import CURSOR_PARAM, PAGE_PARAM
from ..permissions import can as matrix_can

register = template.Library()


@register.filter
def can(membership, action):
    """{% if current_membership|can:"department.manage" %}"""
    return membership is not None and matrix_can(membership.role, action)


@register.filter
def cell(obj, attr):
    """The display value of a dotted attribute path, formatted for the active locale."""
    value = obj
    for part in attr.split("."):
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if value is None:
            return "—"
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all()) or "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal | int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # stored in UTC, shown in the current (the organization's) time zone
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.localize(value, use_l10n=True)
    return value if value != "" else "—"


@register.filter
def money(value, currency="EUR"):
    if value in (None, ""):
        return "—"
    amount = formats.number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0€" if currency == "EUR" else f"{amount}\u00a0{currency}"


@register.filter
def hours(value):
    """Hours in the user's locale, digits grouped, two decimals unless whole: "168 090,50 h", "8 h"."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    amount = formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0h"


@register.simple_tag(takes_context=True)
def sort_link(context, column):
    """The querystring that sorts by `column` (toggling direction) and its aria-sort state."""
    current = context["current_sort"]
    descending = current == f"-{column.sort}"
    active = current.lstrip("-") == column.sort
    target = column.sort if (not active or descending) else f"-{column.sort}"
    query = context["request"].GET.copy()
    query["sort"] = target
    query.pop(PAGE_PARAM, None)  # a new order starts at its first page
    query.pop(CURSOR_PARAM, None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def aria_sort(context, column):
    current = context["current_sort"]
    if current == column.sort:
        return "ascending"
    if current == f"-{column.sort}":
        return "descending"
    return "none"


@register.simple_tag
def status_badge(record):
    """The badge of a workflow record's state (a tag, not an include: it is drawn on each of 50 list rows)."""
    return format_html('<span class="badge status status-{}">{}</span>', record.state, record.get_state_display())
