"""The cost roll-up to an asset and its subtree (`asset_costs`), recomputed from the raw cost lines and time
entries; the money predicate; the asset page's sections."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind
from regie.assets.sections import SECTIONS, sections_for
from regie.core.models import Membership
from regie.interventions import services
from regie.interventions.asset_costs import asset_costs
from regie.interventions.models import CostLine, TimeEntry, WorkOrder

from .api_support import file, work_order

pytestmark = pytest.mark.django_db
K = CostLine.Kind


@pytest.fixture
def group(town):
    building = AssetTypeFactory(organization=town.org, code="BAT", kind=AssetKind.BUILDING)
    room = AssetTypeFactory(organization=town.org, code="SAL", kind=AssetKind.SPACE)
    root = AssetFactory(organization=town.org, asset_type=building, code="GS", name="Groupe scolaire")
    school = AssetFactory(organization=town.org, asset_type=building, parent=root, code="GS-EL", name="Élémentaire")
    classroom = AssetFactory(organization=town.org, asset_type=room, parent=school, code="GS-EL-C1", name="Classe 1")
    elsewhere = AssetFactory(organization=town.org, asset_type=building, code="GYM", name="Gymnase")
    return {"root": root, "school": school, "classroom": classroom, "elsewhere": elsewhere}


def record_costs(town, wo, day, *, material="0", contractor="0", equipment="0", hours=None):
    """Costs of `wo` recorded through the services (which keep its totals), then dated `day` (the services refuse
    a day outside the organization's horizon; the roll-up reads the date as stored)."""
    today, lines, entries = timezone.localdate(), [], []
    for kind, amount in ((K.MATERIAL, material), (K.CONTRACTOR, contractor), (K.EQUIPMENT, equipment)):
        if Decimal(amount):
            line = services.add_cost_line(
                by=town.manager, work_order=wo, kind=kind, label=kind, date=today, unit_cost=amount
            )
            lines.append(line.pk)
    if hours:
        entry = services.record_time(by=town.manager, work_order=wo, agent=town.agent, date=today, hours=Decimal(hours))
        entries.append(entry.pk)
    CostLine.objects.filter(pk__in=lines).update(date=day)
    TimeEntry.objects.filter(pk__in=entries).update(date=day)


def costed(town, asset, created, *, on=None, department=None, **costs):
    """A work order on `asset` created on `created`, with its costs (`record_costs`) dated `on` (default: the day
    it was created)."""
    wo = work_order(town, asset=asset, agents=[town.agent], department=department)
    record_costs(town, wo, on or created, **costs)
    moment = timezone.make_aware(datetime.datetime.combine(created, datetime.time(10)))
    WorkOrder.objects.filter(pk=wo.pk).update(created_at=moment)
    return wo


def recomputed(town, assets):
    """By year of each line's and entry's own date: the raw lines and entries of the non-cancelled work orders."""
    years = {}
    lines = CostLine.objects.filter(work_order__asset__in=assets, archived_at__isnull=True).exclude(
        work_order__state="cancelled"
    )
    for line in lines:
        year = line.date.year
        row = years.setdefault(year, dict.fromkeys(("labour", "material", "contractor", "equipment"), Decimal(0)))
        row[line.kind] += line.amount
    entries = TimeEntry.objects.filter(work_order__asset__in=assets, archived_at__isnull=True).exclude(
        work_order__state="cancelled"
    )
    for entry in entries:
        year = entry.date.year
        row = years.setdefault(year, dict.fromkeys(("labour", "material", "contractor", "equipment"), Decimal(0)))
        row["labour"] += entry.cost
    return {
        year: {
            "labour": row["labour"],
            "materials": row["material"],
            "equipment": row["equipment"],
            "in_house": row["labour"] + row["material"] + row["equipment"],
            "contractors": row["contractor"],
            "total": sum(row.values()),
        }
        for year, row in years.items()
    }


def membership_of(user, org):
    return Membership.objects.get(user=user, organization=org)


def test_the_roll_up_sums_the_subtree_by_year_in_one_query(town, group, django_assert_num_queries):
    costed(town, group["classroom"], datetime.date(2025, 3, 4), material="120.40", contractor="800", hours="2")
    costed(town, group["school"], datetime.date(2026, 5, 6), equipment="55.55", contractor="1000.01")
    costed(town, group["root"], datetime.date(2026, 9, 1), material="10")
    costed(town, group["elsewhere"], datetime.date(2026, 9, 1), material="999")  # outside the subtree
    cancelled = costed(town, group["classroom"], datetime.date(2026, 2, 1), material="500")
    services.transition_work_order(cancelled, "cancel", by=town.manager, reason="Doublon")
    manager = membership_of(town.manager, town.org)
    with django_assert_num_queries(1):
        costs = asset_costs(town.org, manager, group["root"])
    expected = recomputed(town, [group["root"], group["school"], group["classroom"]])
    assert [row["year"] for row in costs.rows] == [2026, 2025]
    for row in costs.rows:
        for name in ("labour", "materials", "equipment", "in_house", "contractors", "total"):
            assert row[name] == expected[row["year"]][name], (row["year"], name)
    assert costs.rows[1]["labour"] == Decimal("71.00")  # 2 h at 35.50
    assert costs.totals["total"] == sum(year["total"] for year in expected.values())
    school_only = asset_costs(town.org, manager, group["classroom"])
    assert [(row["year"], row["total"]) for row in school_only.rows] == [(2025, Decimal("991.40"))]


def test_work_spanning_new_year_counts_each_cost_in_the_year_of_its_date(town, group, django_assert_num_queries):
    wo = costed(town, group["classroom"], datetime.date(2025, 12, 20), on=datetime.date(2025, 12, 22), hours="3")
    record_costs(town, wo, datetime.date(2025, 12, 23), material="100")
    record_costs(town, wo, datetime.date(2026, 1, 9), hours="2", equipment="40")
    record_costs(town, wo, datetime.date(2026, 1, 12), contractor="500")
    mistaken = services.add_cost_line(
        by=town.manager, work_order=wo, kind=K.MATERIAL, label="Erreur", date=timezone.localdate(), unit_cost="77"
    )
    services.cancel_cost_line(mistaken, by=town.manager, reason="Saisie en double")  # archived: left out
    manager = membership_of(town.manager, town.org)
    with django_assert_num_queries(1):
        costs = asset_costs(town.org, manager, group["root"])
    by_year = {row["year"]: row for row in costs.rows}
    assert list(by_year) == [2026, 2025]
    assert (by_year[2025]["labour"], by_year[2025]["materials"], by_year[2025]["contractors"]) == (
        Decimal("106.50"),  # 3 h at 35.50
        Decimal("100.00"),
        Decimal("0.00"),
    )
    assert (by_year[2026]["labour"], by_year[2026]["equipment"], by_year[2026]["contractors"]) == (
        Decimal("71.00"),
        Decimal("40.00"),
        Decimal("500.00"),
    )
    assert by_year[2026]["in_house"] == Decimal("111.00") and by_year[2026]["total"] == Decimal("611.00")
    expected = recomputed(town, [group["classroom"]])
    for year, row in by_year.items():
        assert {name: row[name] for name in expected[year]} == expected[year]
    # the work order's own totals (kept by the services) are the two years' sum
    wo.refresh_from_db()
    assert wo.total_cost == costs.totals["total"] == Decimal("817.50")


def test_the_money_predicate_decides_who_sees_it(town, group):
    costed(town, group["school"], datetime.date(2026, 1, 10), material="100", department=town.school)
    costed(town, group["school"], datetime.date(2026, 1, 11), material="40", department=town.works)
    assert asset_costs(town.org, membership_of(town.requester, town.org), group["root"]) is None
    assert asset_costs(town.org, membership_of(town.agent_user, town.org), group["root"]) is None
    head = asset_costs(town.org, membership_of(town.head, town.org), group["root"])
    assert head.totals["total"] == Decimal("100.00")  # their department's work only, as in the costs report
    assert asset_costs(town.org, membership_of(town.manager, town.org), group["root"]).totals["total"] == Decimal(
        "140.00"
    )


def test_another_organizations_work_does_not_count(town, group, org_b, make_member):
    from regie.core.permissions import Role

    costed(town, group["school"], datetime.date(2026, 1, 10), material="100")
    outsider = make_member(org_b, Role.MANAGER)
    costs = asset_costs(org_b, membership_of(outsider, org_b), group["root"])
    assert costs.rows == []


def sections_request(user, org):
    request = RequestFactory().get("/")
    request.user, request.organization, request.membership = user, org, membership_of(user, org)
    return request


def test_the_asset_page_shows_open_work_and_costs_by_year(town, group):
    request_on_room = file(town, asset=group["classroom"], title="Radiateur froid")
    wo = costed(town, group["school"], datetime.date(2026, 4, 1), contractor="300")
    shown = {
        section.key: (section, context)
        for section, context in sections_for(group["root"], sections_request(town.manager, town.org))
    }
    assert {"open_work", "costs"} <= set(shown)
    section, context = shown["open_work"]
    html = render_to_string(section.template, context)
    assert request_on_room.number in html and wo.number in html and f"asset_within={group['root'].pk}" in html
    section, context = shown["costs"]
    html = render_to_string(section.template, context)
    assert "l'année de sa propre date" in html  # French, the default language
    assert "2026" in html and "300" in html
    requester = {s.key for s, _c in sections_for(group["root"], sections_request(town.requester, town.org))}
    assert "costs" not in requester and "open_work" in requester


def test_the_costs_section_reads_one_query(town, group, django_assert_num_queries):
    costed(town, group["classroom"], datetime.date(2025, 12, 20), material="10", hours="1")
    costed(town, group["school"], datetime.date(2026, 3, 2), contractor="300", equipment="12.5")
    request = sections_request(town.manager, town.org)
    section = SECTIONS["costs"]
    with django_assert_num_queries(1):
        context = section.context(group["root"], request)
    assert [row["year"] for row in context["costs"].rows] == [2026, 2025]
    with django_assert_num_queries(0):
        html = render_to_string(section.template, context)
    assert "312,50" in html.replace("\u202f", " ").replace("\xa0", " ")


# the lazy sections' endpoint (`assets:asset-section`), for HTMX: session, user, memberships (nothing is shared with
# the town: no shares' query), the asset, then the section's own queries (open work: requests and work orders; costs:
# the roll-up)
SECTION_QUERIES = {"open_work": 4 + 2, "costs": 4 + 1}


def section_url(asset, key):
    from django.urls import reverse

    return reverse("assets:asset-section", args=[asset.pk, key])


def test_the_asset_page_leaves_open_work_and_costs_to_their_own_endpoint(town, group, client_for):
    costed(town, group["school"], datetime.date(2026, 4, 1), contractor="300")
    page = client_for(town.manager).get(group["root"].page_url).content.decode()
    for key in ("open_work", "costs"):
        assert f'hx-get="{section_url(group["root"], key)}"' in page and f'data-section="{key}"' in page
    assert "l'année de sa propre date" not in page  # the roll-up was not run for the page
    requester = client_for(town.requester).get(group["root"].page_url).content.decode()
    assert section_url(group["root"], "open_work") in requester
    assert section_url(group["root"], "costs") not in requester and 'data-section="costs"' not in requester


@pytest.mark.parametrize("key", sorted(SECTION_QUERIES))
def test_a_section_endpoint_reads_a_fixed_number_of_queries(key, town, group, client_for, django_assert_num_queries):
    file(town, asset=group["classroom"], title="Radiateur froid")
    for index in range(3):
        costed(town, group["school"], datetime.date(2025 - index, 4, 1), contractor="300", hours="1")
    web = client_for(town.manager)
    web.get(section_url(group["root"], key), headers={"HX-Request": "true"})
    with django_assert_num_queries(SECTION_QUERIES[key]):
        response = web.get(section_url(group["root"], key), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    html = response.content.decode()
    assert ("Radiateur froid" in html) if key == "open_work" else ("2023" in html and "2025" in html)


def test_the_costs_endpoint_follows_who_sees_money(town, group, client_for):
    costed(town, group["school"], datetime.date(2026, 4, 1), contractor="300")
    url = section_url(group["root"], "costs")
    assert client_for(town.requester).get(url).status_code == 403
    assert client_for(town.requester).get(url, headers={"HX-Request": "true"}).status_code == 403
    alone = client_for(town.manager).get(url)  # the page's link, without JavaScript
    html = alone.content.decode()
    assert alone.status_code == 200 and "<h1" in html and "300,00" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert group["root"].page_url in html
