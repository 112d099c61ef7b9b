"""Inspection services: recording (dates, bodies, assets), observations → corrective requests and back, lifting,
closing, obligations and their periodicity by public-access type and category."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from regie.core.exceptions import Conflict, Forbidden
from regie.core.permissions import Role
from regie.interventions.models import InterventionRequest
from regie.maintenance import inspection_services as services
from regie.maintenance.catalogue_seed import CATALOGUE, seed_catalogue
from regie.maintenance.inspection_factories import building
from regie.maintenance.models import Inspection, InspectionObligation, InspectionType, Observation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def obligation(site, asset, code):
    return InspectionObligation.objects.get(asset=asset, inspection_type=site.type(code))


def test_seed_is_idempotent_and_keeps_what_the_organization_edited(site):
    count = InspectionType.objects.filter(organization=site.org).count()
    assert count == len(CATALOGUE)
    edited = site.type("ERP-ELEC")
    edited.periodicity = 6
    edited.save()
    assert seed_catalogue(site.org) == 0
    assert InspectionType.objects.filter(organization=site.org).count() == count
    edited.refresh_from_db()
    assert edited.periodicity == 6
    assert all(t.periodicity_source for t in InspectionType.objects.filter(organization=site.org))


def test_commission_periodicity_follows_the_buildings_type_and_category(site):
    school = obligation(site, site.school, "ERP-CS")  # R, 3rd category
    assert (school.periodicity, school.periodicity_unit) == (36, "months")
    assert school.to_be_confirmed
    hall = building(site.org, "M", "4")
    home = building(site.org, "J", "2")
    small = building(site.org, "L", "5")
    plain = building(site.org, "", "")
    services.refresh_obligations(site.org)
    assert obligation(site, hall, "ERP-CS").periodicity == 60
    assert obligation(site, home, "ERP-CS").periodicity == 24
    assert not InspectionObligation.objects.filter(asset=small, inspection_type=site.type("ERP-CS")).exists()
    assert obligation(site, small, "ERP-ELEC").periodicity == 12  # 5th category: still its yearly checks
    owed = set(InspectionObligation.objects.filter(asset=plain).values_list("inspection_type__code", flat=True))
    assert owed == {"AMIANTE"}  # not a public-access building: only what every building owes


def test_a_lift_owes_its_visits_and_its_five_yearly_inspection(site):
    visit = obligation(site, site.lift, "ASC-ENT")
    assert (visit.periodicity, visit.periodicity_unit) == (6, "weeks")
    assert obligation(site, site.lift, "ASC-CT").periodicity == 60
    assert visit.building_id == site.school.pk  # the lift is in the school
    assert visit.next_due_on is None  # never inspected: overdue


def test_record_inspection_sets_the_next_due_date_and_stays_open(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    assert inspection.number.startswith("CTR-")
    assert inspection.is_open
    followed = obligation(site, site.school, "ERP-ELEC")
    assert followed.last_inspection == inspection
    assert followed.next_due_on == inspection.inspected_on.replace(year=inspection.inspected_on.year + 1)
    assert followed.open_inspections == 1
    assert inspection.next_due_on == followed.next_due_on


def test_a_compliant_inspection_is_closed_at_once(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data(outcome="compliant"))
    assert not inspection.is_open
    assert obligation(site, site.school, "ERP-ELEC").open_inspections == 0


def test_a_lift_visit_every_six_weeks(site):
    data = site.data("ASC-ENT", asset=site.lift, inspected_on=TODAY, outcome="compliant")
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=data)
    assert inspection.next_due_on == TODAY + datetime.timedelta(weeks=6)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"inspected_on": TODAY + datetime.timedelta(days=1)}, "inspected_on"),
        ({"inspector": "", "contractor": None}, "inspector"),
        ({"outcome": "excellent"}, "outcome"),
    ],
)
def test_bad_inspections_are_refused_and_nothing_is_written(site, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.record_inspection(by=site.manager, organization=site.org, data=site.data(**overrides))
    assert field in error.value.message_dict
    assert not Inspection.objects.exists()


def test_the_future_date_error_says_so(site):
    data = site.data(inspected_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.record_inspection(by=site.manager, organization=site.org, data=data)
    assert "futur" in str(error.value.message_dict["inspected_on"])  # French, the default language


def test_an_inspection_type_of_another_family_is_refused(site):
    with pytest.raises(ValidationError) as error:
        services.record_inspection(by=site.manager, organization=site.org, data=site.data("ASC-CT"))
    assert "asset" in error.value.message_dict


def test_agents_may_not_record_inspections(site, make_member):
    agent = make_member(site.org, Role.AGENT)
    with pytest.raises(Forbidden):
        services.record_inspection(by=agent, organization=site.org, data=site.data())


def test_a_periodicity_of_zero_is_refused(site):
    with pytest.raises(ValidationError) as error:
        services.update_inspection_type(site.type("ERP-ELEC"), by=site.admin, data={"periodicity": 0})
    assert "periodicity" in error.value.message_dict
    assert site.type("ERP-ELEC").periodicity == 12


def test_a_rule_with_bad_letters_is_refused(site):
    with pytest.raises(ValidationError) as error:
        services.create_rule(
            by=site.admin,
            organization=site.org,
            data={"inspection_type": site.type("ERP-CS"), "erp_types": "RZ", "erp_categories": "6", "months": 12},
        )
    assert {"erp_types", "erp_categories"} <= set(error.value.message_dict)


def test_observation_to_request_and_back(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="BAES hors service", severity="major")
    observation = services.create_corrective_request(observation, by=site.manager)
    request_obj = observation.request
    assert request_obj.asset == site.school
    assert inspection.number in request_obj.title
    assert request_obj.state == "submitted"
    with pytest.raises(Conflict):
        services.create_corrective_request(observation, by=site.manager)
    # the request's work is done: the observation is lifted, the inspection closes
    request_obj.state = "done"
    request_obj.save(update_fields=["state"])
    observation.refresh_from_db()
    assert observation.lifted_at is not None
    assert request_obj.number in observation.lift_note
    inspection.refresh_from_db()
    assert not inspection.is_open
    assert obligation(site, site.school, "ERP-ELEC").open_inspections == 0


def test_the_inspection_closes_with_its_last_observation(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    first = services.add_observation(inspection, by=site.manager, text="Porte coupe-feu", severity="minor")
    second = services.add_observation(inspection, by=site.manager, text="Extincteur", severity="critical")
    services.lift_observation(first, by=site.manager, note="Réglée par l'équipe")
    inspection.refresh_from_db()
    assert inspection.is_open
    with pytest.raises(Conflict):
        services.lift_observation(first, by=site.manager, note="encore")
    services.lift_observation(second, by=site.manager, note="Remplacé")
    inspection.refresh_from_db()
    assert not inspection.is_open
    with pytest.raises(Conflict) as error:
        services.add_observation(inspection, by=site.manager, text="Trop tard", severity="minor")
    assert error.value.code == "closed"
    assert Observation.objects.filter(inspection=inspection).count() == 2


def test_lifting_needs_a_note(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="BAES", severity="minor")
    with pytest.raises(ValidationError) as error:
        services.lift_observation(observation, by=site.manager, note="  ")
    assert "note" in error.value.message_dict
    observation.refresh_from_db()
    assert observation.lifted_at is None


def test_a_cancelled_request_does_not_lift(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="BAES", severity="minor")
    observation = services.create_corrective_request(observation, by=site.manager)
    InterventionRequest.objects.filter(pk=observation.request_id).update(state="cancelled")
    observation.request.refresh_from_db()
    observation.request.save(update_fields=["state"])
    observation.refresh_from_db()
    assert observation.lifted_at is None


def test_archiving_the_last_inspection_brings_the_previous_back(site):
    older = services.record_inspection(
        by=site.manager,
        organization=site.org,
        data=site.data(inspected_on=TODAY - datetime.timedelta(days=400), outcome="compliant"),
    )
    newer = services.record_inspection(by=site.manager, organization=site.org, data=site.data(outcome="compliant"))
    assert obligation(site, site.school, "ERP-ELEC").last_inspection == newer
    services.archive_inspection(newer, by=site.manager, reason="saisie en double")
    assert obligation(site, site.school, "ERP-ELEC").last_inspection == older


def test_refresh_removes_what_no_longer_applies_unless_inspected(site):
    site.school.attributes = {}
    site.school.save()
    services.record_inspection(by=site.manager, organization=site.org, data=site.data(outcome="compliant"))
    services.refresh_obligations(site.org)
    kept = InspectionObligation.objects.filter(asset=site.school)
    assert set(kept.values_list("inspection_type__code", flat=True)) == {"ERP-ELEC", "AMIANTE"}  # every building
