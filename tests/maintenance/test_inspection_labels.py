"""The inspection's timeline in French (what happens to its observations is recorded on it under keys that are
not its fields), and the catalogue's "Add a rule" preselecting its inspection type."""

import pytest
from django.urls import reverse

from regie.maintenance import inspection_services as services
from regie.maintenance.inspection_factories import InspectionTypeFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_names_the_observations_changes_in_french(site, client_for):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    first = services.add_observation(inspection, by=site.manager, text="Câblage à reprendre", severity="major")
    services.create_corrective_request(first, by=site.manager)
    first.refresh_from_db()
    second = services.add_observation(inspection, by=site.manager, text="Étiquetage", severity="minor")
    first.request.refresh_from_db()
    services.lift_observation(second, by=site.manager, note="Fait")
    page = client_for(site.manager).get(reverse("maintenance:inspection-detail", args=[inspection.pk]))
    timeline = page.content.decode().split('class="timeline', 1)[-1]
    for french in (
        "Observation",
        "Gravité",
        "Majeure",
        "Demande corrective",
        first.request.number,
        "Observation levée",
    ):
        assert french in timeline, french
    for english in ("Severity", "Request", "Lifted", ">major<", ">minor<"):
        assert english not in timeline, english


def test_the_closing_shows_its_moment(site, client_for):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="Câblage", severity="minor")
    services.lift_observation(observation, by=site.manager, note="Repris")
    page = client_for(site.manager).get(reverse("maintenance:inspection-detail", args=[inspection.pk]))
    timeline = page.content.decode().split('class="timeline', 1)[-1]
    assert "Clôturée le" in timeline
    assert ">closed<" not in timeline and "→ closed" not in timeline


def test_add_a_rule_preselects_the_inspection_type(site, client_for, org_b):
    web = client_for(site.manager)
    kind = site.type("ERP-ELEC")
    page = web.get(reverse("maintenance:inspectiontype-detail", args=[kind.pk])).content.decode()
    link = reverse("maintenance:periodicityrule-create") + f"?inspection_type={kind.pk}"
    assert link in page
    form = web.get(link).context["form"]
    assert form["inspection_type"].value() == kind.pk
    foreign = InspectionTypeFactory(organization=org_b)
    for wrong in (str(foreign.pk), "abc", "9" * 30, ""):
        response = web.get(reverse("maintenance:periodicityrule-create"), {"inspection_type": wrong})
        assert response.status_code == 200
        assert response.context["form"]["inspection_type"].value() is None, wrong
