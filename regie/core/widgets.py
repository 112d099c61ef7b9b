"""Choice widgets rendered in Python.

Django renders a `<select>` through a template per option: the agent filter of a 400-agent town took longer to
render than the whole list it filters. These widgets write the same markup with `format_html` (escaped
the same way) and are swapped in by `core.forms.FastSelects`.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs_html(attrs):
    """Attributes in their order, as Django's `attrs.html` writes them (True: bare name; False: left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False
        ),
    )


def _option_html(value, label, selected):
    value = "" if value is None else value
    return format_html('<option value="{}"{}>{}</option>', value, mark_safe(" selected") if selected else "", label)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        if self.allow_multiple_selected:
            final["multiple"] = True
        wanted = set(self.format_value(value))
        parts = [format_html("<select{}>", _attrs_html(final))]
        found = False

        def option(option_value, label):
            nonlocal found
            key = "" if option_value is None else str(option_value)
            selected = key in wanted and (self.allow_multiple_selected or not found)
            found = found or selected
            return _option_html(option_value, label, selected)

        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an <optgroup>
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(v, lbl) for v, lbl in label)
                parts.append(mark_safe("</optgroup>"))
            else:
                parts.append(option(option_value, label))
        parts.append(mark_safe("</select>"))
        return format_html_join("", "{}", ((part,) for part in parts))  # each part is escaped already


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    allow_multiple_selected = True


FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


def fast(widget):
    """The fast twin of `widget` (same attributes and choices), or `widget` itself when it has none."""
    twin = FAST_WIDGETS.get(type(widget))
    if twin is None:
        return widget
    copy = twin(attrs=widget.attrs, choices=())
    copy.choices = widget.choices
    copy.is_required = widget.is_required
    copy.is_localized = widget.is_localized
    return copy
