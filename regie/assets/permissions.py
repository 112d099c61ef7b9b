"""The asset registry's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    # Staff file requests on assets and work on them; a contractor sees the asset of its own work orders on those
    # work orders' pages (name and place), not the registry.
    "asset.view": STAFF,
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
