"""PreparedQuery: a read of fixed shape compiled once, rerun with other values; the same rows, related objects and
annotations as the queryset evaluated the ordinary way, one query a call, and a refusal of what it cannot keep."""

from decimal import Decimal

import pytest
from django.db.models import Count, Q

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import Asset
from regie.core.factories import OrganizationFactory
from regie.core.models import Organization
from regie.core.prepared import PreparedQuery
from tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def assets_named(organization_id, code):
    return (
        Asset.objects.filter(organization_id=organization_id, code__startswith="A")
        .filter(Q(code=code) | Q(name=code))
        .select_related("organization", "asset_type")
        .annotate(children_count=Count("children"))
        .order_by("code")[:5]
    )


ASSETS_NAMED = PreparedQuery(assets_named, organization_id=int, code=str)


@pytest.fixture
def registry():
    org, other = OrganizationFactory(), OrganizationFactory()
    kind = AssetTypeFactory(organization=org)
    school = AssetFactory(organization=org, asset_type=kind, code="A-1", name="École")
    AssetFactory(organization=org, asset_type=kind, code="A-2", name="A-1", parent=school)
    AssetFactory(organization=other, asset_type=AssetTypeFactory(organization=other), code="A-1")
    return org, other


def fields(assets):
    return [(a.pk, a.code, a.organization.name, a.asset_type.code, a.children_count) for a in assets]


def test_it_gives_what_the_queryset_gives(registry, django_assert_num_queries):
    org, other = registry
    for organization, code in ((org, "A-1"), (other, "A-1"), (org, "A-2"), (org, "none")):
        expected = fields(assets_named(organization.pk, code))
        with django_assert_num_queries(1):  # the related objects with it, no query after
            assert fields(ASSETS_NAMED(organization_id=organization.pk, code=code)) == expected
    assert len(fields(ASSETS_NAMED(organization_id=org.pk, code="A-1"))) == 2


def test_it_compiles_once_per_database(registry, monkeypatch):
    org, _other = registry
    prepared = PreparedQuery(assets_named, organization_id=int, code=str)
    built = []
    monkeypatch.setattr(prepared, "build", lambda **values: built.append(values) or assets_named(**values))
    for code in ("A-1", "A-2", "École"):
        prepared(organization_id=org.pk, code=code)
    assert len(built) == 1 and built[0]["code"] != "A-1"  # built once, with placeholders


def test_values_lists_and_converted_values(registry):
    org, _other = registry
    prepared = PreparedQuery(
        lambda pk, lat: Organization.objects.filter(pk=pk).values_list("slug", "created_at").order_by("pk"),
        pk=int,
        lat=Decimal,
    )
    with pytest.raises(ValueError, match="lat"):  # a placeholder the query does not use: refused
        prepared(pk=org.pk, lat=Decimal("1"))
    prepared = PreparedQuery(lambda pk: Organization.objects.filter(pk=pk).values_list("slug", "created_at"), pk=int)
    assert prepared(pk=str(org.pk)) == [(org.slug, org.created_at)]  # "12" given: passed as 12


def test_a_value_the_orm_would_transform_is_refused(registry):
    prepared = PreparedQuery(lambda name: Organization.objects.filter(name__contains=name), name=str)
    with pytest.raises(ValueError, match="not passed unchanged"):
        prepared(name="Ville")  # LIKE '%…%': the value is rewritten, the SQL could not be reused


def test_only_fixed_kinds_and_the_declared_names():
    with pytest.raises(TypeError):
        PreparedQuery(lambda when: Organization.objects.filter(created_at=when), when=object)
    prepared = PreparedQuery(lambda pk: Organization.objects.filter(pk=pk), pk=int)
    with pytest.raises(TypeError):
        prepared(pk=1, other=2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_threads_each_use_their_own_connection():
    orgs = [OrganizationFactory() for _ in range(4)]
    prepared = PreparedQuery(lambda pk: Organization.objects.filter(pk=pk), pk=int)
    assert prepared(pk=orgs[0].pk)[0] == orgs[0]  # compiled in this thread, with its connection
    results = run_concurrently(*(lambda org=org: prepared(pk=org.pk)[0] for org in orgs))
    assert results == orgs
