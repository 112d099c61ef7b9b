"""Demo step of the asset registry (`assets_registry`, after the people's `accounts`): each demo organization's
boundary (`boundaries.geojson`, fictitious, around the centres the interventions' places use), its asset types
with their typed attributes (the building, tree and street-light types made by `imports.standard_type`, as for any
organization, with the demo's attributes added; the others from `data.TYPES`), its species list (the common
genera of `species_seed.seed_species` and the species of the Paris sample), and a registry as a town has one.

The town: school groups (a site, its schools, canteen and covered playground), the town hall, libraries, gyms,
halls, nurseries… each with levels, rooms and equipment (boilers, air handling units, fire alarms, lifts);
road sections (lines with their length and reference points) with signs, guard rails and markings located by
distance from their start; street lights along them, each fed by its nearest cabinet; green spaces with their
outlines, trees (genera, species, heights, circumferences from a sample of the Paris inventory, `paris_trees.csv`)
in them and along the wide streets, playgrounds and their items; sports grounds, cemeteries, car parks,
fountains, vehicles. The mid-size town has a fifth of it, the village a few, the agglomeration its own
equipment (the aquatic centre…), one gym a commune owns, and an asset shared with the town. Occupants (schools,
associations sharing halls by floor share, departments) and meters with two years of monthly readings.

Assets are written in bulk (`registry.Registry`: ids reserved, paths and short URL tokens set as the services
set them, CREATE audit events); the other records through `demo.save`. What later steps may point at is left on
`org.extra["assets"]["catalogue"]` (`catalogue.Catalogue`: the interventions history names its requests' assets
there)."""

from regie.assets.models import Asset
from regie.core.models import Organization
from regie.demo import data as shared
from regie.demo.generator import demo_step
from regie.people.demo import accounts  # noqa: F401  (registers the step this one comes after)

from .registry import Registry
from .town import build_registry

__all__ = ["build_registry", "create_registry", "summary"]


@demo_step("assets_registry", after="accounts")
def create_registry(demo):
    for key, org in demo.orgs.items():
        org.extra["assets"] = build_registry(demo, key, org)


def summary() -> list[str]:
    organizations = Organization.objects.filter(slug__in=[spec.slug for spec in shared.ORGANIZATIONS])
    lines = []
    for organization in sorted(organizations, key=lambda o: (o.epci_id is not None, -(o.population or 0))):
        assets = Asset.objects.owned_by(organization)
        count = assets.count()
        if count:
            figures = {
                kind: assets.filter(asset_type__kind=kind).count()
                for kind in ("building", "tree", "street_light", "road_section")
            }
            lines.append(
                f"{organization.name}: {count} assets ({figures['building']} buildings, {figures['tree']} trees, "
                f"{figures['street_light']} street lights, {figures['road_section']} road sections)"
            )
    return lines


__all__ += ["Registry"]
