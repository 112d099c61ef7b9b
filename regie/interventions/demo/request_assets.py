"""Which registered asset a request names, if any, and the place and point that follow from it.

The asset registry's step (`regie/assets/demo`, before this app's) leaves on `org.extra["assets"]["catalogue"]` what
may be pointed at: its assets by type, each building's rooms and equipment, the buildings each department occupies
or is responsible for. A category asks for what it works on: street lighting a street light (or its cabinet), tree
work a tree, green spaces a green space or a tree, roads a road section (or a sign along it), signs a sign or a
marking, playgrounds a playground item, the building trades a room, the boiler, the hot water... of a building the
requesting department occupies (else, less often, any building), cemeteries a cemetery, vehicles a vehicle. Litter,
dumped waste, event logistics and the agglomeration's networks name none: their place stays a text.

A request naming an asset gets the asset's place text and point (`Linkable.place`, `latitude`, `longitude`), as the
asset picker fills them. Each asset has a fixed propensity to fail (a log-normal weight drawn once), so a few school
boilers or gym roofs gather several requests over the two years: their pages show costs by year and the request
form's duplicate hint finds their open requests. The draws come from a generator of their own, so the rest of the
history is the same with or without the registry.
"""

from bisect import bisect
from itertools import accumulate

# Category → (share of its requests naming an asset, ((what, weight)...)): "what" is a type code of the registry,
# or "room", "building" (inside the requesting department's buildings) and a type code of equipment.
OUTDOOR = {
    "ECLPUB": (0.85, (("EP", 85), ("ARM", 15))),
    "ELAG": (0.8, (("ARB", 100),)),
    "EV": (0.6, (("EV", 65), ("ARB", 35))),
    "VOIRIE": (0.6, (("TRONC", 80), ("PANN", 12), ("GLISS", 8))),
    "SIGNAL": (0.7, (("PANN", 75), ("MARQ", 25))),
    "AIRJEUX": (0.85, (("JEU", 75), ("AJ", 25))),
    "CIMET": (0.7, (("CIM", 100),)),
    "MECA": (0.8, (("VEH", 100),)),
    "SPORT": (0.7, (("TERR", 55), ("building", 45))),
}
INDOOR = {
    "CHAUFF": (("CHAUD", 60), ("CTA", 12), ("ECS", 10), ("room", 18)),
    "PLOMB": (("ECS", 15), ("room", 75), ("building", 10)),
    "ELEC": (("SSI", 15), ("ASC", 5), ("room", 60), ("building", 20)),
    "SERRUR": (("room", 70), ("building", 30)),
    "MENUIS": (("room", 70), ("building", 30)),
    "PEINT": (("room", 85), ("building", 15)),
    "MACON": (("building", 70), ("room", 30)),
}
OCCUPIED_SHARE = 0.8  # of a department's building requests naming a room, equipment or building it occupies
ELSEWHERE_SHARE = 0.35  # when the registry knows none of its buildings: a building of the organization
BIG = {"CHAUFF": "CHAUD", "VOIRIE": "TRONC"}  # capital works: on the whole (or the building)
SPREAD = 1.1  # sigma of the assets' log-normal propensity to fail


class RequestAssets:
    """The asset of a request (`plan.asset`, a `Linkable`) and the place it gives it."""

    def _prepare_assets(self):
        registry = self.org.extra.get("assets") or {}
        self.catalogue = registry.get("catalogue")
        self.asset_rng = self.demo.rng("interventions_assets", self.key)
        self._weights = {}  # id(list of candidates) → (the list, its cumulative weights)
        self._occupied = {}  # department pk or project place → its buildings (Linkable)

    def attach_asset(self, plan, *, required=False):
        """Name an asset fitting the request's category and department (or none; `required`: one if the registry
        has any that fits), and take its place."""
        if self.catalogue is None or plan.event is not None:
            return
        code = plan.category.spec.code
        if code in INDOOR:
            asset = self._indoor_asset(plan, INDOOR[code], required)
        elif code in OUTDOOR:
            asset = self._outdoor_asset(plan, code, required)
        else:
            asset = None
        if asset is not None:
            self._take_place(plan, asset)

    def _outdoor_asset(self, plan, code, required=False):
        rng = self.asset_rng
        share, mix = OUTDOOR[code]
        if rng.random() >= share and not required:
            return None
        what = BIG[code] if plan.big and code in BIG else _draw(rng, mix)
        if what == "building":
            return self._indoor_asset(plan, (("building", 1),), required)
        return self._pick(self.catalogue.by_type.get(what))

    def _indoor_asset(self, plan, mix, required=False):
        rng, catalogue = self.asset_rng, self.catalogue
        buildings, named = self._buildings_of(plan)
        if buildings:
            if rng.random() >= OCCUPIED_SHARE and not required:
                return None
        elif not named and (rng.random() < ELSEWHERE_SHARE or required):
            buildings = catalogue.by_type.get("BAT")
        if not buildings:
            return None
        parts = catalogue.buildings[self._pick(buildings).pk]
        if plan.big:
            big = BIG.get(plan.category.spec.code)
            return self._pick(parts.equipment.get(big)) or parts.building
        what = _draw(rng, mix)
        if what == "room":
            return self._pick(parts.rooms) or parts.building
        if what == "building":
            return parts.building
        return self._pick(parts.equipment.get(what)) or self._pick(parts.rooms) or parts.building

    def _buildings_of(self, plan):
        """(buildings, named): those of the project the request is charged to when it is at its place (named: the
        place is a building, registered or not), else those the requesting department occupies or is
        responsible for (a school group: its site's)."""
        catalogue, department = self.catalogue, plan.department
        project = next((p for p in self.ref.projects if p.cost_code is plan.cost_code), None)
        if project is not None and project.spec.place and plan.location.startswith(project.spec.place):
            key, pks, named = project.spec.place, catalogue.by_name.get(project.spec.place, ()), True
        else:
            key, named = department.pk, False
            pks = catalogue.by_department.get(department.pk) or catalogue.by_name.get(department.name, ())
        if key not in self._occupied:
            self._occupied[key] = [catalogue.buildings[pk].building for pk in pks]
        return self._occupied[key], named

    def _pick(self, candidates):
        """One of `candidates`, each as likely as its fixed propensity to fail (drawn once per list)."""
        if not candidates:
            return None
        key = id(candidates)
        if key not in self._weights:
            first = candidates[0]
            rng = self.demo.rng("interventions_asset_weights", self.key, first.type_code, first.name, len(candidates))
            weights = [rng.lognormvariate(0, SPREAD) for _ in candidates]
            self._weights[key] = (candidates, list(accumulate(weights)))  # the list kept: its id stays its own
        cumulative = self._weights[key][1]
        index = bisect(cumulative, self.asset_rng.random() * cumulative[-1])
        return candidates[min(index, len(candidates) - 1)]

    def _take_place(self, plan, asset):
        old = plan.location
        plan.asset = asset
        plan.location = asset.place
        plan.latitude, plan.longitude = asset.latitude, asset.longitude
        if old:
            plan.description = plan.description.replace(f"({old})", f"({asset.place})", 1)


def _draw(rng, mix):
    return rng.choices([what for what, _ in mix], [weight for _, weight in mix])[0]
