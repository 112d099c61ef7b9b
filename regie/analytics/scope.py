"""What a dashboard, an indicator table or an API answer is about: the organization, the member (their role
decides what they see), the period, and the filters — department, category/trade, priority, channel, team,
in-house vs contractor, contractor, asset and what is inside it.

The filters are validated here once for the page, the export and the API (`scope_from_query`): a record of
another organization, an unknown value or parameter is a ValidationError (400 in the API, the form's errors on the
page), never a silent "everything". A role's own bounds are filters too: a department head's figures are their
department's, a team leader's their team's; asking for another one is refused.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regie.assets.models import Asset
from regie.core.permissions import Role
from regie.interventions.models import Category, InterventionRequest, Priority, WorkOrder
from regie.people.models import Agent, Contractor, Department, Team

from .period import PRESETS, Period, parse_period

FILTERS = ("department", "category", "priority", "channel", "team", "execution", "contractor", "asset")
PERIOD_PARAMETERS = ("period", "date_from", "date_to")


@dataclass
class Scope:
    organization: object
    membership: object
    period: Period
    filters: dict = field(default_factory=dict)  # filter name → a primary key or a choice value
    dashboard: str = "director"  # whose dashboard: director, department, team, elected

    @property
    def user(self):
        return self.membership.user

    def query(self, **changes):
        """The scope as query parameters (for links between dashboards, tables, exports)."""
        return {**self.period.query(), **self.filters, **changes}


def dashboard_of(membership):
    """Which dashboard a role gets."""
    return {
        Role.ADMIN: "director",
        Role.MANAGER: "director",
        Role.DEPARTMENT_HEAD: "department",
        Role.AGENT: "team",
        Role.ELECTED: "elected",
    }.get(membership.role)


def led_teams(organization, membership):
    """The teams the member leads (an agent of theirs is the team's leader)."""
    agents = Agent.objects.owned_by(organization).filter(user_id=membership.user_id).values("pk")
    return Team.objects.owned_by(organization).filter(leader__in=agents).order_by("sort_name", "pk")


class ScopeForm(forms.Form):
    """The dashboards' filters; the choices are the organization's records."""

    period = forms.ChoiceField(label=_("Period"), required=False, choices=[("", _("Dates below")), *PRESETS.items()])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category / trade"), queryset=Category.objects.none(), required=False)
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none(), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *InterventionRequest.Channel.choices]
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    execution = forms.ChoiceField(
        label=_("Done by"), required=False, choices=[("", _("All")), *WorkOrder.Execution.choices]
    )
    contractor = forms.ModelChoiceField(label=_("Contractor"), queryset=Contractor.objects.none(), required=False)
    asset = forms.ModelChoiceField(
        label=_("Asset (and what is inside it)"),
        queryset=Asset.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, data=None, *, organization, **kwargs):
        super().__init__(data, **kwargs)
        for name, model in (
            ("department", Department),
            ("category", Category),
            ("priority", Priority),
            ("team", Team),
            ("contractor", Contractor),
            ("asset", Asset),
        ):
            self.fields[name].queryset = model.objects.for_org(organization)
            if name != "asset":
                self.fields[name].empty_label = _("All")


def _first_errors(form):
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def scope_from_query(query, organization, membership, *, dashboard=None, known=()):
    """The scope a query string asks for, within what `membership` may see. Raises ValidationError({field:
    [messages]}) for an invalid period, filter or parameter; `known` names the other parameters the caller
    reads (format, page…)."""
    unknown = [name for name in query if name not in (*FILTERS, *PERIOD_PARAMETERS, *known)]
    if unknown:
        raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})
    period = parse_period(query)
    form = ScopeForm({name: query.get(name) for name in FILTERS if query.get(name)}, organization=organization)
    if not form.is_valid():
        raise ValidationError(_first_errors(form))
    filters = {}
    for name in FILTERS:
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            filters[name] = getattr(value, "pk", value)
    dashboard = dashboard or dashboard_of(membership)
    _apply_role_bounds(filters, organization, membership, dashboard)
    return Scope(organization, membership, period, filters, dashboard)


def _apply_role_bounds(filters, organization, membership, dashboard):
    if dashboard == "department":
        own = membership.department_id
        if own is None:
            raise ValidationError({"department": [_("Your membership names no department: ask an administrator.")]})
        if filters.get("department") not in (None, own):
            raise ValidationError({"department": [_("You see the figures of your own department only.")]})
        filters["department"] = own
    elif dashboard == "team":
        teams = list(led_teams(organization, membership).values_list("pk", flat=True))
        if not teams:
            raise ValidationError({"team": [_("You lead no team: the team dashboard is its leader's.")]})
        if filters.get("team") not in (None, *teams):
            raise ValidationError({"team": [_("You see the figures of the teams you lead only.")]})
        filters.setdefault("team", teams[0])
