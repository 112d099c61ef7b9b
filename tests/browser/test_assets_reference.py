"""The registry's reference pages in a browser: an administrator defines the type "Aire de jeux — équipement"
with a choice attribute (its choices one per line) and a number with a unit; a field agent, on a phone
(390×844), records a meter reading on the meter's page. Screenshots in test-artifacts/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE


@pytest.fixture
def meter(organization):
    from regie.assets.factories import AssetFactory, AssetTypeFactory, MeterFactory
    from regie.assets.models import AssetKind

    school = AssetTypeFactory(organization=organization, code="ECOLE", name="Groupe scolaire", kind=AssetKind.BUILDING)
    asset = AssetFactory(organization=organization, asset_type=school, code="BAT-0012", name="École Jules-Ferry")
    return MeterFactory(organization=organization, asset=asset, name="Compteur électrique général", unit="kWh")


@pytest.fixture
def agent(organization):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    user = UserFactory(username="karim.benali", first_name="Karim", last_name="Benali", language="fr")
    MembershipFactory(organization=organization, user=user, role=Role.AGENT)
    return user


def test_administrator_defines_a_type_with_typed_attributes(browsing, admin):
    from regie.assets.models import AssetType

    page = browsing.open(user=admin, viewport=DESKTOP)
    page.goto("/assets/types/new/")
    page.locator("#id_code").fill("AIRE-EQ")
    page.locator("#id_name").fill("Aire de jeux — équipement")
    page.locator("#id_kind").select_option("play_item")
    page.get_by_role("main").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aire de jeux — équipement")
    expect(page.locator("#attributes")).to_contain_text("Ce type n’a pas encore d’attribut.")

    form = page.locator("#new-attribute form")
    form.locator("#id_code").fill("norme")
    form.locator("#id_label").fill("Norme")
    form.locator("#id_data_type").select_option("choice")
    form.locator("#id_choices_text").fill("EN 1176\nEN 1177\n")
    form.locator("#id_position").fill("1")
    form.get_by_role("button", name="Ajouter l’attribut").click()
    expect(page.locator("[data-attribute=norme]")).to_contain_text("EN 1176, EN 1177")

    form = page.locator("#new-attribute form")
    form.locator("#id_code").fill("hauteur_chute")
    form.locator("#id_label").fill("Hauteur de chute libre")
    form.locator("#id_data_type").select_option("number")
    form.locator("#id_unit").fill("m")
    form.locator("#id_minimum").fill("0")
    form.locator("#id_maximum").fill("3")
    form.locator("#id_position").fill("2")
    form.get_by_role("button", name="Ajouter l’attribut").click()
    row = page.locator("[data-attribute=hauteur_chute]")
    expect(row).to_contain_text("Hauteur de chute libre")
    expect(row).to_contain_text("m")
    expect(page.locator("[data-attributes] tbody tr")).to_have_count(2)
    codes = page.locator("[data-attributes] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.attribute)")
    assert codes == ["norme", "hauteur_chute"]  # in their order
    browsing.shot(page, "type-with-attributes")

    kind = AssetType.objects.get(code="AIRE-EQ")
    choice, number = kind.attributes.order_by("position")
    assert choice.choices == ["EN 1176", "EN 1177"]
    assert (number.data_type, number.unit, number.maximum) == ("number", "m", 3)


def test_agent_records_a_meter_reading_on_a_phone(browsing, agent, meter):
    from regie.assets.models import MeterReading

    page = browsing.open(user=agent, viewport=MOBILE)
    page.goto(f"/assets/meters/{meter.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compteur électrique général")
    expect(page.locator("#readings")).to_contain_text("Aucun relevé pour l’instant.")
    browsing.shot(page, "meter-before")
    moment = timezone.localtime() - datetime.timedelta(minutes=30)
    form = page.locator("#reading form")
    form.locator("#id_read_at").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    form.locator("#id_value").fill("48213.5")
    form.locator("#id_note").fill("Index relevé au sous-sol")
    form.get_by_role("button", name="Enregistrer le relevé").click()
    expect(page.locator("[data-readings] tbody tr")).to_have_count(1)
    expect(page.locator("[data-readings]")).to_contain_text("Karim Benali")
    expect(page.get_by_role("main")).to_contain_text("Relevé enregistré")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the meter page scrolls sideways on a phone ({width}px)"
    browsing.shot(page, "meter-after-reading")
    reading = MeterReading.objects.get(meter=meter)
    assert (str(reading.value), reading.read_by_id) == ("48213.500", agent.pk)

    # the meter was replaced: a lower index is refused until it is recorded as a new meter's first reading
    browsing.allow(r"HTTP 422 POST .*/readings/", r"status of 422")  # the refused reading
    form = page.locator("#reading form")
    form.locator("#id_read_at").fill((moment + datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("#id_value").fill("12")
    form.get_by_role("button", name="Enregistrer le relevé").click()
    expect(page.get_by_role("main")).to_contain_text("Inférieur au relevé précédent")
    expect(page.locator("[data-readings] tbody tr")).to_have_count(1)
    form = page.locator("#reading form")
    form.get_by_label("Compteur remplacé").check()
    form.get_by_role("button", name="Enregistrer le relevé").click()
    expect(page.locator("[data-readings] tbody tr")).to_have_count(2)
    expect(page.locator("[data-replacement]")).to_have_text("Nouveau compteur")
    history = page.locator("#history, .timeline").first
    expect(history).to_contain_text("Compteur remplacé")
    expect(history).to_contain_text("Oui")
    browsing.shot(page, "meter-replaced")
    assert MeterReading.objects.filter(meter=meter, replacement=True, value=12).count() == 1
