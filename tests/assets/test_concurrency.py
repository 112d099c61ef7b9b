"""Two dispatchers move two assets under each other at once: the tree never gets a loop (PostgreSQL, threads)."""

import pytest
from django.core.exceptions import ValidationError

from regie.assets import services
from regie.assets.models import Asset
from regie.core.models import User
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _move(asset, under, by):
    def call():
        return services.update_asset(
            Asset.objects.get(pk=asset.pk),
            by=User.objects.get(pk=by.pk),
            data={"parent": Asset.objects.get(pk=under.pk)},
        )

    return call


def test_crossed_moves_leave_a_tree(org_a, manager, site_type, monkeypatch):
    a = services.create_asset(by=manager, organization=org_a, data={"name": "A", "asset_type": site_type})
    b = services.create_asset(by=manager, organization=org_a, data={"name": "B", "asset_type": site_type})
    # Between checking the new parent and writing the paths: without the tree's lock both checks pass.
    slow_down(monkeypatch, services, "prepare")

    results = run_concurrently(_move(a, b, manager), _move(b, a, manager))

    assert len([r for r in results if isinstance(r, Asset)]) == 1, results
    assert len([r for r in results if isinstance(r, ValidationError)]) == 1, results
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.parent_id is None) != (b.parent_id is None)  # one root, one child: no loop
    child, root = (a, b) if a.parent_id else (b, a)
    assert child.path == root.path + child.path[len(root.path) :] and child.depth == 1
