"""The portal's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import STAFF
from regie.core.permissions import Role as R

ACTIONS = {
    # residents' reports: the triage queue and each report (elected officials follow them, without personal data)
    "report.view": {R.ADMIN, R.MANAGER, R.DEPARTMENT_HEAD, R.ELECTED},
    # turn into a request, merge, reject, post a public update
    "report.triage": {R.ADMIN, R.MANAGER},
    # the reporter's e-mail, name and phone (RGPD: only who needs them to answer)
    "report.personal": {R.ADMIN, R.MANAGER},
    # the service catalogue residents choose from, with its extra questions
    "servicecategory.view": STAFF,
    "servicecategory.manage": {R.ADMIN, R.MANAGER},
    # Open311 application keys and the portal's settings
    "applicationkey.view": {R.ADMIN},
    "applicationkey.manage": {R.ADMIN},
    "portalsettings.view": {R.ADMIN},
    "portalsettings.manage": {R.ADMIN},
}
