"""Filter pieces every list shares (django-filter), for the API and the HTML lists alike."""

import copy

import django_filters as filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.settings import api_settings

from .forms import FastSelects
from .pagination import CURSOR_PARAM, PAGE_PARAM


class YesNoSelect(forms.Select):
    """A yes/no filter on a page: « Tous / Oui / Non », sending true/false (what the API reads too)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])

    def format_value(self, value):
        """The option shown chosen: « Oui » or « Non » for what `StrictBooleanField` reads as yes or no (a bool,
        "True", " 1 ", "no"…), « Tous » for anything else (None, "", an unknown word)."""
        if not isinstance(value, bool):
            value = StrictBooleanField.VALUES.get(str(value).strip().lower())
        return [] if value is None else ["true" if value else "false"]


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0, yes/no) or nothing; anything else is an error, not a silent "no filter"."""

    widget = YesNoSelect
    VALUES = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Enter true or false."), code="invalid") from None

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class YesNoFilter(StrictBooleanFilter):
    """A filter whose "no" selects too (`on_time=false`: the late ones), unlike a flag whose "no" is "no filter"
    (`overdue=false`: every record); a page shows it as « Tous / Oui / Non », not as a checkbox."""

    keeps_false = True


# --- parameters no filter reads ----------------------------------------------------------------------------
# A list never answers "everything" to a filter it does not have (`?cost_code=19` on a list without that filter):
# the API refuses the request (400, the parameter named in `fields`), a page lists what it ignored above its
# rows. What a list reads: its FilterSet's filters, its search, sort and page parameters, and what the view
# declares itself (`query_parameters`).
PAGE_PARAMETERS = frozenset({"q", "sort", "archived", "export", PAGE_PARAM, CURSOR_PARAM})
UNKNOWN_PARAMETER = _("Unknown parameter: this list has no such filter (it reads: %(known)s).")


def unknown_parameters(query, known):
    """The names of `query` (a QueryDict) outside `known`, in the order given."""
    return [name for name in query if name not in known]


def api_list_parameters(view, request, filterset=None):
    """What an API list reads from its query string: its filters, search, ordering, pages and format."""
    known = {*(filterset.filters if filterset is not None else ()), *getattr(view, "query_parameters", ())}
    for backend in view.filter_backends:
        for attribute in ("search_param", "ordering_param"):
            if hasattr(backend, attribute):
                known.add(getattr(backend, attribute))
    paginator = getattr(view, "paginator", None)
    for attribute in ("page_query_param", "cursor_query_param", "page_size_query_param"):
        if getattr(paginator, attribute, None):
            known.add(getattr(paginator, attribute))
    if getattr(view, "archived_param", None):
        known.add(view.archived_param)
    known.add(api_settings.URL_FORMAT_OVERRIDE)
    return known


def refuse_unknown_parameters(view, request, filterset=None):
    """The API's rule: a ValidationError (400) naming each parameter the list does not read."""
    known = api_list_parameters(view, request, filterset)
    unknown = unknown_parameters(request.query_params, known)
    if unknown:
        message = str(UNKNOWN_PARAMETER) % {"known": ", ".join(sorted(name for name in known if name))}
        raise APIValidationError({name: [message] for name in unknown})


def page_ignored_parameters(view, query):
    """The page's rule: the parameters of `query` its list does not read, to say it ignored them."""
    filterset = getattr(view, "filterset", None)
    known = {*PAGE_PARAMETERS, *(filterset.filters if filterset is not None else ()), *view.query_parameters}
    return unknown_parameters(query, known)


# --- FilterSets that hand their cleaned values to a selector (one filtering for page, API, map, export) ------
ALL = _("All")


def scoped(model):
    """The choices of a record filter: the current organization's records (archived ones included)."""

    def queryset(request):
        organization = getattr(request, "organization", None)
        if organization is None:
            return model.objects.none()
        if model is get_user_model():
            return model.objects.filter(memberships__organization=organization).distinct()
        return model.objects.for_org(organization)

    return queryset


def record(model, field_name, label, help_text=None):
    return filters.ModelChoiceFilter(
        queryset=scoped(model), field_name=field_name, label=label, help_text=help_text or label, empty_label=ALL
    )


def in_use(queryset):
    def active(request):
        qs = queryset(request) if callable(queryset) else queryset
        return qs.active() if hasattr(qs, "active") else qs

    return active


class PageFilterForm(FastSelects, forms.Form):
    """The form of a list's filters; its `<select>`s render in Python (`core.widgets`)."""


class SelectorFilterSet(filters.FilterSet):
    """Validate the query string with the filters declared, then hand the cleaned values to a selector."""

    selector = None
    # filter name → the selector's keyword, where they differ
    renamed: dict[str, str] = {}
    # the HTML list: the filters it shows, in this order; page-only filters (not in the API); per role, the
    # filters it leaves out
    page_filters: tuple[str, ...] = ()
    page_only_filters: dict[str, filters.Filter] = {}
    hidden_for: dict[str, tuple[str, ...]] = {}
    # filters the FilterSet applies itself (`apply_own`), before the selector gets the others
    own_filters: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, page=False, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.page = page
        if page:
            role = getattr(getattr(request, "membership", None), "role", None)
            hidden = {name for name, roles in self.hidden_for.items() if role in roles}
            every = {**self.filters, **copy.deepcopy(self.page_only_filters)}
            shown = [name for name in self.page_filters if name not in hidden]
            asked = [name for name in every if name not in shown and name not in hidden and name in (data or ())]
            self.filters = {name: every[name] for name in (*shown, *asked)}
            for name, filter_ in self.filters.items():
                filter_.parent, filter_.model, filter_.field_name = self, self._meta.model, filter_.field_name or name
                if isinstance(filter_, filters.BooleanFilter) and not getattr(filter_, "keeps_false", False):
                    filter_.extra["widget"] = forms.CheckboxInput
                if isinstance(filter_, filters.ModelChoiceFilter) and name in shown:
                    filter_.queryset = in_use(filter_.queryset)  # the form offers the records in use only

    def apply_own(self, queryset, name, value):
        raise NotImplementedError

    def filter_queryset(self, queryset):
        values = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or (value is False and not getattr(self.filters.get(name), "keeps_false", False)):
                continue
            if name in self.own_filters:
                queryset = self.apply_own(queryset, name, value)
                continue
            convert = getattr(self.filters[name], "selector_value", None)
            values[self.renamed.get(name, name)] = convert(value) if convert else getattr(value, "pk", value)
        return type(self).selector(queryset, **values)

    class Meta:
        form = PageFilterForm
