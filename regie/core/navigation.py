"""The navigation menu, by module; an entry shows only to roles the matrix allows its action for."""

from django.utils.translation import gettext_lazy as _

from .permissions import can

MENU = [
    # (section, [(label, url name, action)])
    (
        _("Interventions"),
        [
            (_("Requests"), "interventions:request-list", "request.view"),
            (_("Work orders"), "interventions:workorder-list", "workorder.view"),
            (_("Planning"), "planning:calendar", "planning.view"),
            (_("Costs"), "interventions:cost-summary", "cost.view"),
        ],
    ),
    (
        _("Organization"),
        [
            (_("Departments"), "people:department-list", "department.view"),
            (_("Agents"), "people:agent-list", "agent.view"),
            (_("Teams"), "people:team-list", "team.view"),
            (_("Skills"), "people:skill-list", "skill.view"),
            (_("Contractors"), "people:contractor-list", "contractor.view"),
        ],
    ),
    (
        _("Administration"),
        [
            (_("Users and roles"), "people:membership-list", "membership.view"),
            (_("Shared resources"), "core:share-list", "share.view"),
            (_("Audit trail"), "core:audit-list", "audit.view"),
            (_("Imports"), "imports:job-list", "import.view"),
        ],
    ),
]


def menu_for(membership):
    if membership is None:
        return []
    sections = []
    for label, items in MENU:
        visible = [(text, url) for text, url, action in items if can(membership.role, action)]
        if visible:
            sections.append((label, visible))
    return sections
