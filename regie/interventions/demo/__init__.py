"""Demo steps of the interventions app (after the asset registry's): reference data, then two years of activity
ending today.

`interventions_reference` gives each demo organization its categories (each with its usual trade and
technical department), the four standard priorities, M57 budget lines per requesting department and year,
cost codes for its events (one per edition) and works projects, its workflow settings, and the people the
history needs: a referent and a head per requesting department, a manager per technical department. Those
are users of the organization (memberships audited like the rest of the demo) who cannot sign in.

`interventions_history` tells the story of ~15,000 requests a year in the big town (3,000 in the mid-size
town, 150 in the village, 1,000 at the agglomeration; times `--scale`, times `--history`) over the 730 days
before today: when they are filed (seasons, events, weekdays, August), how long each step takes by priority,
who acts (requester, department head, manager, agent, contractor), which team and agents do the work, the
hours at the agent's rate, materials, equipment, contractor invoices, reports, first-visit fixes, ratings.
About 60 % of the town's requests (and their work orders) name the registered asset they are about, one fitting
their category and the requesting department's buildings, with its place and point (`request_assets`).
Each story stops at the present moment, so old requests are closed (or rejected, cancelled) and recent ones
are at every step of the workflow. Rows are built in Python and inserted in bulk, with their audit trail
(timestamped as the history says), the number sequences (DI-/BT-YYYY-NNNNNN, the counters left at the last
number) and notifications; a few live items wait for the demo users (see `LIVE`).

The cost totals of work orders and requests are the sums of their time entries and cost lines, as the cost
services keep them.

Modules: `base` (tunables), `reference` (the first step), `plans`, the collaborators `Simulation` mixes in
(`timing`, `request_plans`, `request_details`, `request_assets`, `request_story`, `work_order_plans`,
`work_order_run`, `costs`, `live`), the `Writer` and its row builders (`record_rows`, `audit_rows`,
`notification_rows`, `snapshots`), and `history` (the second step). Rows go through the shared bulk writer
`regie.demo.bulk.Table`.
"""

from .base import request_volume
from .history import create_history
from .reference import create_reference

__all__ = ["create_history", "create_reference", "request_volume"]
