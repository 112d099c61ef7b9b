"""The registry's reference pages: generated record cases (tests/cases.py) for every model, and their own rules
(attributes on the type's page, premises on the occupant's page, readings on the meter's, the area upload)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from regie.assets import services
from regie.assets.factories import (
    AssetFactory,
    AssetTypeFactory,
    AttributeDefinitionFactory,
    MeterFactory,
    OccupancyFactory,
    OccupantFactory,
)
from regie.assets.models import AttributeDefinition, MeterReading, Occupancy, OrganizationArea, Species
from regie.core.permissions import Role
from tests.cases import HTMLRecordCases, member

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[6.0, 45.0], [6.1, 45.0], [6.1, 45.1], [6.0, 45.1], [6.0, 45.0]]]}


def a_type(organization):
    return AssetTypeFactory(organization=organization).pk


def an_occupant(organization):
    return OccupantFactory(organization=organization).pk


def an_asset_code(organization):
    return AssetFactory(organization=organization).code


class SpeciesFactory:
    """Species have no factory in the foundation: a small one here."""

    _meta = type("Meta", (), {"model": Species})
    counter = 0

    def __call__(self, organization, **fields):
        SpeciesFactory.counter += 1
        values = {"genus": f"Genre{SpeciesFactory.counter}", "species": "commun", **fields}
        return Species.objects.create(organization=organization, **values)


def make_meter(organization, **fields):
    return MeterFactory(organization=organization, asset=AssetFactory(organization=organization), **fields)


def make_occupancy(organization, **fields):
    asset = AssetFactory(organization=organization)
    occupant = OccupantFactory(organization=organization)
    return OccupancyFactory(organization=organization, asset=asset, occupant=occupant, floor_share=10, **fields)


class TestAssetTypePages(HTMLRecordCases):
    resource, url_prefix, factory = "assettype", "assetref:assettype", AssetTypeFactory
    form_data = {"code": "AIRE", "name": "Aire de jeux", "kind": "playground"}
    invalid_form_data = ({"kind": "castle"}, "kind")


class TestAttributePages(HTMLRecordCases):
    resource, url_prefix, factory = "assettype", "assetref:attributedefinition", AttributeDefinitionFactory
    form_data = {"asset_type": a_type, "code": "age", "label": "Tranche d'âge", "data_type": "text", "position": 1}
    invalid_form_data = ({"data_type": "choice", "choices_text": ""}, "choices_text")

    def make(self, organization, **fields):
        return AttributeDefinitionFactory(asset_type=AssetTypeFactory(organization=organization), **fields)


class TestOccupantPages(HTMLRecordCases):
    resource, url_prefix, factory = "occupant", "assetref:occupant", OccupantFactory
    form_data = {"name": "École Jules-Ferry", "kind": "school"}
    invalid_form_data = ({"email": "pas une adresse"}, "email")


class TestOccupancyPages(HTMLRecordCases):
    resource, url_prefix = "occupant", "assetref:occupancy"
    factory = OccupancyFactory
    form_data = {"occupant": an_occupant, "asset": an_asset_code, "starts_on": "2024-09-01", "floor_share": "40"}
    invalid_form_data = ({"floor_share": "140"}, "floor_share")

    def make(self, organization, **fields):
        return make_occupancy(organization, **fields)


class TestMeterPages(HTMLRecordCases):
    resource, url_prefix, factory = "meter", "assetref:meter", MeterFactory
    form_data = {"asset": an_asset_code, "name": "Compteur général", "kind": "electricity", "unit": "kWh",
                 "cumulative": "on"}  # fmt: skip
    invalid_form_data = ({"asset": "NO-SUCH-CODE"}, "asset")

    def make(self, organization, **fields):
        return make_meter(organization, **fields)


class TestSpeciesPages(HTMLRecordCases):
    resource, url_prefix, factory = "assettype", "assetref:species", SpeciesFactory()
    form_data = {"genus": "Platanus", "species": "× hispanica", "common_name": "Platane commun"}
    invalid_form_data = ({"genus": ""}, "genus")

    @property
    def model(self):
        return Species


# --- asset types: attributes on the type's page ------------------------------------------------------------


def test_type_page_lists_its_attributes_in_order_and_offers_the_form(org_a, admin_a, client_for):
    kind = AssetTypeFactory(organization=org_a, name="Aire de jeux")
    AttributeDefinitionFactory(asset_type=kind, code="second", label="Deuxième", position=2)
    AttributeDefinitionFactory(asset_type=kind, code="first", label="Premier", position=1)
    archived = AttributeDefinitionFactory(asset_type=kind, code="old", label="Ancien", position=0)
    archived.archived_at = timezone.now()
    archived.save()
    page = client_for(admin_a).get(reverse("assetref:assettype-detail", args=[kind.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Premier") < html.index("Deuxième")
    assert "Ancien" not in html
    assert page.context["attribute_form"] is not None


def test_choices_are_typed_one_per_line_and_saved_back_to_the_type(org_a, admin_a, client_for):
    kind = AssetTypeFactory(organization=org_a)
    response = client_for(admin_a).post(
        reverse("assetref:attributedefinition-create"),
        {"asset_type": kind.pk, "code": "standard", "label": "Norme", "data_type": "choice",
         "choices_text": "EN 1176\r\n\r\n  EN 1177 \nEN 1176\n", "position": 3},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("assetref:assettype-detail", args=[kind.pk])
    attribute = AttributeDefinition.objects.get(asset_type=kind, code="standard")
    assert attribute.choices == ["EN 1176", "EN 1177"]


def test_changing_the_type_of_value_of_an_attribute_in_use_is_refused(org_a, admin_a, client_for):
    kind = AssetTypeFactory(organization=org_a)
    attribute = AttributeDefinitionFactory(asset_type=kind, code="height", data_type="number")
    AssetFactory(organization=org_a, asset_type=kind, attributes={"height": "3"})
    web = client_for(admin_a)
    response = web.post(
        reverse("assetref:attributedefinition-update", args=[attribute.pk]),
        {"asset_type": kind.pk, "code": "height", "label": "Hauteur", "data_type": "text", "position": 0},
    )
    assert response.status_code == 400
    assert "son type de valeur ne peut plus changer" in response.content.decode()
    attribute.refresh_from_db()
    assert attribute.data_type == "number"
    # the label and unit may still change
    response = web.post(
        reverse("assetref:attributedefinition-update", args=[attribute.pk]),
        {"asset_type": kind.pk, "code": "height", "label": "Hauteur", "data_type": "number", "unit": "m",
         "position": 0},
    )  # fmt: skip
    assert response.status_code == 302
    attribute.refresh_from_db()
    assert (attribute.label, attribute.unit) == ("Hauteur", "m")


def test_a_type_assets_still_have_cannot_be_archived(org_a, admin_a, client_for):
    kind = AssetTypeFactory(organization=org_a)
    AssetFactory(organization=org_a, asset_type=kind)
    response = client_for(admin_a).post(reverse("assetref:assettype-archive", args=[kind.pk]), {"reason": "x"})
    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.archived_at is None


# --- occupants: their premises -----------------------------------------------------------------------------


def test_occupant_page_shows_its_premises_with_dates(org_a, admin_a, client_for):
    occupant = OccupantFactory(organization=org_a, name="Club de judo")
    gym = AssetFactory(organization=org_a, code="GYM-1", name="Gymnase")
    OccupancyFactory(
        organization=org_a, occupant=occupant, asset=gym, starts_on=datetime.date(2023, 9, 1), floor_share=25
    )
    page = client_for(admin_a).get(reverse("assetref:occupant-detail", args=[occupant.pk]))
    html = page.content.decode()
    assert "GYM-1 — Gymnase" in html
    assert "01/09/2023" in html or "2023" in html
    assert f"?occupant={occupant.pk}" in html


def test_shares_over_100_percent_at_the_same_time_are_refused(org_a, admin_a, client_for):
    gym = AssetFactory(organization=org_a, code="GYM-2")
    OccupancyFactory(organization=org_a, asset=gym, starts_on=datetime.date(2024, 1, 1), floor_share=70)
    OccupancyFactory(
        organization=org_a, asset=gym, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2022, 12, 31),
        floor_share=90,
    )  # fmt: skip
    occupant = OccupantFactory(organization=org_a)
    web = client_for(admin_a)
    url = reverse("assetref:occupancy-create")
    data = {"occupant": occupant.pk, "asset": "GYM-2", "starts_on": "2025-01-01", "floor_share": "40"}
    response = web.post(url, data)
    assert response.status_code == 400
    assert "il reste au plus 30 %" in response.content.decode()  # French, the default
    # before the 70 % occupancy starts, 40 % fit (the 90 % one had ended)
    response = web.post(url, {**data, "starts_on": "2023-01-01", "ends_on": "2023-12-31"})
    assert response.status_code == 302
    assert Occupancy.objects.filter(asset=gym).count() == 3


def test_occupancy_form_is_prefilled_from_the_occupant_page(org_a, admin_a, client_for):
    occupant = OccupantFactory(organization=org_a)
    page = client_for(admin_a).get(reverse("assetref:occupancy-create") + f"?occupant={occupant.pk}&asset=abc")
    assert page.status_code == 200
    assert page.context["form"]["occupant"].value() == occupant.pk


# --- meters and readings -----------------------------------------------------------------------------------


def test_meter_list_filters_by_asset(org_a, admin_a, client_for):
    mine = make_meter(org_a, name="Eau du stade")
    other = make_meter(org_a, name="Gaz de l'école")
    web = client_for(admin_a)
    page = web.get(reverse("assetref:meter-list") + f"?asset={mine.asset_id}")
    rows = {row.pk for row in page.context["page"].rows}
    assert rows == {mine.pk}
    assert other.pk not in rows
    assert f"?asset={mine.asset_id}" in page.context["create_url"]
    assert web.get(reverse("assetref:meter-list") + "?asset=abc").status_code == 200


def test_agent_records_a_reading_and_it_shows_latest_first(org_a, make_member, client_for):
    meter = make_meter(org_a, unit="kWh")
    agent = make_member(org_a, Role.AGENT)
    web = client_for(agent)
    url = reverse("assetref:meter-reading", args=[meter.pk])
    now = timezone.localtime()
    for hours, value in ((48, "100"), (1, "150.5")):
        moment = (now - datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
        assert web.post(url, {"read_at": moment, "value": value}).status_code == 302
    page = web.get(reverse("assetref:meter-detail", args=[meter.pk]))
    values = [reading.value for reading in page.context["readings"]]
    assert values == [Decimal("150.5"), Decimal("100")]
    assert MeterReading.objects.filter(meter=meter, read_by=agent).count() == 2


def test_a_reading_below_the_previous_one_is_refused_on_the_page(org_a, make_member, client_for):
    meter = make_meter(org_a)
    agent = make_member(org_a, Role.AGENT)
    services.record_reading(meter, by=agent, read_at=timezone.now() - datetime.timedelta(days=1), value=500)
    moment = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    url = reverse("assetref:meter-reading", args=[meter.pk])
    response = client_for(agent).post(url, {"read_at": moment, "value": "499"})
    assert response.status_code == 400
    assert "Inférieur au relevé précédent" in response.content.decode()
    assert MeterReading.objects.filter(meter=meter).count() == 1


def test_a_contractor_cannot_record_a_reading(org_a, client_for):
    meter = make_meter(org_a)
    web = client_for(member(org_a, Role.CONTRACTOR))
    url = reverse("assetref:meter-reading", args=[meter.pk])
    response = web.post(url, {"read_at": "2025-01-01T10:00", "value": "1"})
    assert response.status_code == 403
    assert not MeterReading.objects.exists()


def test_a_manager_sets_a_wrong_reading_aside(org_a, admin_a, client_for):
    meter = make_meter(org_a)
    reading = services.record_reading(meter, by=admin_a, read_at=timezone.now(), value=10)
    response = client_for(admin_a).post(reverse("assetref:meterreading-archive", args=[reading.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assetref:meter-detail", args=[meter.pk])
    reading.refresh_from_db()
    assert reading.archived_at is not None


# --- the organization's area -------------------------------------------------------------------------------


def geojson_file(content, name="commune.geojson"):
    data = content if isinstance(content, bytes) else __import__("json").dumps(content).encode()
    return SimpleUploadedFile(name, data, content_type="application/geo+json")


def test_administrator_uploads_the_boundary(org_a, admin_a, client_for):
    web = client_for(admin_a)
    url = reverse("assetref:area")
    feature = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": SQUARE}]}
    response = web.post(url, {"name": "Commune A", "tolerance_m": "500", "file": geojson_file(feature)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    area = OrganizationArea.objects.get(organization=org_a, archived_at__isnull=True)
    assert (area.name, area.tolerance_m) == ("Commune A", 500)
    page = web.get(url)
    assert "Commune A" in page.content.decode()
    assert page.context["vertex_count"] == 5


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n not json", "commune.geojson", "n’est pas du GeoJSON"),
        (b'{"type": "Point", "coordinates": [6, 45]}', "commune.json", "Polygon, MultiPolygon"),
        (b'{"type": "Polygon"}', "commune.txt", ".geojson ou .json"),
        (b" " * (2 * 1024 * 1024 + 1), "big.geojson", "trop volumineux"),
    ],
)
def test_a_file_that_is_not_a_boundary_is_refused_and_nothing_is_written(
    content, name, message, org_a, admin_a, client_for
):
    response = client_for(admin_a).post(
        reverse("assetref:area"), {"name": "Commune A", "file": geojson_file(content, name)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OrganizationArea.objects.filter(organization=org_a).exists()


def test_area_page_follows_the_matrix(org_a, make_member, client_for):
    manager = client_for(make_member(org_a, Role.MANAGER))
    page = manager.get(reverse("assetref:area"))
    assert page.status_code == 200
    assert page.context["form"] is None  # managers see the boundary, administrators replace it
    response = manager.post(reverse("assetref:area"), {"name": "x", "file": geojson_file(SQUARE)})
    assert response.status_code == 403
    contractor = client_for(member(org_a, Role.CONTRACTOR))
    assert contractor.get(reverse("assetref:area")).status_code == 403
