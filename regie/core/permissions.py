"""The one permission matrix: role × action. Services, views, API and templates all ask `can()`.

Actions are "<resource>.<verb>" strings. Verbs: `view` (read), `manage` (create, change, archive).
Later modules add their resources here, and `tests/test_permission_matrix.py` checks every cell.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REQUESTER = "requester", _("Requester (department referent)")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    MANAGER = "manager", _("Technical-services manager / dispatcher")
    AGENT = "agent", _("Field agent")
    STOREKEEPER = "storekeeper", _("Storekeeper")
    FLEET_MANAGER = "fleet_manager", _("Fleet manager")
    CONTRACTOR = "contractor", _("Contractor")
    ELECTED = "elected", _("Elected official")
    ADMIN = "admin", _("Organization administrator")


R = Role
STAFF = {
    R.REQUESTER,
    R.DEPARTMENT_HEAD,
    R.MANAGER,
    R.AGENT,
    R.STOREKEEPER,
    R.FLEET_MANAGER,
    R.ELECTED,
    R.ADMIN,
}
EVERYONE = STAFF | {R.CONTRACTOR}

# action -> roles allowed. Read it as a table: one line an action.
MATRIX: dict[str, frozenset[Role]] = {
    "dashboard.view": frozenset(EVERYONE),
    "organization.view": frozenset(EVERYONE),
    "organization.manage": frozenset({R.ADMIN}),
    "department.view": frozenset(STAFF),
    "department.manage": frozenset({R.ADMIN}),
    "skill.view": frozenset(STAFF),
    "skill.manage": frozenset({R.ADMIN, R.MANAGER}),
    "team.view": frozenset(STAFF),
    "team.manage": frozenset({R.ADMIN, R.MANAGER}),
    "agent.view": frozenset(STAFF - {R.REQUESTER}),
    "agent.manage": frozenset({R.ADMIN, R.MANAGER}),
    "contractor.view": frozenset(STAFF - {R.REQUESTER, R.AGENT}),
    "contractor.manage": frozenset({R.ADMIN, R.MANAGER}),
    "membership.view": frozenset({R.ADMIN}),
    "membership.manage": frozenset({R.ADMIN}),
    "share.view": frozenset({R.ADMIN, R.MANAGER, R.FLEET_MANAGER, R.ELECTED}),
    "share.manage": frozenset({R.ADMIN}),
    "audit.view": frozenset({R.ADMIN, R.MANAGER, R.ELECTED}),
    "admin.access": frozenset({R.ADMIN}),
    "notification.view": frozenset(EVERYONE),
    # Files on records: the parent record decides who sees and adds them (regie.attachments.registry).
    "attachment.view": frozenset(EVERYONE),
    "attachment.add": frozenset(EVERYONE),
    # Interventions: requests, work orders, costs, planning, and their reference data.
    "request.view": frozenset(STAFF),
    "request.create": frozenset({R.REQUESTER, R.DEPARTMENT_HEAD, R.MANAGER, R.AGENT, R.ADMIN}),
    "request.manage": frozenset({R.MANAGER, R.ADMIN}),
    "workorder.view": frozenset(STAFF - {R.REQUESTER} | {R.CONTRACTOR}),
    "workorder.manage": frozenset({R.MANAGER, R.ADMIN}),
    "time.record": frozenset({R.AGENT, R.MANAGER, R.ADMIN}),
    "cost.record": frozenset({R.AGENT, R.MANAGER, R.STOREKEEPER, R.FLEET_MANAGER, R.ADMIN, R.CONTRACTOR}),
    "cost.view": frozenset({R.DEPARTMENT_HEAD, R.MANAGER, R.ELECTED, R.ADMIN}),
    "planning.view": frozenset(STAFF),
    "planning.manage": frozenset({R.MANAGER, R.ADMIN}),
    "category.view": frozenset(EVERYONE),
    "category.manage": frozenset({R.MANAGER, R.ADMIN}),
    "priority.view": frozenset(EVERYONE),
    "priority.manage": frozenset({R.ADMIN}),
    "budgetline.view": frozenset(STAFF),
    "budgetline.manage": frozenset({R.ADMIN}),
    "costcode.view": frozenset(STAFF),
    "costcode.manage": frozenset({R.MANAGER, R.ADMIN}),
    "workflowsettings.view": frozenset({R.MANAGER, R.ADMIN}),
    "workflowsettings.manage": frozenset({R.ADMIN}),
}

ACTIONS = tuple(MATRIX)


def can(role, action: str) -> bool:
    """True when `role` may perform `action`. An unknown action is a programming error, not a 'no'."""
    try:
        return role in MATRIX[action]
    except KeyError:
        raise KeyError(f"Unknown action {action!r}: add it to regie.core.permissions.MATRIX") from None


def membership_can(membership, action: str) -> bool:
    return membership is not None and can(membership.role, action)
