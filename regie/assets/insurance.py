"""The insurance summary: what the organization insures, building by building, and what its insurer should hear
about — buildings in service with no insured value, and disposed assets still carrying one (Sainte-Maxime's census
of what it really owned changed its insurance bill).

Buildings are the assets of the building family; an asset's `insured_value` is its own (the registry holds no
insured value of contents summed into a building). Amounts are summed in the database as whole cents, exact on
every database. Who may read it: `assetvalue.view` (the view checks it; the selectors take the organization).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, F, Sum
from django.db.models.functions import Cast, Coalesce, Round

from .models import Asset, AssetKind, AssetStatus


@dataclass
class InsuranceSummary:
    buildings: list = field(default_factory=list)  # insured buildings in service (or out of service), by name
    total: Decimal = Decimal("0.00")  # their insured values
    uninsured: list = field(default_factory=list)  # buildings not disposed of, without an insured value
    disposed_insured: list = field(default_factory=list)  # disposed assets (any family) still insured
    disposed_total: Decimal = Decimal("0.00")
    counts: dict = field(default_factory=dict)


def _assets(organization):
    return Asset.objects.owned_by(organization).active().select_related("asset_type", "parent")


def buildings(organization):
    return _assets(organization).filter(asset_type__kind=AssetKind.BUILDING).exclude(status=AssetStatus.DISPOSED)


def insured_buildings(organization):
    return buildings(organization).filter(insured_value__isnull=False).order_by("sort_name", "pk")


def uninsured_buildings(organization):
    return buildings(organization).filter(insured_value__isnull=True).order_by("sort_name", "pk")


def disposed_still_insured(organization):
    return (
        _assets(organization)
        .filter(status=AssetStatus.DISPOSED, insured_value__gt=0)
        .order_by("-insured_value", "sort_name", "pk")
    )


def _sum_cents(queryset):
    total = queryset.order_by().aggregate(
        cents=Coalesce(Sum(Cast(Round(F("insured_value") * 100), BigIntegerField())), 0)
    )["cents"]
    return Decimal(int(total)).scaleb(-2)


def insurance_summary(organization):
    """The three lists and their totals (five queries)."""
    insured = list(insured_buildings(organization))
    disposed = list(disposed_still_insured(organization))
    uninsured = list(uninsured_buildings(organization))
    return InsuranceSummary(
        buildings=insured,
        total=_sum_cents(insured_buildings(organization)),
        uninsured=uninsured,
        disposed_insured=disposed,
        disposed_total=_sum_cents(disposed_still_insured(organization)),
        counts={"insured": len(insured), "uninsured": len(uninsured), "disposed_insured": len(disposed)},
    )
