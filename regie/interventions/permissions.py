"""The interventions' actions in the permission matrix (assembled by regie.core.permissions.assemble):
requests, work orders, costs, planning, and their reference data."""

from regie.core.permissions import EVERYONE, STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    "request.view": STAFF,
    "request.create": {R.REQUESTER, R.DEPARTMENT_HEAD, R.MANAGER, R.AGENT, R.ADMIN},
    "request.manage": {R.MANAGER, R.ADMIN},
    "workorder.view": STAFF - {R.REQUESTER} | {R.CONTRACTOR},
    "workorder.manage": {R.MANAGER, R.ADMIN},
    "time.record": {R.AGENT, R.MANAGER, R.ADMIN},
    "cost.record": {R.AGENT, R.MANAGER, R.STOREKEEPER, R.FLEET_MANAGER, R.ADMIN, R.CONTRACTOR},
    "cost.view": {R.DEPARTMENT_HEAD, R.MANAGER, R.ELECTED, R.ADMIN},
    "planning.view": STAFF - {R.REQUESTER},  # requesters see no work orders (visible_work_orders): no entry
    "planning.manage": {R.MANAGER, R.ADMIN},
    "category.view": EVERYONE,
    "category.manage": {R.MANAGER, R.ADMIN},
    "priority.view": EVERYONE,
    "priority.manage": {R.ADMIN},
    "budgetline.view": STAFF,
    "budgetline.manage": {R.ADMIN},
    "costcode.view": STAFF,
    "costcode.manage": {R.MANAGER, R.ADMIN},
    "workflowsettings.view": {R.MANAGER, R.ADMIN},
    "workflowsettings.manage": {R.ADMIN},
}
