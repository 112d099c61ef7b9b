"""Use cases of the people app. Reference records use the generic services; memberships have rules."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import Membership
from regie.core.permissions import Role
from regie.core.services import archive_record, lock, record_services, update_record

from .models import Absence, Agent, Contractor, Department, Skill, Team

# What a person fills in for each record: its form, its page and its API take these lists.
DEPARTMENT_FIELDS = ("code", "name", "kind", "email", "phone", "budget_code")
SKILL_FIELDS = ("code", "name", "hourly_rate")
TEAM_FIELDS = ("code", "name", "department", "leader")
AGENT_FIELDS = (
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
)
CONTRACTOR_FIELDS = ("name", "siret", "email", "phone", "address", "trades")
ABSENCE_FIELDS = ("agent", "kind", "start", "end", "note")
# What `update_membership` changes, and what `add_member` reads (who the person is, then the same).
MEMBERSHIP_FIELDS = ("role", "department", "contractor")
NEW_MEMBER_FIELDS = ("username", "email", "first_name", "last_name", "language", *MEMBERSHIP_FIELDS)

create_department, update_department = record_services(Department, "department")
create_skill, update_skill = record_services(Skill, "skill")
create_team, update_team = record_services(Team, "team")
create_agent, update_agent = record_services(Agent, "agent")
create_contractor, update_contractor = record_services(Contractor, "contractor")
create_absence, update_absence = record_services(Absence, "absence")


def _check_membership_links(organization, role, department, contractor):
    errors = {}
    if role == Role.CONTRACTOR and contractor is None:
        errors["contractor"] = [_("A contractor user must be linked to a contractor company.")]
    if role in (Role.REQUESTER, Role.DEPARTMENT_HEAD) and department is None:
        errors["department"] = [_("Requesters and department heads act for a department: choose it.")]
    if department is not None and department.organization_id != organization.pk:
        errors["department"] = [_("This choice does not exist in your organization.")]
    if contractor is not None and contractor.organization_id != organization.pk:
        errors["contractor"] = [_("This choice does not exist in your organization.")]
    if errors:
        raise ValidationError(errors)


def _may_attach(by, organization, user, email):
    """An existing account joins `organization` if it was already a member there, if the e-mail given is the
    account's, or if a platform operator adds it: an administrator cannot pull in, and so read the name and
    e-mail of, any account of the platform by guessing its user name."""
    if by.is_superuser or Membership.objects.filter(user=user, organization=organization).exists():
        return True
    email = (email or "").strip().lower()
    return bool(email) and bool(user.email) and email == user.email.lower()


@transaction.atomic
def add_member(*, by, organization, data, m2m=None, send_invitation=True, request=None):
    """Give a person a role in `organization`: an existing user (same user name) or a new one, invited by e-mail.

    A user has at most one active membership per organization.
    """
    authorize(by, organization, "membership.manage")
    username = data["username"].strip()
    role, department, contractor = data["role"], data.get("department"), data.get("contractor")
    _check_membership_links(organization, role, department, contractor)
    User = get_user_model()
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    created = user is None
    if not created and not _may_attach(by, organization, user, data.get("email", "")):
        # Someone else's account: only who knows its e-mail address may add it, and nothing of it is shown.
        message = _("This user name is taken. To add that person, give the e-mail address of their account.")
        raise ValidationError({"email": [message]}, code="account_email_mismatch")
    if created:
        user = User(
            username=username,
            email=data.get("email", "").strip().lower(),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            language=data.get("language") or "fr",
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.active().filter(user=user, organization=organization).exists():
        raise Conflict(_("This person already has a role in this organization."), code="already_member")
    membership = Membership(
        user=user, organization=organization, role=role, department=department, contractor=contractor
    )
    membership.full_clean()
    membership.save()
    audit.record(membership, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(membership)))
    if created and send_invitation and user.email:
        transaction.on_commit(lambda: invite(user, request))
    return membership


class InvitationForm(PasswordResetForm):
    """Django's reset form skips accounts without a usable password, which is exactly what an invitee has."""

    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active else []


def invite(user, request=None):
    """Send the password-setting e-mail (Django's reset flow) in the user's language."""
    from django.utils import translation

    form = InvitationForm(user)
    if form.is_valid():
        with translation.override(user.language):
            form.save(
                request=request,
                use_https=bool(request and request.is_secure()),
                domain_override=None if request else "localhost",
                subject_template_name="registration/invitation_subject.txt",
                email_template_name="registration/invitation_email.txt",
            )


@transaction.atomic
def update_membership(membership, *, by, data, m2m=None, expected_updated_at=None):
    """Change a member's role or the department/company they act for."""
    merged = {
        "role": data.get("role", membership.role),
        "department": data.get("department", membership.department),
        "contractor": data.get("contractor", membership.contractor),
    }
    _check_membership_links(membership.organization, merged["role"], merged["department"], merged["contractor"])
    if merged["role"] != Role.ADMIN:
        _keep_an_administrator(membership)
    fields = {k: v for k, v in data.items() if k in MEMBERSHIP_FIELDS}
    return update_record(
        membership, by=by, action="membership.manage", data=fields, expected_updated_at=expected_updated_at
    )


def _keep_an_administrator(membership):
    """The last active administrator of an organization can neither leave nor be demoted.

    The organization's administrator memberships are locked (ordered by primary key) before they are counted:
    of two administrators removing each other at once, the second waits, then sees that only they are left.
    """
    admins = list(
        Membership.objects.active()
        .filter(organization_id=membership.organization_id, role=Role.ADMIN)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise Conflict(_("An organization keeps at least one administrator."), code="last_admin")


@transaction.atomic
def end_membership(membership, *, by, reason=""):
    """Archive a membership: the person loses access to this organization at their next request."""
    _keep_an_administrator(membership)
    return archive_record(membership, by=by, action="membership.manage", reason=reason)


@transaction.atomic
def deactivate_user(user, *, by):
    """Deactivate an account everywhere: its sessions end and its API tokens are revoked at once.

    Accounts span organizations, so only platform operators (superusers) may do this; an organization
    administrator ends a membership instead (`end_membership`).
    """
    from regie.core.signals import end_all_sessions

    if not getattr(by, "is_superuser", False):
        raise Forbidden(_("Only platform operators can deactivate an account."))
    user = lock(user)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_all_sessions(user)
    return user
