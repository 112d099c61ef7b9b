from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regie.core.forms import TenantModelForm
from regie.core.models import Membership

from .models import Agent, Contractor, Department, Skill, Team


class DepartmentForm(TenantModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "kind", "email", "phone", "budget_code"]


class SkillForm(TenantModelForm):
    class Meta:
        model = Skill
        fields = ["code", "name", "hourly_rate"]


class TeamForm(TenantModelForm):
    class Meta:
        model = Team
        fields = ["code", "name", "department", "leader"]


class AgentForm(TenantModelForm):
    class Meta:
        model = Agent
        fields = [
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "phone",
            "department",
            "team",
            "skills",
            "weekly_hours",
            "hourly_rate",
        ]
        widgets = {"skills": forms.CheckboxSelectMultiple}


class ContractorForm(TenantModelForm):
    class Meta:
        model = Contractor
        fields = ["name", "siret", "email", "phone", "address", "trades"]
        widgets = {"trades": forms.CheckboxSelectMultiple, "address": forms.Textarea(attrs={"rows": 3})}


class MembershipForm(TenantModelForm):
    class Meta:
        model = Membership
        fields = ["role", "department", "contractor"]


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
        fields = ["role", "department", "contractor"]

    field_order = [
        "username",
        "email",
        "first_name",
        "last_name",
        "language",
        "role",
        "department",
        "contractor",
    ]

    def split(self):
        data = {
            k: self.cleaned_data.get(k)
            for k in (
                "username",
                "email",
                "first_name",
                "last_name",
                "language",
                "role",
                "department",
                "contractor",
            )
        }
        return data, {}
