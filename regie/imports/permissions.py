"""The imports' actions in the permission matrix. An import needs the target's own action too (agent.manage...);
an export has the scope of its list page (and `export.run`, so an organization could restrict exports later)."""

from regie.core.permissions import EVERYONE
from regie.core.permissions import Role as R

ACTIONS = {
    "import.view": {R.ADMIN, R.MANAGER},
    "import.manage": {R.ADMIN, R.MANAGER},
    "export.run": EVERYONE,
}
