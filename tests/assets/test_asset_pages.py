"""The registry's pages: generated record cases, the list's filters and exports (CSV, XLSX, GeoJSON), the lazy
tree, the asset page (attributes, breadcrumb, children, sections, values per role), the form's attribute fields."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.assets import sections
from regie.assets.factories import AssetFactory, AssetTypeFactory, AttributeDefinitionFactory
from regie.assets.models import Asset, AttributeDefinition
from regie.assets.presenters import may_see_values
from regie.core.permissions import Role, can
from tests.cases import ALL_ROLES, HTMLRecordCases, member

pytestmark = pytest.mark.django_db


def a_type(org):
    return AssetTypeFactory(organization=org).pk


class TestAssetPages(HTMLRecordCases):
    resource, url_prefix, factory = "asset", "assets:asset", AssetFactory
    form_data = {"code": "ECOLE-1", "name": "École Jules Ferry", "asset_type": a_type, "status": "in_service"}
    invalid_form_data = ({"latitude": "123"}, "latitude")


def tree(org):
    school = AssetFactory(organization=org, code="GS-01", name="Groupe scolaire")
    building = AssetFactory(organization=org, code="GS-01-B", name="Bâtiment A", parent=school)
    boiler = AssetFactory(organization=org, code="GS-01-CH", name="Chaudière", parent=building)
    return school, building, boiler


def test_list_filters_search_subtree_and_attributes(org_a, client_for, building_type):
    web = client_for(member(org_a, Role.MANAGER))
    school, building, boiler = tree(org_a)
    big = AssetFactory(organization=org_a, asset_type=building_type, name="Gymnase", attributes={"erp_category": "2"})
    AssetFactory(organization=org_a, asset_type=building_type, name="Préau", attributes={"erp_category": "5"})
    rows = lambda response: {row.pk for row in response.context["page"].rows}  # noqa: E731
    assert rows(web.get(reverse("assets:asset-list"), {"within": school.pk})) == {school.pk, building.pk, boiler.pk}
    assert rows(web.get(reverse("assets:asset-list"), {"search": "GS-01-CH"})) == {boiler.pk}
    response = web.get(reverse("assets:asset-list"), {"type": building_type.pk, "attr.erp_category": "2"})
    assert rows(response) == {big.pk}
    assert 'name="attr.erp_category"' in response.content.decode()  # the chosen type's attributes as filters
    response = web.get(reverse("assets:asset-list"), {"attr.nope": "1"})
    assert response.status_code == 200 and response.context["attribute_error"]


def test_list_is_in_french_order(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    for name in ("Zinc", "École", "Eau"):
        AssetFactory(organization=org_a, name=name)
    names = [row.name for row in web.get(reverse("assets:asset-list")).context["page"].rows]
    assert names == ["Eau", "École", "Zinc"]


def test_geojson_export_is_a_feature_collection_of_the_filtered_list(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    school, building, boiler = tree(org_a)
    Asset.objects.filter(pk=building.pk).update(latitude=Decimal("45.75"), longitude=Decimal("4.85"))
    AssetFactory(organization=org_a, name="Ailleurs")
    response = web.get(reverse("assets:asset-list"), {"within": school.pk, "export": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    assert {f["id"] for f in data["features"]} == {school.pk, building.pk, boiler.pk}
    located = next(f for f in data["features"] if f["id"] == building.pk)
    assert located["geometry"] == {"type": "Point", "coordinates": [4.85, 45.75]}  # longitude first (RFC 7946)
    assert next(f for f in data["features"] if f["id"] == boiler.pk)["geometry"] is None


def test_tree_roots_and_children_on_demand(org_a, client_for):
    web = client_for(member(org_a, Role.AGENT))
    school, building, _boiler = tree(org_a)
    page = web.get(reverse("assets:asset-tree")).content.decode()
    assert "GS-01" in page and "Bâtiment A" not in page
    assert reverse("assets:asset-tree-children", args=[school.pk]) in page
    fragment = web.get(reverse("assets:asset-tree-children", args=[school.pk])).content.decode()
    assert "Bâtiment A" in fragment and "Chaudière" not in fragment
    no_js = web.get(reverse("assets:asset-tree"), {"node": building.pk}).content.decode()
    assert "Chaudière" in no_js and "Groupe scolaire" in no_js  # its breadcrumb


def test_asset_page_shows_attributes_breadcrumb_children_and_sections(org_a, client_for, building_type):
    web = client_for(member(org_a, Role.MANAGER))
    _school, building, _boiler = tree(org_a)
    gym = AssetFactory(
        organization=org_a,
        asset_type=building_type,
        parent=building,
        attributes={"floor_area": "12500.5", "year_built": "1998"},
    )
    sections.register_section(
        sections.AssetSection(
            key="test-costs",
            label="Coûts",
            template="assets/_asset_choices.html",
            context=lambda a, r: {"choices": [a]},
        )
    )
    try:
        page = web.get(gym.page_url).content.decode()
    finally:
        sections.SECTIONS.pop("test-costs")
    assert re.search("12[\u202f\u00a0 ]500,5\u00a0m²", page)  # French number with its unit
    assert ">1998<" in page
    assert "Groupe scolaire" in page and "Bâtiment A" in page  # breadcrumb
    assert 'data-section="test-costs"' in page
    page = web.get(building.page_url).content.decode()
    assert "Chaudière" in page and "data-subtree" in page


def test_asset_page_query_count_does_not_grow_with_children(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    school, _building, _boiler = tree(org_a)
    web.get(school.page_url)
    with CaptureQueriesContext(connection) as few:
        web.get(school.page_url)
    for index in range(6):
        AssetFactory(organization=org_a, parent=school, name=f"Salle {index}")
    with CaptureQueriesContext(connection) as many:
        assert web.get(school.page_url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("role", [role for role in ALL_ROLES if can(role, "asset.view")])
def test_values_follow_one_predicate_on_page_api_and_export(role, org_a, client_for, api_for):
    user = member(org_a, role)
    asset = AssetFactory(organization=org_a, insured_value=Decimal("1500000.00"), acquisition_value=Decimal("9.00"))
    expected = may_see_values(user.memberships.get())
    page = client_for(user).get(asset.page_url)
    assert page.status_code == 200, role
    assert ("data-asset-value" in page.content.decode()) is expected
    api = api_for(user, org_a).get(f"/api/v1/assets/{asset.pk}/").json()
    assert (api["insured_value"] is not None) is expected
    export = client_for(user).get(reverse("assets:asset-list"), {"export": "geojson"})
    if export.status_code == 200:
        feature = json.loads(b"".join(export.streaming_content))["features"][0]
        assert any("1500000" in str(value) for value in feature["properties"].values()) is expected


def test_form_renders_the_types_attributes_and_refuses_bad_values(org_a, client_for, building_type):
    web = client_for(member(org_a, Role.MANAGER))
    fields = web.get(reverse("assets:asset-attribute-fields"), {"asset_type": building_type.pk}).content.decode()
    assert 'name="attr__floor_area"' in fields and 'name="attr__erp_category"' in fields
    data = {"name": "Gymnase", "asset_type": building_type.pk, "status": "in_service", "attr__floor_area": "-4"}
    response = web.post(reverse("assets:asset-create"), data)
    assert response.status_code == 400
    assert "attr__floor_area" in response.context["form"].errors
    response = web.post(
        reverse("assets:asset-create"), {**data, "attr__floor_area": "850,5", "attr__erp_category": "3"}
    )
    assert response.status_code == 302
    gym = Asset.objects.get(name="Gymnase")
    assert gym.attributes == {"floor_area": "850.5", "erp_category": "3"}
    assert gym.code.startswith("PAT-")


def test_form_parent_by_code_and_choices_search(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    school, _building, _boiler = tree(org_a)
    options = web.get(reverse("assets:asset-choices"), {"parent": "Groupe"}).content.decode()
    assert 'value="GS-01"' in options
    kind = AssetTypeFactory(organization=org_a)
    AttributeDefinitionFactory(asset_type=kind, code="cabinet", label="Armoire",
                               data_type=AttributeDefinition.DataType.REFERENCE)  # fmt: skip
    data = {"name": "Salle", "asset_type": kind.pk, "status": "in_service", "parent": "GS-01", "attr__cabinet": "GS-01"}
    assert web.post(reverse("assets:asset-create"), data).status_code == 302
    room = Asset.objects.get(name="Salle")
    assert room.parent == school and room.path.startswith(school.path)
    response = web.post(reverse("assets:asset-create"), {**data, "parent": "NOPE"})
    assert response.status_code == 400 and "parent" in response.context["form"].errors


def test_geometry_text_is_checked(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    data = {"name": "Parc", "asset_type": a_type(org_a), "status": "in_service", "geometry": "{not json"}
    response = web.post(reverse("assets:asset-create"), data)
    assert response.status_code == 400 and "geometry" in response.context["form"].errors
    line = {"type": "LineString", "coordinates": [[4.85, 45.75], [4.86, 45.75]]}
    assert web.post(reverse("assets:asset-create"), {**data, "geometry": json.dumps(line)}).status_code == 302
    park = Asset.objects.get(name="Parc")
    assert park.length_m > 700 and park.latitude is not None


def test_archive_refuses_an_asset_with_parts(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    school, _building, _boiler = tree(org_a)
    response = web.post(reverse("assets:asset-archive", args=[school.pk]), {"reason": "Vendu"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.archived_at is None


def test_a_road_sections_fields_come_with_its_type(org_a, client_for, building_type):
    from regie.assets.models import AssetKind

    web = client_for(member(org_a, Role.MANAGER))
    road = AssetTypeFactory(organization=org_a, kind=AssetKind.ROAD_SECTION)
    url = reverse("assets:asset-attribute-fields")
    assert 'name="length_m"' in web.get(url, {"asset_type": road.pk}).content.decode()
    assert 'name="length_m"' not in web.get(url, {"asset_type": building_type.pk}).content.decode()
    data = {
        "name": "RD 12",
        "asset_type": road.pk,
        "status": "in_service",
        "length_m": "1250",
        "start_reference": "PR 3",
    }
    assert web.post(reverse("assets:asset-create"), data).status_code == 302
    assert Asset.objects.get(name="RD 12").length_m == 1250


def test_a_contractor_sees_the_asset_on_its_work_order_not_the_registry(org_a, client_for):
    asset = AssetFactory(organization=org_a, name="Gymnase Jean Moulin")
    contractor = client_for(member(org_a, Role.CONTRACTOR))
    assert contractor.get(reverse("assets:asset-list")).status_code == 403
    assert contractor.get(asset.page_url).status_code in (403, 404)


# --- what the registry's pages cost in queries (issue 15: 500,000 assets); each count fails if an N+1 comes back --

# the asset page: session, user, memberships (saying that nothing is shared with the organization: no shares' query),
# the asset (type, department, owner), its ancestors, first parts and subtree's counts (one UNION ALL), its type's
# attributes, its files, the unread count (its history is a lazy section: test_history)
ASSET_PAGE_QUERIES = 8
LIST_QUERIES = 8  # the same shell as the asset page's (no shares' query), then the list's own


def deep_asset(org, depth, kind_type=None):
    """An asset `depth` levels down a chain of ancestors, with three parts, attributes and a history."""
    parent = None
    for level in range(depth):
        parent = AssetFactory(organization=org, parent=parent, code=f"L{level}", name=f"Niveau {level}")
    typed = {"asset_type": kind_type} if kind_type is not None else {}
    asset = AssetFactory(organization=org, parent=parent, code="DEEP", name="Chaufferie", **typed)
    for index in range(3):
        AssetFactory(organization=org, parent=asset, code=f"P{index}", name=f"Pièce {index}")
    return asset


def test_asset_page_reads_a_fixed_number_of_queries(org_a, client_for, building_type, django_assert_num_queries):
    web = client_for(member(org_a, Role.MANAGER))
    asset = deep_asset(org_a, 2, building_type)
    web.get(asset.page_url)  # the session's first read
    with django_assert_num_queries(ASSET_PAGE_QUERIES):
        page = web.get(asset.page_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Niveau 0" in html and "Niveau 1" in html  # the breadcrumb, read with the subtree's counts
    assert "L1 — Niveau 1" in html  # "Inside": the parent taken from the ancestors
    assert "Pièce 2" in html and "data-subtree" in html
    assert "Surface" in html  # the type's attributes


def test_asset_page_names_its_owner_and_department_without_a_query(org_a, client_for, django_assert_num_queries):
    from regie.core.factories import OrganizationFactory
    from regie.people.factories import DepartmentFactory

    web = client_for(member(org_a, Role.MANAGER))
    asset = deep_asset(org_a, 1)
    bare = web.get(asset.page_url).content.decode()  # neither: its owner is its manager, no department
    assert re.search(rf"Propriétaire</dt><dd>{org_a.name}</dd>", bare) and "Service responsable</dt><dd>—" in bare
    commune = OrganizationFactory(name="Commune de Trémargat")
    Asset.objects.filter(pk=asset.pk).update(
        owner=commune, department=DepartmentFactory(organization=org_a, name="Bâtiments communaux")
    )
    with django_assert_num_queries(ASSET_PAGE_QUERIES):  # joined to the record
        html = web.get(asset.page_url).content.decode()
    assert "Propriétaire</dt><dd>Commune de Trémargat</dd>" in html
    assert "Service responsable</dt><dd>Bâtiments communaux</dd>" in html


def test_asset_page_queries_do_not_grow_with_depth_parts_or_files(org_a, client_for, django_assert_num_queries):
    from regie.attachments.services import attach_files
    from tests.attachments.images import png, upload

    user = member(org_a, Role.MANAGER)
    web = client_for(user)
    asset = deep_asset(org_a, 6)
    for index in range(5):
        AssetFactory(organization=org_a, parent=asset, code=f"Q{index}", name=f"Local {index}")
    uploads = [upload(f"plan-{index}.png", png(), "image/png") for index in range(2)]
    attach_files(by=user, organization=org_a, record=asset, uploads=uploads)
    web.get(asset.page_url)
    with django_assert_num_queries(ASSET_PAGE_QUERIES):
        assert web.get(asset.page_url).status_code == 200


def test_asset_page_lists_its_first_active_parts_by_name_with_their_type(org_a, client_for, building_type):
    from regie.assets.views import CHILDREN_SHOWN

    web = client_for(member(org_a, Role.MANAGER))
    asset = AssetFactory(organization=org_a, code="SITE", name="Groupe scolaire")
    for index in reversed(range(CHILDREN_SHOWN + 1)):  # created last to first: the page sorts them by name
        AssetFactory(organization=org_a, parent=asset, code=f"B{index:02}", name=f"Bâtiment {index:02}")
    AssetFactory(organization=org_a, parent=asset, code="ZZ", name="Annexe", archived_at=timezone.now())
    AssetFactory(organization=org_a, parent=asset, code="TYPED", name="Bâtiment 00 bis", asset_type=building_type)
    html = web.get(asset.page_url).content.decode()
    parts = html[html.index('class="plain asset-children"') :]
    parts = parts[: parts.index("</ul>")]
    codes = re.findall(r'<li><a href="[^"]+">([^ ]+) — ', parts)
    assert codes[:3] == ["B00", "TYPED", "B01"] and len(codes) == CHILDREN_SHOWN  # the first 50 by name
    assert "ZZ" not in codes and f"B{CHILDREN_SHOWN:02}" not in codes  # not the archived one, not the 52nd
    assert f'</a> <span class="sub">{building_type.name}</span>' in parts  # its type, read with it
    assert f"?parent={asset.pk}" in html  # the rest: a link to the list


def test_a_lazy_section_is_a_link_the_page_loads_and_a_page_of_its_own(org_a, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    asset = AssetFactory(organization=org_a, code="GYM", name="Gymnase")
    calls = []
    sections.register_section(
        sections.AssetSection(
            key="test-lazy",
            label="Essais",
            template="assets/_asset_choices.html",
            context=lambda a, r: calls.append(a.pk) or {"choices": [a]},
            lazy=True,
        )
    )
    try:
        page = web.get(asset.page_url).content.decode()
        url = reverse("assets:asset-section", args=[asset.pk, "test-lazy"])
        fragment = web.get(url, headers={"HX-Request": "true"})
        alone = web.get(url)
    finally:
        sections.SECTIONS.pop("test-lazy")
    assert calls == [asset.pk, asset.pk]  # the page itself did not compute the section
    assert f'hx-get="{url}"' in page and f'href="{url}"' in page  # loaded by HTMX, a link without JavaScript
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert "GYM" in fragment.content.decode() and "HX-Request" in fragment["Vary"]
    assert alone.status_code == 200 and "<html" in alone.content.decode()
    assert asset.page_url in alone.content.decode()  # back to the asset


def test_a_section_endpoint_refuses_unknown_sections_and_other_towns_assets(org_a, org_b, client_for):
    web = client_for(member(org_a, Role.MANAGER))
    mine, theirs = AssetFactory(organization=org_a), AssetFactory(organization=org_b)
    assert web.get(reverse("assets:asset-section", args=[mine.pk, "no-such-section"])).status_code == 404
    assert web.get(reverse("assets:asset-section", args=[theirs.pk, "open_work"])).status_code == 404


def test_asset_list_reads_a_fixed_number_of_queries(org_a, client_for, building_type, django_assert_num_queries):
    web = client_for(member(org_a, Role.MANAGER))
    for index in range(3):
        AssetFactory(organization=org_a, asset_type=building_type, code=f"A{index}", name=f"Actif {index}")
    web.get(reverse("assets:asset-list"))
    with django_assert_num_queries(LIST_QUERIES) as few:
        web.get(reverse("assets:asset-list"))
    for index in range(3, 12):
        AssetFactory(organization=org_a, code=f"A{index}", name=f"Actif {index}")  # a new type for each
    with django_assert_num_queries(len(few)):
        page = web.get(reverse("assets:asset-list"))
    assert len(page.context["page"].rows) == 12
