"""What a planned request says: title, description, place, budget line, project."""

from datetime import timedelta

from . import data
from .base import _lognormal, _round_estimate
from .reference import _affinity_code


class RequestDetails:
    """The content of a request: its text, place, budget line and cost code."""

    def describe(self, plan):
        rng, spec = self.rng, plan.category.spec
        title = plan.job[0]
        if plan.event is not None:
            prefix = "Nettoyage après" if spec.code == "PROPRE" else title
            title = f"{prefix} — {plan.event.spec.name}"
            if self.key == "village":
                places = ("Place de l'Église", "Salle des fêtes")
            elif self.key == "agglo":
                places = self.places.get(plan.department.code) or data.DEFAULT_PLACES
            else:
                places = self.places["EVENTS"]
            place = rng.choice(places)
            plan.location = place
            plan.latitude, plan.longitude = self._coordinates(place, 0.004)
            gap = 1 if spec.code == "PROPRE" else -1
            plan.desired_date = (plan.event.ends if gap > 0 else plan.event.starts) + timedelta(days=gap)
        elif spec.outdoor:
            street = rng.choice(data.STREET_NAMES)
            numbered = street.startswith(data.STREET_TYPES) and rng.random() < 0.6
            plan.location = f"{rng.randrange(1, 120)} {street}" if numbered else street
            if self.key == "agglo":
                commune = rng.choices([n for n, _ in self.communes], [p for _, p in self.communes])[0]
                plan.location = f"{plan.location}, {commune}"
            if rng.random() < 0.8:
                plan.latitude, plan.longitude = self._coordinates(plan.location + str(rng.random()), 0.02)
        else:
            places = self.places.get(_affinity_code(plan.department.code)) or data.DEFAULT_PLACES
            if plan.department.code.startswith("GS"):
                places = (plan.department.name,)
            building = rng.choice(places)
            room = rng.choice(data.ROOMS)
            plan.location = f"{building}, {room}" if room else building
            plan.latitude, plan.longitude = self._coordinates(building, 0.015)
        plan.title = title[:160]
        note = rng.choice(data.REQUEST_NOTES)
        if plan.priority.rank == 1:
            note = data.URGENT_NOTE
        plan.description = f"{plan.job[0]} ({plan.location}). {note}".strip()
        if plan.desired_date is None and rng.random() < 0.12:
            plan.desired_date = plan.created.date() + timedelta(days=rng.randrange(7, 45))

    def budget(self, plan):
        """The budget line and estimate: always where the organization requires them, sometimes elsewhere."""
        rng, spec = self.rng, plan.category.spec
        rates = 40 * plan.job_hours
        materials = 70 * spec.materials_rate + 60 * spec.equipment_rate
        if plan.big:
            estimate = min(90_000, max(8_000, _lognormal(rng, 14_000, 0.6)))
        else:
            estimate = (rates + materials) * _lognormal(rng, 1, 0.3)
        required = self.workflow.budget_required
        if required or rng.random() < (0.5 if self.key == "mid" else 0.1):
            plan.estimated = plan.force.get("estimate") or _round_estimate(estimate)
        if required or rng.random() < (0.6 if self.key == "mid" else 0.1):
            natures = ("2135", "2152") if plan.estimated and plan.estimated >= data.CAPITAL_FROM else ()
            natures += (*spec.natures, "615221", "6068")
            year = plan.created.year
            plan.budget_line = next(
                (
                    self.ref.budget_lines[k]
                    for k in ((plan.department.code, n, year) for n in natures)
                    if k in self.ref.budget_lines
                ),
                None,
            )
        if plan.event is not None:
            plan.cost_code = plan.event.cost_code
        else:
            self.project(plan)

    def project(self, plan):
        """Works of a running project are charged to its cost code (and done at its place)."""
        rng, day = self.rng, plan.created.date()
        for project in self.ref.projects:
            spec = project.spec
            if not (
                project.starts <= day <= project.ends
                and plan.category.spec.code in spec.categories
                and plan.department.code == spec.department
            ):
                continue
            at_place = bool(spec.place) and plan.location.startswith(spec.place)
            if plan.big or (at_place and rng.random() < data.PROJECT_SHARE) or rng.random() < data.PROJECT_SHARE / 6:
                plan.cost_code = project.cost_code
                if spec.place and not at_place:
                    room = rng.choice(data.ROOMS)
                    location = f"{spec.place}, {room}" if room else spec.place
                    plan.description = plan.description.replace(plan.location, location)
                    plan.location = location
                    plan.latitude, plan.longitude = self._coordinates(spec.place, 0.015)
                return
