"""Filter pieces every list shares (django-filter), for the API and the HTML lists alike."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.settings import api_settings

from .pagination import CURSOR_PARAM, PAGE_PARAM


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0, yes/no) or nothing; anything else is an error, not a silent "no filter"."""

    widget = forms.TextInput
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
