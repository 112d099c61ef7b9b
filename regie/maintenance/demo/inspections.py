"""Demo step `maintenance_inspections` (after the interventions' history): every demo organization gets the
catalogue of regulatory inspections (`catalogue_seed`), the obligations of its registry (schools, gyms, halls,
playgrounds, lifts, boilers…) and an inspection history: most up to date, some due soon, some overdue (done
longer ago than their periodicity, or never), some with open observations (turned into corrective requests in one click
on their inspection's page)."""

import datetime

from django.utils import timezone

from regie.core.models import Counter
from regie.core.numbering import format_number
from regie.demo.generator import demo_step
from regie.interventions.demo import history  # noqa: F401  (registers the step this one comes after)

from ..catalogue_seed import seed_catalogue
from ..inspection_services import _set_dates, due_after, refresh_obligations
from ..models import Inspection, InspectionObligation, Observation, Outcome, PeriodUnit, Severity

BODIES = ("Bureau Veritas", "Apave", "Socotec", "Dekra", "Qualiconsult", "Services techniques (régie)")
FINDINGS = (
    "Bloc autonome d'éclairage de sécurité hors service",
    "Extincteur à remplacer (date de vérification dépassée)",
    "Porte coupe-feu ne se refermant pas seule",
    "Prise de courant détériorée",
    "Absence de plan d'évacuation au niveau",
    "Registre de sécurité incomplet",
    "Volet de désenfumage bloqué",
    "Différentiel ne déclenchant pas au test",
    "Fixation d'un but de handball à reprendre",
    "Sol amortissant usé sous la structure de jeu",
    "Température de l'eau chaude inférieure à 50 °C en bout de réseau",
    "Éclairage de la cabine d'ascenseur défaillant",
)
REQUESTS_PER_ORG = 4


def _period_days(obligation):
    if obligation.periodicity_unit == PeriodUnit.WEEKS:
        return obligation.periodicity * 7
    return obligation.periodicity * 30


@demo_step("maintenance_inspections", after="interventions_history")
def create_inspections(demo):
    today = timezone.localdate()
    for key, org in demo.orgs.items():
        organization = org.organization
        rng = demo.rng("maintenance_inspections", key)
        seed_catalogue(organization)
        refresh_obligations(organization)
        obligations = list(
            InspectionObligation.objects.filter(organization=organization)
            .select_related("inspection_type")
            .order_by("pk")
        )
        inspections, findings, numbers = [], [], {}
        for obligation in obligations:
            draw = rng.random()
            if draw < 0.04:
                continue  # never inspected: overdue
            period = _period_days(obligation)
            if draw < 0.14:
                days_ago = rng.randint(period + 5, period + 200)  # overdue
            elif draw < 0.24:
                days_ago = rng.randint(max(period - obligation.inspection_type.alert_days + 1, 0), period - 1)
            else:
                days_ago = rng.randint(1, max(period - obligation.inspection_type.alert_days - 1, 1))
            inspected_on = today - datetime.timedelta(days=days_ago)
            outcome = rng.choices(
                (Outcome.COMPLIANT, Outcome.WITH_OBSERVATIONS, Outcome.NON_COMPLIANT), weights=(80, 15, 5)
            )[0]
            year = inspected_on.year
            numbers[year] = numbers.get(year, 0) + 1
            inspection = Inspection(
                organization=organization,
                number=format_number("CTR", year, numbers[year]),
                asset_id=obligation.asset_id,
                inspection_type=obligation.inspection_type,
                inspected_on=inspected_on,
                inspector=rng.choice(BODIES),
                outcome=outcome,
                next_due_on=due_after(inspected_on, obligation.periodicity, obligation.periodicity_unit),
            )
            inspection.closed_at = timezone.now() if outcome == Outcome.COMPLIANT else None
            open_findings = []
            if outcome != Outcome.COMPLIANT:
                for _ in range(rng.randint(1, 3)):
                    lifted = rng.random() < 0.5
                    finding = Observation(
                        organization=organization,
                        text=rng.choice(FINDINGS),
                        severity=rng.choices(list(Severity), weights=(60, 30, 10))[0],
                        lifted_at=timezone.now() if lifted else None,
                        lift_note="Levée constatée lors de la contre-visite" if lifted else "",
                    )
                    findings.append((inspection, finding))
                    open_findings.append(not lifted)
                if not any(open_findings):
                    inspection.closed_at = timezone.now()
            inspections.append((obligation, inspection))
        demo.save([inspection for _obligation, inspection in inspections])
        for inspection, finding in findings:
            finding.inspection = inspection
        demo.save([finding for _inspection, finding in findings])
        Counter.objects.bulk_create(
            [Counter(organization=organization, prefix="CTR", year=y, value=v) for y, v in numbers.items()]
        )
        for obligation, inspection in inspections:
            obligation.last_inspection = inspection
            obligation.last_inspected_on = inspection.inspected_on
            obligation.open_inspections = int(inspection.closed_at is None)
            _set_dates(obligation, obligation.inspection_type)
        InspectionObligation.objects.bulk_update(
            [o for o, _i in inspections],
            ["last_inspection", "last_inspected_on", "open_inspections", "next_due_on", "alert_on"],
            batch_size=1000,
        )


def summary() -> list[str]:
    """What the step built, per demo organization (read from the database: the report runs after the build)."""
    from regie.core.models import Organization
    from regie.demo import data as shared

    lines = []
    for organization in Organization.objects.filter(slug__in=[spec.slug for spec in shared.ORGANIZATIONS]):
        owed = InspectionObligation.objects.filter(organization=organization).count()
        done = Inspection.objects.filter(organization=organization).count()
        still_open = Observation.objects.filter(organization=organization, lifted_at__isnull=True).count()
        lines.append(f"{organization.name}: {owed} inspections owed, {done} recorded, {still_open} open observations")
    return lines
