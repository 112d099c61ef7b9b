"""The agent picker of the filters (the planning's, the work-order list's): one agent, found by typing part of a
name or an employee number, narrowed by the team the filters choose; the choice is `?agent=<id>`, as the
`<select>` of 400 agents it replaces. Without JavaScript, the picker's "Search" button sends the filters with
what was typed and the page comes again with the agents found. With it, the results come from
`interventions:agent-filter-picker`, which reads the same `AgentFilterForm`."""

from functools import partial

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regie.core.forms import FastSelects
from regie.people import widgets as picker
from regie.people.models import Agent, Team
from regie.people.widgets import AgentPicker

from . import selectors

FIELD = "agent"  # the filters' parameter, `?agent=<id>`
TEAM = "team"  # the filter that narrows the picker's agents


def attach_agent_filter(form, organization, *, form_id):
    """Make the field `agent` of the filter form `form` (in the `<form id=form_id>`) an agent picker."""
    form.fields[FIELD].widget = AgentPicker(multiple=False, empty_label=_("All agents"))
    team = (TEAM,) if TEAM in form.fields else ()
    picker.attach(
        form,
        FIELD,
        choices_for=partial(agent_filter_choices, form, organization),
        url=reverse("interventions:agent-filter-picker"),
        include=team,
        refresh_on=team,
        form_id=form_id,
    )


def agent_filter_choices(form, organization, chosen, data):
    """The picker's agents: the one chosen, then those typed (of the team chosen, unless "All teams")."""
    query, all_teams = picker.search_terms(form, FIELD)
    team = picker.picked(form, TEAM) if TEAM in form.fields else None
    choices = selectors.agent_picker(organization, chosen=chosen[:1], query=query, team=team, all_teams=all_teams)
    if not query:
        choices.hint = ""  # "type a name": the field's help says it already, and a filter bar has no room twice
    return choices


class AgentFilterForm(FastSelects, forms.Form):
    """The planning's filters, a team and an agent (what its calendar's events are asked for), and what the
    filters' picker endpoint reads (the list's filters name theirs alike)."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Agent.objects.none(), required=False)

    def __init__(self, *args, organization, teams=True, form_id="planning-filters", **kwargs):
        kwargs.setdefault("auto_id", "planning-%s")
        super().__init__(*args, **kwargs)
        if teams:
            self.fields[TEAM].queryset = Team.objects.for_org(organization).active()
            self.fields[TEAM].empty_label = _("All teams")
        else:
            del self.fields[TEAM]
        self.fields[FIELD].queryset = Agent.objects.for_org(organization).active()
        attach_agent_filter(self, organization, form_id=form_id)
