"""The analytics module's actions in the permission matrix (assembled by regie.core.permissions.assemble)."""

from regie.core.permissions import Role as R

ACTIONS = {
    # the dashboards: the director (administrator, technical-services manager), a department head (their
    # department's), a team leader (an agent: their team's work, no money), an elected official
    "indicator.view": {R.ADMIN, R.MANAGER, R.DEPARTMENT_HEAD, R.AGENT, R.ELECTED},
    # the make-or-buy assumptions (hourly cost of a new agent, productive hours a year)
    "indicator.configure": {R.ADMIN, R.MANAGER},
    # what organizations owe each other for what they share (recharge statements)
    "recharge.view": {R.ADMIN, R.MANAGER, R.ELECTED},
    # the read-only reporting views and their roles for BI tools, the scheduled exports of the facts
    "reporting.manage": {R.ADMIN},
}
