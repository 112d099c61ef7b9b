"""Two observations of one inspection lifted at the same moment: the inspection closes exactly when the last one
is lifted, once (PostgreSQL, threads). Without the inspection's lock each would see the other still open."""

import pytest

from regie.core.models import AuditEvent, User
from regie.maintenance import inspection_services as services
from regie.maintenance.models import Inspection, Observation
from tests.concurrency import run_concurrently, slow_down

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _lift(observation, by, note):
    def call():
        return services.lift_observation(
            Observation.objects.get(pk=observation.pk), by=User.objects.get(pk=by.pk), note=note
        )

    return call


def test_the_inspection_closes_exactly_when_its_last_observation_is_lifted(site, monkeypatch):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    first = services.add_observation(inspection, by=site.manager, text="BAES couloir", severity="minor")
    second = services.add_observation(inspection, by=site.manager, text="BAES escalier", severity="major")
    # after an observation is marked lifted and before the others are read: the window the race needs
    slow_down(monkeypatch, services, "_close_when_lifted")

    results = run_concurrently(_lift(first, site.manager, "Remplacé"), _lift(second, site.manager, "Remplacé"))

    assert all(isinstance(r, Observation) for r in results), results
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.closed_at is not None
    closed = AuditEvent.objects.filter(object_id=str(inspection.pk), changes__has_key="closed_at")
    assert closed.count() == 1
    assert not Observation.objects.filter(inspection=inspection, lifted_at__isnull=True).exists()


def test_two_clicks_file_one_corrective_request(site):
    inspection = services.record_inspection(by=site.manager, organization=site.org, data=site.data())
    observation = services.add_observation(inspection, by=site.manager, text="Porte coupe-feu", severity="major")

    def click():
        return services.create_corrective_request(
            Observation.objects.get(pk=observation.pk), by=User.objects.get(pk=site.manager.pk)
        )

    results = run_concurrently(click, click)

    assert len([r for r in results if isinstance(r, Observation)]) == 1, results
    from regie.interventions.models import InterventionRequest

    assert InterventionRequest.objects.filter(organization=site.org).count() == 1
