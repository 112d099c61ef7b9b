"""The history of one organization, told by the collaborators mixed into `Simulation`."""

import random
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from regie.core.permissions import Role
from regie.people.demo.accounts import username as demo_username

from . import data
from .base import REQUESTING, public_holidays
from .costs import WorkOrderCosts
from .live import LivePlans
from .reference import history_window
from .request_assets import RequestAssets
from .request_details import RequestDetails
from .request_plans import RequestPlanning
from .request_story import RequestStory
from .timing import WorkingTime
from .work_order_plans import WorkOrderPlanning
from .work_order_run import WorkOrderRun


class Simulation(
    WorkingTime,
    RequestPlanning,
    RequestDetails,
    RequestAssets,
    RequestStory,
    WorkOrderPlanning,
    WorkOrderRun,
    WorkOrderCosts,
    LivePlans,
):
    """The history of one organization: plans of requests and work orders, told up to `now`."""

    def __init__(self, demo, key, now):
        self.demo, self.key, self.now = demo, key, now
        self.org = demo.orgs[key]
        self.ref = self.org.extra["interventions"]
        self.rng = demo.rng("interventions_history", key)
        self.tz = ZoneInfo(settings.TIME_ZONE)  # every moment of the history is a wall-clock time of this zone
        self.now = now.astimezone(self.tz)
        self.today = self.now.date()
        self.start, _ = history_window(self.today)
        self.holidays = public_holidays(range(self.start.year, self.today.year + 2))
        spec = self.org.spec
        self.users = {role: demo.users[demo_username(spec, role)] for role in Role.values}
        self.workflow = self.ref.workflow
        self.load = defaultdict(Decimal)  # (agent pk, date) → hours booked
        self._prepare_workforce()
        self._prepare_places()
        self._prepare_assets()
        self.requesting = [d for d in self.org.departments.values() if d.kind == REQUESTING]

    # -- set-up -----------------------------------------------------------------------------------------------
    def _prepare_workforce(self):
        org = self.org
        self.members = defaultdict(list)
        for agent in org.agents:
            if agent.team is not None:
                self.members[agent.team.pk].append(agent)
        self.team_trade = {
            team.pk: self.members[team.pk][0].skill_codes[0] for team in org.teams if self.members[team.pk]
        }
        self.rates = {
            agent.pk: Decimal(str(agent.hourly_rate))
            if agent.hourly_rate is not None
            else max(org.skills[code].hourly_rate for code in agent.skill_codes)
            for agent in org.agents
        }
        self.demo_agent = next((a for a in org.agents if a.user_id == self.users[Role.AGENT].pk), None)
        self.teams_for = {}
        for code, category in self.ref.categories.items():
            skill = category.skill.code
            # The team of the trade in the department in charge; else of the trade; else with some members of
            # the trade (a second skill); else the department's teams; else any.
            staffed = [t for t in org.teams if self.members[t.pk]]
            trade = [t for t in staffed if self.team_trade[t.pk] == skill]
            choices = (
                [t for t in trade if t.department_id == category.department_id],
                trade,
                [t for t in staffed if any(skill in a.skill_codes for a in self.members[t.pk])],
                [t for t in staffed if t.department_id == category.department_id],
                staffed,
            )
            self.teams_for[code] = next((teams for teams in choices if teams), [])
        contractors = list(org.contractors)
        if self.key != "agglo":  # the agglomeration's group-purchase company, lent to its communes
            contractors += list(self.demo.orgs["agglo"].contractors[:1])
        self.contractors_for = {
            code: [c for c in contractors if category.skill.code in {s.code for s in c.trade_skills}]
            for code, category in self.ref.categories.items()
        }
        self.demo_contractor = org.contractors[0]
        magasin = "MAGASIN" in org.departments
        self.storekeeper = self.users[Role.STOREKEEPER] if magasin else None

    def _prepare_places(self):
        size = {"town": None, "agglo": None, "mid": 2, "village": 1}[self.key]
        self.places = {code: (places if size is None else places[:size]) for code, places in data.PLACES.items()}
        self.centre = data.CENTRES[self.key]
        self.communes = [(o.spec.name, o.spec.population) for k, o in self.demo.orgs.items() if k != "agglo"]

    def _coordinates(self, name, spread):
        rng = random.Random(f"{self.demo.seed}:{self.key}:{name}")  # noqa: S311 (a place keeps its spot)
        lat, lon = self.centre
        return (
            (lat + Decimal(rng.uniform(-spread, spread))).quantize(Decimal("0.000001")),
            (lon + Decimal(rng.uniform(-spread * 1.5, spread * 1.5))).quantize(Decimal("0.000001")),
        )
