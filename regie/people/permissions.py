"""The people app's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    "department.view": STAFF,
    "department.manage": {R.ADMIN},
    "skill.view": STAFF,
    "skill.manage": {R.ADMIN, R.MANAGER},
    "team.view": STAFF,
    "team.manage": {R.ADMIN, R.MANAGER},
    "agent.view": STAFF - {R.REQUESTER},
    "agent.manage": {R.ADMIN, R.MANAGER},
    "contractor.view": STAFF - {R.REQUESTER, R.AGENT},
    "contractor.manage": {R.ADMIN, R.MANAGER},
    # The kind of an absence (sickness) is personal: the dispatchers see and enter it; the planning shows
    # everyone else only that the agent is away.
    "absence.view": {R.ADMIN, R.MANAGER},
    "absence.manage": {R.ADMIN, R.MANAGER},
}
