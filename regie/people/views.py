"""HTML pages of the people app: thin declarations over the core record views."""

from django.utils.translation import gettext_lazy as _

from regie.core.models import Membership
from regie.core.views import Column, RecordArchiveView, RecordDetailView, RecordFormView, RecordListView, record_views

from . import forms, services
from .models import Absence, Agent, Contractor, Department, Skill, Team
from .selectors import members

DEPARTMENT_VIEWS = record_views(
    Department,
    "department",
    form=forms.DepartmentForm,
    create=services.create_department,
    update=services.update_department,
    columns=[
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), sort="name"),
        Column("kind", _("Kind")),
        Column("email", _("E-mail")),
    ],
    fields=services.DEPARTMENT_FIELDS,
    search=["code", "name"],
)
SKILL_VIEWS = record_views(
    Skill,
    "skill",
    form=forms.SkillForm,
    create=services.create_skill,
    update=services.update_skill,
    columns=[
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), sort="name"),
        Column("hourly_rate", _("Hourly rate (€)"), sort="hourly_rate", money=True),
    ],
    fields=services.SKILL_FIELDS,
    money_fields=("hourly_rate",),
    pay_rates=True,
    search=["code", "name"],
)
TEAM_VIEWS = record_views(
    Team,
    "team",
    form=forms.TeamForm,
    create=services.create_team,
    update=services.update_team,
    columns=[
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), sort="name"),
        Column("department", _("Department"), sort="department__name"),
        Column("leader", _("Team leader")),
    ],
    fields=services.TEAM_FIELDS,
    search=["code", "name"],
    select_related=("department", "leader"),
)
AGENT_VIEWS = record_views(
    Agent,
    "agent",
    form=forms.AgentForm,
    create=services.create_agent,
    update=services.update_agent,
    columns=[
        Column("employee_number", _("Employee no."), sort="employee_number", link=True),
        Column("last_name", _("Last name"), sort="last_name"),
        Column("first_name", _("First name")),
        Column("department", _("Department"), sort="department__name"),
        Column("team", _("Team"), sort="team__name"),
        Column("weekly_hours", _("Hours/week")),
    ],
    fields=[*services.AGENT_FIELDS, "user"],
    money_fields=("hourly_rate",),
    pay_rates=True,
    search=["last_name", "first_name", "employee_number"],
    default_sort="last_name",
    select_related=("department", "team"),
)
CONTRACTOR_VIEWS = record_views(
    Contractor,
    "contractor",
    form=forms.ContractorForm,
    create=services.create_contractor,
    update=services.update_contractor,
    columns=[
        Column("name", _("Company"), sort="name", link=True),
        Column("siret", _("SIRET")),
        Column("email", _("E-mail")),
        Column("phone", _("Phone")),
    ],
    fields=services.CONTRACTOR_FIELDS,
    search=["name", "siret"],
)
ABSENCE_VIEWS = record_views(
    Absence,
    "absence",
    form=forms.AbsenceForm,
    create=services.create_absence,
    update=services.update_absence,
    columns=[
        Column("agent", _("Agent"), sort="agent__last_name", link=True),
        Column("kind", _("Kind"), sort="kind"),
        Column("start", _("Start"), sort="start"),
        Column("end", _("End"), sort="end"),
    ],
    fields=services.ABSENCE_FIELDS,
    search=["agent__last_name", "agent__first_name", "agent__employee_number"],
    default_sort="-start",
    select_related=("agent",),
)


class MembershipListView(RecordListView):
    model = Membership

    permission_action = "membership.view"
    manage_action = "membership.manage"
    title = _("Users and roles")
    columns = [
        Column("user.username", _("User name"), sort="user__username", link=True),
        Column("user", _("Name")),
        Column("role", _("Role"), sort="role"),
        Column("department", _("Department")),
        Column("contractor", _("Contractor")),
    ]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    default_sort = "user__username"
    create_url_name = "people:membership-create"
    detail_url_name = "people:membership-detail"

    def base_queryset(self):
        return members(self.organization)

    def sortable(self):
        return {
            "user__username": Column("user", "", sort="user__username"),
            "role": Column("role", "", sort="role"),
        }


class MembershipDetailView(RecordDetailView):
    model = Membership

    permission_action = "membership.view"
    manage_action = "membership.manage"
    fields = ["user", "role", "department", "contractor", "created_at"]
    update_url_name = "people:membership-update"
    archive_url_name = "people:membership-archive"


class MembershipFormView(RecordFormView):
    model = Membership

    permission_action = "membership.manage"
    detail_url_name = "people:membership-detail"
    update_service = staticmethod(services.update_membership)

    @property
    def form_class(self):
        return forms.MembershipForm if "pk" in self.kwargs else forms.NewMemberForm

    def create_service(self, **kwargs):
        return services.add_member(**kwargs, request=self.request)


class MembershipArchiveView(RecordArchiveView):
    model = Membership

    permission_action = "membership.manage"
    detail_url_name = "people:membership-detail"

    def archive(self, obj, reason):
        return services.end_membership(obj, by=self.request.user, reason=reason)
