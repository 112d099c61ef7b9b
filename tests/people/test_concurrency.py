"""Two administrators act on each other's membership at once: the organization keeps an administrator
(PostgreSQL, real threads)."""

import pytest

from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import Membership, User
from regie.core.permissions import Role
from regie.people import services
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _remove(kind, membership, by):
    """Demote `membership` to manager, or end it, acting as `by` (fresh rows: each thread its own)."""

    def call():
        target, actor = Membership.objects.get(pk=membership.pk), User.objects.get(pk=by.pk)
        if kind == "demote":
            return services.update_membership(target, by=actor, data={"role": Role.MANAGER})
        return services.end_membership(target, by=actor)

    return call


@pytest.mark.parametrize(("first", "second"), [("demote", "demote"), ("demote", "end"), ("end", "end")])
def test_two_administrators_removing_each_other_leave_one(org_a, make_member, monkeypatch, first, second):
    x, y = make_member(org_a, Role.ADMIN), make_member(org_a, Role.ADMIN)
    mx, my = Membership.objects.get(user=x), Membership.objects.get(user=y)
    # Between counting the other administrators and saving: without a lock each sees the other one still there.
    slow_down(monkeypatch, services, "update_record")
    slow_down(monkeypatch, services, "archive_record")

    results = run_concurrently(_remove(first, mx, by=y), _remove(second, my, by=x))

    admins = Membership.objects.active().filter(organization=org_a, role=Role.ADMIN)
    assert admins.count() == 1, results
    assert len([r for r in results if isinstance(r, Membership)]) == 1, results
    assert len([r for r in results if isinstance(r, (Conflict, Forbidden))]) == 1, results
