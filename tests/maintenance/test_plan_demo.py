"""The demo's maintenance plans (regie/maintenance/demo/plans.py): plans on the town's boilers, lifts and
playgrounds with two years of occurrences behind them, done, late, skipped and overdue."""

import pytest
from django.db.models import Count

from regie.core.models import Organization
from regie.demo import cleanup, generator
from regie.maintenance import plan_selectors
from regie.maintenance.models import MaintenancePlan, Occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        built = generator.build(seed=7, history=0.01)
        try:
            yield built
        finally:
            cleanup.delete_demo()


def test_the_town_has_its_plans_with_a_history(demo):
    town = Organization.objects.get(slug=demo.orgs["town"].spec.slug)
    names = set(MaintenancePlan.objects.owned_by(town).values_list("name", flat=True))
    assert {
        "Entretien annuel des chaudières",
        "Maintenance des ascenseurs",
        "Contrôle mensuel des aires de jeux",
    } <= names
    history = plan_selectors.history_counts(Occurrence.objects.filter(organization=town))
    assert history.on_time > history.late > 0
    assert history.skipped > 0 and history.overdue > 0 and history.open > 0
    generated = Occurrence.objects.filter(organization=town, status="generated")
    assert generated.filter(work_order__isnull=True).count() == 0
    doubles = Occurrence.objects.values("plan", "asset", "scheduled_on").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubles.exists()


def test_playground_checks_stay_in_their_season(demo):
    months = {
        day.month
        for day in Occurrence.objects.filter(plan__name="Contrôle mensuel des aires de jeux").values_list(
            "scheduled_on", flat=True
        )
    }
    assert months and months <= set(range(4, 11))
