from django import template

from .. import display

register = template.Library()


@register.filter
def figure_value(figure):
    return display.value_text(figure.indicator, figure.value)


@register.filter
def figure_previous(figure):
    return display.value_text(figure.indicator, figure.previous)


@register.filter
def figure_p90(figure):
    return display.value_text(figure.indicator, figure.p90)


@register.filter
def figure_change(figure):
    return display.change_text(figure)


@register.filter
def figure_trend(figure):
    return display.trend_class(figure)
