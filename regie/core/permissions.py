"""The one permission matrix: role × action. Services, views, API and templates all ask `can()`.

Actions are "<resource>.<verb>" strings. Verbs: `view` (read), `manage` (create, change, archive).
Each app declares its own actions (its AppConfig's `permissions`); `tests/security/test_permission_matrix.py`
checks every cell of the assembled matrix.
"""

from django.core.exceptions import ImproperlyConfigured
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

# action -> roles allowed. Read it as a table: one line an action. The platform's own actions are here; each
# app declares its own in its `permissions` module (named by its AppConfig's `permissions`), and `assemble()`
# joins them into MATRIX when the apps are ready. tests/security/test_permission_matrix.py checks every cell.
PLATFORM: dict[str, frozenset[Role]] = {
    "dashboard.view": frozenset(EVERYONE),
    # the home page's organization-wide figures: staff; a contractor's home shows their own work only
    "dashboard.figures": frozenset(STAFF),
    "organization.view": frozenset(EVERYONE),
    "organization.manage": frozenset({R.ADMIN}),
    "membership.view": frozenset({R.ADMIN}),
    "membership.manage": frozenset({R.ADMIN}),
    "share.view": frozenset({R.ADMIN, R.MANAGER, R.FLEET_MANAGER, R.ELECTED}),
    "share.manage": frozenset({R.ADMIN}),
    # the raw audit log: who changed what; elected officials read summaries, not the log
    "audit.view": frozenset({R.ADMIN, R.MANAGER}),
    # per-agent pay rates (agents', skills' hourly rates, a time entry's rate and cost): money, minus the
    # elected officials, who read costs by department, not what an agent earns (`may_see_pay_rates`)
    "payrate.view": frozenset({R.DEPARTMENT_HEAD, R.MANAGER, R.ADMIN}),
    "admin.access": frozenset({R.ADMIN}),
    # the periodic jobs of the platform (core.scheduler): their last runs; "Run now" queues one
    "scheduler.view": frozenset({R.ADMIN}),
    "scheduler.run": frozenset({R.ADMIN}),
}
MATRIX: dict[str, frozenset[Role]] = {}


def assemble():
    """MATRIX = the platform's actions + every installed app's (its AppConfig's `permissions`: a dotted path)."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    matrix = {}
    for config in apps.get_app_configs():
        path = getattr(config, "permissions", None)
        for action, roles in (import_string(path) if path else {}).items():
            if action in matrix:
                raise ImproperlyConfigured(f"{config.label}: the action {action!r} is already declared")
            matrix[action] = frozenset(roles)
    MATRIX.clear()
    MATRIX.update(matrix)


def actions():
    return tuple(MATRIX)


def can(role, action: str) -> bool:
    """True when `role` may perform `action`. An unknown action is a programming error, not a 'no'."""
    try:
        return role in MATRIX[action]
    except KeyError:
        raise KeyError(f"Unknown action {action!r}: add it to regie.core.permissions.MATRIX") from None


def membership_can(membership, action: str) -> bool:
    return membership is not None and can(membership.role, action)


ALL_DEPARTMENTS = "all"


def money_scope(membership):
    """Whose money `membership` sees: None (nobody's), `ALL_DEPARTMENTS`, or the id of one department.

    The roles allowed `cost.view` see money; a department head only their own department's (and none without one).
    """
    if not membership_can(membership, "cost.view"):
        return None
    if membership.role == Role.DEPARTMENT_HEAD:
        return membership.department_id
    return ALL_DEPARTMENTS


def may_see_money(membership, record=None) -> bool:
    """Who sees money — costs, amounts and pay rates — on every page, API answer and export (`money_scope`).

    With `record` (a request, a work order: anything with `department_id`), a department head sees its money only
    if it is their department's. Without (the costs report, already scoped; skills' and agents' rates, reference
    data of the organization) the role decides.
    """
    scope = money_scope(membership)
    if scope is None:
        return False
    return scope == ALL_DEPARTMENTS or record is None or record.department_id == scope


def may_see_pay_rates(membership, record=None) -> bool:
    """Who sees per-agent pay rates (the `money_fields` of records that declare `pay_rates`): whom `may_see_money`
    shows the money to, if `payrate.view` allows it too (an elected official sees costs, not pay rates)."""
    return may_see_money(membership, record) and membership_can(membership, "payrate.view")


def money_rule(pay_rates):
    """The predicate that hides a record's `money_fields`: pay rates or other amounts."""
    return may_see_pay_rates if pay_rates else may_see_money
