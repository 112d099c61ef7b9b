"""The asset registry's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import EVERYONE, STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    # Everyone files requests on assets, contractors work on them: all may see the registry they are shown
    # (a contractor's pages show the assets of their own work orders only, through those pages).
    "asset.view": frozenset(EVERYONE),
    "asset.manage": {R.ADMIN, R.MANAGER},
    "assettype.view": STAFF,
    "assettype.manage": {R.ADMIN, R.MANAGER},
    # who occupies the premises, and the cost statements given to them
    "occupant.view": STAFF - {R.AGENT},
    "occupant.manage": {R.ADMIN, R.MANAGER},
    # meters: agents read them in the field; the dispatchers correct them
    "meter.view": STAFF,
    "meter.manage": {R.ADMIN, R.MANAGER},
    "meter.read": {R.ADMIN, R.MANAGER, R.AGENT, R.FLEET_MANAGER},
    # the organization's boundary (imported from a GeoJSON file)
    "area.view": STAFF,
    "area.manage": {R.ADMIN},
    # insured values and acquisition values: the money of the registry
    "assetvalue.view": {R.ADMIN, R.MANAGER, R.DEPARTMENT_HEAD, R.ELECTED},
}
