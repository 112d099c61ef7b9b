"""The maintenance module's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    # maintenance plans: the staff who work or dispatch read them (an agent sees why a work order was generated)
    "maintenanceplan.view": STAFF - {R.REQUESTER},
    "maintenanceplan.manage": {R.ADMIN, R.MANAGER},
    # regulatory inspections: the catalogue, the inspections with their reports and observations, compliance
    "inspection.view": STAFF,
    "inspection.manage": {R.ADMIN, R.MANAGER},
}
