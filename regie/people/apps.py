from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regie.core.navigation import MenuEntry, MenuSection, administration


class PeopleConfig(AppConfig):
    name = "regie.people"
    label = "people"
    verbose_name = _("People and organization")
    permissions = "regie.people.permissions.ACTIONS"
    urls = [("people/", "regie.people.urls")]
    menu = [
        MenuSection(
            "organization",
            _("Organization"),
            50,
            (
                MenuEntry(_("Departments"), "people:department-list", "department.view"),
                MenuEntry(_("Agents"), "people:agent-list", "agent.view"),
                MenuEntry(_("Teams"), "people:team-list", "team.view"),
                MenuEntry(_("Skills"), "people:skill-list", "skill.view"),
                MenuEntry(_("Contractors"), "people:contractor-list", "contractor.view"),
                MenuEntry(_("Absences"), "people:absence-list", "absence.view"),
            ),
        ),
        administration(MenuEntry(_("Users and roles"), "people:membership-list", "membership.view", weight=10)),
    ]

    def home_figures(self, organization):
        from .selectors import headline_figures

        return headline_figures(organization)

    def api_routes(self):
        from . import api

        return [
            ("departments", api.DepartmentViewSet, "department"),
            ("skills", api.SkillViewSet, "skill"),
            ("teams", api.TeamViewSet, "team"),
            ("agents", api.AgentViewSet, "agent"),
            ("contractors", api.ContractorViewSet, "contractor"),
            ("absences", api.AbsenceViewSet, "absence"),
            ("memberships", api.MembershipViewSet, "membership"),
        ]
