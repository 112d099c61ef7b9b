"""The permission matrix, cell by cell, against a table written out here; then the same answers over HTTP.

Adding an action to `regie.core.permissions.MATRIX` (or changing a cell) fails this test until the table
below says the same thing: the review of a permission change happens here.
"""

import pytest

from regie.core.permissions import MATRIX, Role, actions, can

from .resources import resource_of
from .routes import all_routes, api_operations

pytestmark = pytest.mark.django_db

COLUMNS = {
    "req": Role.REQUESTER,
    "head": Role.DEPARTMENT_HEAD,
    "mgr": Role.MANAGER,
    "agent": Role.AGENT,
    "store": Role.STOREKEEPER,
    "fleet": Role.FLEET_MANAGER,
    "contr": Role.CONTRACTOR,
    "elect": Role.ELECTED,
    "admin": Role.ADMIN,
}

EXPECTED_TABLE = """
action                      req  head   mgr agent store fleet contr elect admin
dashboard.view              yes   yes   yes   yes   yes   yes   yes   yes   yes
dashboard.figures           yes   yes   yes   yes   yes   yes     -   yes   yes
organization.view           yes   yes   yes   yes   yes   yes   yes   yes   yes
organization.manage           -     -     -     -     -     -     -     -   yes
department.view             yes   yes   yes   yes   yes   yes     -   yes   yes
department.manage             -     -     -     -     -     -     -     -   yes
skill.view                  yes   yes   yes   yes   yes   yes     -   yes   yes
skill.manage                  -     -   yes     -     -     -     -     -   yes
team.view                   yes   yes   yes   yes   yes   yes     -   yes   yes
team.manage                   -     -   yes     -     -     -     -     -   yes
agent.view                    -   yes   yes   yes   yes   yes     -   yes   yes
agent.manage                  -     -   yes     -     -     -     -     -   yes
contractor.view               -   yes   yes     -   yes   yes     -   yes   yes
contractor.manage             -     -   yes     -     -     -     -     -   yes
absence.view                  -     -   yes     -     -     -     -     -   yes
absence.manage                -     -   yes     -     -     -     -     -   yes
asset.view                 yes   yes   yes   yes   yes   yes     -   yes   yes
asset.manage                 -     -   yes     -     -     -     -     -   yes
assettype.view             yes   yes   yes   yes   yes   yes     -   yes   yes
assettype.manage             -     -   yes     -     -     -     -     -   yes
occupant.view              yes   yes   yes     -   yes   yes     -   yes   yes
occupant.manage              -     -   yes     -     -     -     -     -   yes
meter.view                 yes   yes   yes   yes   yes   yes     -   yes   yes
meter.manage                 -     -   yes     -     -     -     -     -   yes
meter.read                   -     -   yes   yes     -   yes     -     -   yes
area.view                  yes   yes   yes   yes   yes   yes     -   yes   yes
area.manage                  -     -     -     -     -     -     -     -   yes
assetvalue.view              -   yes   yes     -     -     -     -   yes   yes
maintenanceplan.view         -   yes   yes   yes   yes   yes     -   yes   yes
maintenanceplan.manage       -     -   yes     -     -     -     -     -   yes
inspection.view            yes   yes   yes   yes   yes   yes     -   yes   yes
inspection.manage            -     -   yes     -     -     -     -     -   yes
report.view                  -   yes   yes     -     -     -     -   yes   yes
report.triage                -     -   yes     -     -     -     -     -   yes
report.personal              -     -   yes     -     -     -     -     -   yes
servicecategory.view       yes   yes   yes   yes   yes   yes     -   yes   yes
servicecategory.manage       -     -   yes     -     -     -     -     -   yes
applicationkey.view          -     -     -     -     -     -     -     -   yes
applicationkey.manage        -     -     -     -     -     -     -     -   yes
portalsettings.view          -     -     -     -     -     -     -     -   yes
portalsettings.manage        -     -     -     -     -     -     -     -   yes
indicator.view               -   yes   yes   yes     -     -     -   yes   yes
indicator.configure          -     -   yes     -     -     -     -     -   yes
recharge.view                -     -   yes     -     -     -     -   yes   yes
reporting.manage             -     -     -     -     -     -     -     -   yes
membership.view               -     -     -     -     -     -     -     -   yes
membership.manage             -     -     -     -     -     -     -     -   yes
share.view                    -     -   yes     -     -   yes     -   yes   yes
share.manage                  -     -     -     -     -     -     -     -   yes
audit.view                    -     -   yes     -     -     -     -     -   yes
payrate.view                  -   yes   yes     -     -     -     -     -   yes
admin.access                  -     -     -     -     -     -     -     -   yes
scheduler.view                -     -     -     -     -     -     -     -   yes
scheduler.run                 -     -     -     -     -     -     -     -   yes
notification.view           yes   yes   yes   yes   yes   yes   yes   yes   yes
import.view                   -     -   yes     -     -     -     -     -   yes
import.manage                 -     -   yes     -     -     -     -     -   yes
export.run                  yes   yes   yes   yes   yes   yes   yes   yes   yes
attachment.view             yes   yes   yes   yes   yes   yes   yes   yes   yes
attachment.add              yes   yes   yes   yes   yes   yes   yes   yes   yes
request.view                yes   yes   yes   yes   yes   yes     -   yes   yes
request.create              yes   yes   yes   yes     -     -     -     -   yes
request.manage                -     -   yes     -     -     -     -     -   yes
workorder.view                -   yes   yes   yes   yes   yes   yes   yes   yes
workorder.manage              -     -   yes     -     -     -     -     -   yes
time.record                   -     -   yes   yes     -     -     -     -   yes
cost.record                   -     -   yes   yes   yes   yes   yes     -   yes
cost.view                     -   yes   yes     -     -     -     -   yes   yes
planning.view                 -   yes   yes   yes   yes   yes     -   yes   yes
planning.manage               -     -   yes     -     -     -     -     -   yes
category.view               yes   yes   yes   yes   yes   yes   yes   yes   yes
category.manage               -     -   yes     -     -     -     -     -   yes
priority.view               yes   yes   yes   yes   yes   yes   yes   yes   yes
priority.manage               -     -     -     -     -     -     -     -   yes
budgetline.view             yes   yes   yes   yes   yes   yes     -   yes   yes
budgetline.manage             -     -     -     -     -     -     -     -   yes
costcode.view               yes   yes   yes   yes   yes   yes     -   yes   yes
costcode.manage               -     -   yes     -     -     -     -     -   yes
workflowsettings.view         -     -   yes     -     -     -     -     -   yes
workflowsettings.manage       -     -     -     -     -     -     -     -   yes
"""


def _parse(table):
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[0] == "action" and header[1:] == list(COLUMNS), "the table's columns are the roles of COLUMNS"
    expected = {}
    for row in rows:
        action, cells = row[0], row[1:]
        assert len(cells) == len(COLUMNS), f"row {action}: {len(cells)} cells"
        assert set(cells) <= {"yes", "-"}, f"row {action}: cells are 'yes' or '-'"
        assert action not in expected, f"row {action} appears twice"
        expected[action] = {COLUMNS[col]: cell == "yes" for col, cell in zip(COLUMNS, cells, strict=True)}
    return expected


EXPECTED = _parse(EXPECTED_TABLE)
CELLS = [(action, role) for action in EXPECTED for role in Role]


def test_the_table_covers_every_role():
    assert set(COLUMNS.values()) == set(Role), "a role was added or removed: add or remove its column"


def test_every_action_of_the_matrix_is_in_the_table():
    missing = [a for a in actions() if a not in EXPECTED]
    assert not missing, f"actions of MATRIX missing from EXPECTED_TABLE (write their row): {missing}"


def test_every_action_of_the_table_is_in_the_matrix():
    stale = [a for a in EXPECTED if a not in MATRIX]
    assert not stale, f"EXPECTED_TABLE has actions MATRIX no longer has: {stale}"


@pytest.mark.parametrize(("action", "role"), CELLS, ids=[f"{a}-{r.value}" for a, r in CELLS])
def test_cell(action, role):
    assert can(role, action) is EXPECTED[action][role], f"{role.value} × {action}"


def test_unknown_action_is_an_error_not_a_no():
    with pytest.raises(KeyError):
        can(Role.ADMIN, "no-such.action")


def test_no_role_is_a_no():
    assert not any(can(None, action) for action in actions())
    assert not any(can("superuser", action) for action in actions())


# --- the same answers over HTTP --------------------------------------------------------------------------


def _html_lists():
    from regie.core.views import RecordListView

    return [
        r
        for r in all_routes()
        if r.view_class is not None and issubclass(r.view_class, RecordListView) and not r.object_kwarg
    ]


def _api_lists():
    return [op for op in api_operations() if op.method == "get" and op.route.actions.get("get") == "list"]


@pytest.mark.parametrize("route", _html_lists(), ids=str)
def test_html_list_page_follows_the_matrix(route, world, web):
    action = f"{resource_of(route.model)}.view"
    assert action in EXPECTED, f"{route}: no row {action} in EXPECTED_TABLE"
    for role, user in world.members_b.items():
        response = web(user).get(route.url())
        expected = 200 if EXPECTED[action][role] else 403
        assert response.status_code == expected, f"{role.value} GET {route.url()} → {response.status_code}"


@pytest.mark.parametrize("op", _api_lists(), ids=str)
def test_api_list_follows_the_matrix(op, world, api):
    assert op.route.model is not None, f"{op}: a list names its model"
    action = f"{resource_of(op.route.model)}.view"
    assert action in EXPECTED, f"{op}: no row {action} in EXPECTED_TABLE"
    for role, user in world.members_b.items():
        response = api(user).get(op.url())
        expected = 200 if EXPECTED[action][role] else 403
        assert response.status_code == expected, f"{role.value} GET {op.url()} → {response.status_code}"


def test_admin_site_follows_the_matrix(world, web):
    from urllib.parse import urlsplit

    from django.urls import reverse

    for role, user in world.members_b.items():
        response = web(user).get(reverse("admin:index"))
        if EXPECTED["admin.access"][role]:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 302, role
            assert urlsplit(response["Location"]).path == reverse("admin:login"), role
