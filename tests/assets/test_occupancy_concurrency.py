"""Two managers give the same premises to two occupants at once: the shares in force never pass 100 %
(PostgreSQL, threads)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regie.assets import services
from regie.assets.factories import AssetFactory, OccupantFactory
from regie.assets.models import Asset, Occupancy, Occupant
from regie.core.models import User
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _occupy(asset, occupant, by, share):
    def call():
        return services.create_occupancy(
            by=User.objects.get(pk=by.pk),
            organization=occupant.organization,
            data={
                "occupant": Occupant.objects.get(pk=occupant.pk),
                "asset": Asset.objects.get(pk=asset.pk),
                "starts_on": datetime.date(2025, 9, 1),
                "floor_share": Decimal(share),
            },
        )

    return call


def test_concurrent_occupancies_of_one_asset_keep_within_100_percent(org_a, manager, monkeypatch):
    gym = AssetFactory(organization=org_a)
    judo, school = OccupantFactory(organization=org_a), OccupantFactory(organization=org_a)
    # Between reading the occupancies in force and writing the new one: without the asset's lock both pass.
    slow_down(monkeypatch, services, "_peak_share")

    results = run_concurrently(_occupy(gym, judo, manager, "60"), _occupy(gym, school, manager, "60"))

    assert len([r for r in results if isinstance(r, Occupancy)]) == 1, results
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and "floor_share" in refused[0].message_dict, results
    assert sum(o.floor_share for o in Occupancy.objects.filter(asset=gym)) == Decimal(60)
