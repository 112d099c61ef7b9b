"""HTML input of the people pages: each record's form offers the fields its services list."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm
from regie.core.models import Membership

from .models import Absence, Agent, Contractor, Department, Skill, Team
from .services import (
    ABSENCE_FIELDS,
    AGENT_FIELDS,
    CONTRACTOR_FIELDS,
    DEPARTMENT_FIELDS,
    MEMBERSHIP_FIELDS,
    NEW_MEMBER_FIELDS,
    SKILL_FIELDS,
    TEAM_FIELDS,
)

DepartmentForm = forms.modelform_factory(Department, form=TenantModelForm, fields=DEPARTMENT_FIELDS)
SkillForm = forms.modelform_factory(Skill, form=TenantModelForm, fields=SKILL_FIELDS)
TeamForm = forms.modelform_factory(Team, form=TenantModelForm, fields=TEAM_FIELDS)
AgentForm = forms.modelform_factory(
    Agent, form=TenantModelForm, fields=AGENT_FIELDS, widgets={"skills": forms.CheckboxSelectMultiple}
)
ContractorForm = forms.modelform_factory(
    Contractor,
    form=TenantModelForm,
    fields=CONTRACTOR_FIELDS,
    widgets={"trades": forms.CheckboxSelectMultiple, "address": forms.Textarea(attrs={"rows": 3})},
)
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AbsenceForm = forms.modelform_factory(
    Absence,
    form=TenantModelForm,
    fields=ABSENCE_FIELDS,
    widgets={"start": MOMENT, "end": MOMENT, "note": forms.Textarea(attrs={"rows": 3})},
)
MembershipForm = forms.modelform_factory(Membership, form=TenantModelForm, fields=MEMBERSHIP_FIELDS)


class NewMemberForm(TenantModelForm):
    """A new member: an existing user name, or a new person invited by e-mail."""

    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("For a new person: where the invitation goes. For someone who already has an account: its e-mail."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="fr")

    class Meta:
        model = Membership
        fields = list(MEMBERSHIP_FIELDS)

    field_order = list(NEW_MEMBER_FIELDS)

    def split(self):
        return {name: self.cleaned_data.get(name) for name in NEW_MEMBER_FIELDS}, {}
