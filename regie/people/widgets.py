"""The agent picker: choose agents among hundreds by typing (HTMX), without listing them all.

The widget renders the agents already chosen (checked boxes, shown as chips), a search field and its results
(boxes to tick). Every box is a plain `<input name=…>` of the form, so the form works without JavaScript: the
"Search" button posts the form back and the page comes again with the results, nothing saved
(`PickerForm.searching`). With JavaScript, typing asks the form's fragment endpoint (`url`) for the results and
`regie/js/picker.js` moves a ticked result to the chips. Which agents match, and what is said of each (team,
skills, free or busy in a slot, the skills a job needs that they lack), is the form's `picker_choices`: the
app that owns the form knows the slot and the skills (see `interventions.forms.WorkOrderForm`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from .selectors import PickerChoices

SEARCH_LENGTH = 100  # what one types to find a person


SEARCH_BUTTON = "picker"  # the "Search" button of a picker without JavaScript: its value names the field


class AgentPicker(forms.Widget):
    """Chosen agents as chips + a search field + results; `multiple=False` for one agent (radio buttons), with
    `empty_label` the choice of none (a filter's "All agents", `value=""`)."""

    template_name = "people/widgets/agent_picker.html"

    def __init__(self, attrs=None, *, multiple=True, empty_label=""):
        super().__init__(attrs)
        self.multiple = multiple
        self.empty_label = "" if multiple else empty_label
        self.choices_for = None  # callable(chosen pks, bound form data) -> PickerChoices, set by `attach`
        self.url = ""
        self.include = ""  # the other fields the endpoint needs (hx-include selector)
        self.refresh_on = ""  # their change events (hx-trigger)
        self.data = {}
        self.search_name = ""
        self.by_team = True

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_  # the field's label names the search field

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def format_value(self, value):
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values]

    def chosen(self, value):
        """The ids of the agents `value` (the field's value, as given) chooses; what is no id is left out."""
        return [int(v) for v in self.format_value(value) if v.isdigit()]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = self.chosen(value)
        picker = self.choices_for(chosen, self.data) if self.choices_for else PickerChoices()
        context["widget"].update(
            multiple=self.multiple,
            empty_label=self.empty_label,
            search_button=SEARCH_BUTTON,
            picker=picker,
            url=self.url,
            include=self.include,
            refresh_on=self.refresh_on,
            search_name=self.search_name,
            by_team=self.by_team,
        )
        return context


def attach(form, name, *, choices_for, url, include=(), refresh_on=(), by_team=True, form_id=None):
    """Give `form`'s field `name` (whose widget is an `AgentPicker`) what it renders with: `choices_for`, the
    fragment endpoint, and the names of the fields the endpoint reads too (prefixed like the form's), of which
    `refresh_on` ask for new results when they change. `by_team`: the results are narrowed by a team (the
    picker offers "All teams"). `form_id`: the id of the `<form>` (a `PickerForm` knows its own)."""
    widget = form.fields[name].widget
    widget.choices_for, widget.url, widget.data, widget.by_team = choices_for, url, form.data, by_team
    widget.search_name = search_name(form, name)
    scope = f"#{form_id or form.picker_form_id}"
    checked = (name, *getattr(form, "picker_checked", ()))
    selectors = [
        f"{scope} [name='{form.add_prefix(n)}']" + (":checked" if n in checked else "") for n in (name, *include)
    ]
    selectors.append(f"{scope} [name='{widget.search_name}']")
    triggers = [f"change from:#{form[n].auto_id}" for n in refresh_on]
    if by_team:
        selectors.append(f"{scope} [name='{all_teams_name(form, name)}']")
        triggers.append(f"change from:#{form[name].auto_id}_all_teams")
    widget.include, widget.refresh_on = ", ".join(selectors), ", ".join(triggers)


def search_name(form, name):
    return f"{form.add_prefix(name)}_search"


def all_teams_name(form, name):
    return f"{form.add_prefix(name)}_all_teams"


def query_parameters(name):
    """What a picker of the unprefixed field `name` adds to a GET form's query string (its search, its "All
    teams" box, its "Search" button): a list's known parameters besides its filters."""
    return (SEARCH_BUTTON, f"{name}_search", f"{name}_all_teams")


def picked(form, name):
    """The value of `form`'s field `name` as given so far (cleaned), or None while it is not valid: what a picker
    narrows and annotates its agents by, before the whole form is checked."""
    try:
        return form.fields[name].clean(form[name].value())
    except ValidationError:
        return None


def search_terms(form, name):
    """(what was typed in the picker of `name`, whether to search all teams), from the form's data."""
    query = " ".join(str(form.data.get(search_name(form, name), ""))[:SEARCH_LENGTH].split())
    return query, bool(form.data.get(all_teams_name(form, name)))


class PickerForm:
    """Form mixin: a form with an agent picker. `searching()` turns a "Search" post into a form shown again
    with what was typed, without its errors (the search of a picker without JavaScript saves nothing)."""

    picker_form_id = "record-form"
    picker_checked: tuple[str, ...] = ()  # other check-box fields the endpoint reads (only their ticked boxes)

    def searching(self):
        self._errors = ErrorDict()
        return self
