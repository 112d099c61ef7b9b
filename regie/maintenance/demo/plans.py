"""The `maintenance_plans` demo step: each demo organization's preventive maintenance plans, with two years of
occurrences behind them.

Plans (where the registry has such assets): boilers serviced every year in September by a heating contractor,
the school groups' boilers bled before the school year (a subtree plan), lifts every 6 weeks by the lift
contractor (signature required), playgrounds checked every month from April to October, air handling units twice
a year (filters), fire alarm systems every year; all with checklists asking measurements (°C, bar, %, pass/fail).

The history is the generator run every fortnight over the two years (as the hourly job would have run), each run
followed by what the teams did: most work orders done on time, some late, a few occurrences skipped with a
reason, and the last weeks' ones still open, some of them overdue.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from regie.assets.models import Asset, AssetType
from regie.demo.generator import demo_step
from regie.interventions.demo import history  # noqa: F401  (registers the step this one comes after)
from regie.interventions.models import WorkOrder
from regie.interventions.workflow import WorkOrderState as W

from .. import generator
from ..models import MaintenancePlan, Occurrence, PlanTask

HISTORY_DAYS = 730
STEP_DAYS = 14
SKIP_REASONS = (
    "Équipement à l'arrêt pour travaux",
    "Bâtiment fermé (travaux de rénovation)",
    "Visite faite lors d'un dépannage la semaine précédente",
)

REPORTS = (
    "Entretien réalisé selon la liste des tâches, rien à signaler.",
    "Entretien réalisé ; usure constatée, à surveiller à la prochaine visite.",
    "Visite faite, mesures relevées et conformes.",
)
# (name, type code, rule, season, contractor?, signature, tasks, lead, grace, category, skill)
PLANS = (
    ("Entretien annuel des chaudières", "CHAUD", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1", None, True, False,
     ("Contrôler la combustion et régler le brûleur", "Mesurer le rendement [%]",
      "Relever la pression du circuit [bar]", "Relever la température de départ [°C]",
      "Vérifier les organes de sécurité [OK]", "Ramoner le conduit"),
     30, 15, "CHAUFF", "CHAUFF"),
    ("Maintenance des ascenseurs", "ASC", "FREQ=WEEKLY;INTERVAL=6", None, True, True,
     ("Vérifier les portes palières et la cabine [OK]", "Contrôler le parachute et le limiteur de vitesse [OK]",
      "Graisser les guides", "Tester l'alarme de la cabine [OK]"),
     14, 7, "ELEC", "ELEC"),
    ("Contrôle mensuel des aires de jeux", "AJ", "FREQ=MONTHLY;BYMONTHDAY=1", (4, 10), False, False,
     ("Vérifier la fixation des jeux [OK]", "Contrôler le sol amortissant [OK]", "Ramasser les objets dangereux",
      "Vérifier la clôture et le portillon [OK]"),
     7, 7, "AIRJEUX", "SERRUR"),
    ("Entretien semestriel des centrales de traitement d'air", "CTA", "FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=1", None,
     False, False,
     ("Changer les filtres", "Mesurer la pression différentielle [Pa]", "Contrôler la courroie [OK]"),
     14, 15, "CHAUFF", "CHAUFF"),
    ("Vérification annuelle des systèmes de sécurité incendie", "SSI", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", None,
     True, True,
     ("Tester les déclencheurs manuels [OK]", "Tester les sirènes [OK]", "Vérifier les batteries [V]"),
     30, 15, "ELEC", "ELEC"),
)  # fmt: skip


@demo_step("maintenance_plans", after="interventions_history")
def create_plans(demo):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=HISTORY_DAYS)
    for key, org in demo.orgs.items():
        ref = org.extra.get("interventions")
        if ref is None or org.organization is None:
            continue
        plans = _plans(demo, org, ref, start)
        if plans:
            _history(demo.rng("maintenance_plans", key), org.organization, plans, start, today)


def _plans(demo, org, ref, start):
    organization = org.organization
    types = {t.code: t for t in AssetType.objects.owned_by(organization)}
    used = set(Asset.objects.owned_by(organization).active().values_list("asset_type_id", flat=True).distinct())
    priority = next((p for p in ref.priorities if p.rank == 3), ref.priorities[0]) if ref.priorities else None
    made = []
    for name, code, rule, season, by_contractor, signature, tasks, lead, grace, category, skill in PLANS:
        kind, category = types.get(code), ref.categories.get(category)
        if kind is None or kind.pk not in used or category is None or priority is None:
            continue
        contractor = _contractor(org, skill) if by_contractor else None
        plan = MaintenancePlan(
            organization=organization, name=name, scope=MaintenancePlan.Scope.TYPE, asset_type=kind,
            category=category, priority=priority, rule=rule, starts_on=start, lead_days=lead, grace_days=grace,
            execution="contractor" if contractor else "in_house", contractor=contractor,
            team=None if contractor else (org.teams[0] if org.teams else None),
            contract_reference=f"MAPA-{start.year}-{len(made) + 11:03d}" if contractor else "",
            signature_required=signature, estimated_hours=Decimal("2.00"),
            season_start_month=season[0] if season else None, season_end_month=season[1] if season else None,
            season_policy=MaintenancePlan.SeasonPolicy.SKIP,
        )  # fmt: skip
        made.append((plan, tasks, org.skills.get(skill)))
    school = _school_group(organization, types)
    if school is not None and "CHAUD" in types:
        plan = MaintenancePlan(
            organization=organization, name=f"Purge des radiateurs avant la rentrée — {school.name}",
            scope=MaintenancePlan.Scope.SUBTREE, asset=school, asset_type=types["CHAUD"],
            category=ref.categories.get("CHAUFF") or made[0][0].category, priority=priority,
            rule="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=20", schedule=MaintenancePlan.Schedule.FIXED, starts_on=start,
            lead_days=14, grace_days=5, team=org.teams[0] if org.teams else None,
        )  # fmt: skip
        made.append((plan, ("Purger les radiateurs", "Relever la pression du circuit [bar]"), org.skills.get("CHAUFF")))
    if not made:
        return []
    demo.save([plan for plan, _tasks, _skill in made])
    PlanTask.objects.bulk_create(
        PlanTask(plan=plan, position=i, label=label, **_measure(label))
        for plan, tasks, _skill in made
        for i, label in enumerate(tasks)
    )
    demo.link(MaintenancePlan.required_skills, [(plan, [skill]) for plan, _tasks, skill in made if skill])
    return [plan for plan, _tasks, _skill in made]


def _measure(label):
    from ..plan_forms import parse_tasks

    task = parse_tasks(label)[0]
    return {"measurement": task.get("measurement", ""), "unit": task.get("unit", "")}


def _contractor(org, skill):
    for contractor in org.contractors:
        if skill in {s.code for s in getattr(contractor, "demo_skills", ())}:
            return contractor
    return org.contractors[0] if org.contractors else None


def _school_group(organization, types):
    group = types.get("GS")
    if group is None:
        return None
    return Asset.objects.owned_by(organization).active().filter(asset_type=group).order_by("pk").first()


def _history(rng, organization, plans, start, today):
    """The generator every STEP_DAYS over the history, each run followed by the work done (or not)."""
    ids = [plan.pk for plan in plans]
    day = start
    while day <= today:
        generator.generate(organization, today=day, plan_ids=ids)
        _work_done(rng, organization, ids, day, today)
        day += datetime.timedelta(days=STEP_DAYS)
    generator.generate(organization, today=today, plan_ids=ids)


def _work_done(rng, organization, plan_ids, day, today):
    """What happened to the occurrences due by `day`: done (on time or late), skipped, or still open when their
    due date is within the last weeks (a few of those overdue)."""
    due = Occurrence.objects.filter(
        organization=organization, plan_id__in=plan_ids, status=Occurrence.Status.GENERATED,
        due_on__lte=day, work_order__state=W.TO_PLAN,
    ).select_related("plan")  # fmt: skip
    done, skipped = [], []
    for occurrence in due:
        recent = (today - occurrence.due_on).days < 45
        draw = rng.random()
        if recent and draw < 0.5:
            continue  # still to do: overdue once the grace period is past
        if draw < 0.05:
            skipped.append((occurrence, rng.choice(SKIP_REASONS)))
            continue
        late = draw < 0.17
        offset = (
            rng.randint(occurrence.plan.grace_days + 1, occurrence.plan.grace_days + 40)
            if late
            else rng.randint(-6, occurrence.plan.grace_days)
        )
        finished = min(occurrence.due_on + datetime.timedelta(days=offset), today)
        done.append((occurrence.work_order_id, finished))
    moments = {}
    for pk, finished in done:
        moments[pk] = timezone.make_aware(datetime.datetime.combine(finished, datetime.time(15, 30)))
    for pk, moment in moments.items():
        WorkOrder.objects.filter(pk=pk).update(
            state=W.CLOSED, completed_at=moment, closed_at=moment, started_at=moment - datetime.timedelta(hours=2),
            report=rng.choice(REPORTS), first_visit_fix=True,
        )  # fmt: skip
    for occurrence, reason in skipped:
        WorkOrder.objects.filter(pk=occurrence.work_order_id).update(state=W.CANCELLED, last_reason=reason)
        Occurrence.objects.filter(pk=occurrence.pk).update(status=Occurrence.Status.SKIPPED, reason=reason)


def summary() -> list[str]:
    from regie.core.models import Organization
    from regie.demo import data as shared

    lines = []
    for organization in Organization.objects.filter(slug__in=[spec.slug for spec in shared.ORGANIZATIONS]):
        plans = MaintenancePlan.objects.owned_by(organization).count()
        if plans:
            occurrences = Occurrence.objects.filter(organization=organization).count()
            lines.append(f"{organization.name}: {plans} maintenance plans, {occurrences} occurrences")
    return lines


__all__ = ["create_plans", "summary"]
