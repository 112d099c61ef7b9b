"""What the asset import tests share: an organization with its tree/building/light types, its species list,
its area (Paris, or a town given by its box), and the upload → columns → dry run → import steps."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from regie.assets import services as asset_services
from regie.assets.imports import standard_type
from regie.assets.models import AssetKind, AssetType
from regie.assets.species_seed import seed_species
from regie.imports import services

DATA = Path(__file__).parent / "data"
PARIS = Path("/work/shared/data/paris-trees-10k.csv")
# south, west, north, east: the city, its two woods and the cemeteries it keeps outside its walls (Thiais, Pantin)
PARIS_BOX = (48.74, 2.20, 48.92, 2.48)


def box(south, west, north, east):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


class Town:
    language = "fr"

    def __init__(self, org, admin, area=PARIS_BOX, name="Paris"):
        self.org, self.admin = org, admin
        self.trees = standard_type(org, AssetKind.TREE, code="ARBRE", name="Arbre")
        self.buildings = standard_type(org, AssetKind.BUILDING, code="BAT", name="Bâtiment")
        self.lights = standard_type(org, AssetKind.STREET_LIGHT, code="PL", name="Point lumineux")
        self.sites = AssetType.objects.create(organization=org, code="SITE", name="Site", kind=AssetKind.SITE)
        seed_species(org)
        asset_services.set_area(by=admin, organization=org, name=name, geometry=box(*area))

    def upload(self, content, target="assets.trees", name="import.csv", encoding="utf-8"):
        data = content if isinstance(content, bytes) else content.encode(encoding)
        with translation.override(self.language):  # the job reports in the language of its upload
            file = SimpleUploadedFile(name, data)
            return services.upload(by=self.admin, organization=self.org, target=target, file=file)

    def dry_run(self, content, target="assets.trees", options=None, mapping=None, **kwargs):
        job = self.upload(content, target=target, **kwargs)
        mapping = mapping if mapping is not None else services.suggested_mapping(job)
        job = services.save_mapping(job, by=self.admin, mapping=mapping, options=options)
        return services.start(job, by=self.admin, commit=False)

    def imported(self, content, **kwargs):
        job = self.dry_run(content, **kwargs)
        assert job.status == "validated", job.report[:10]
        return services.start(job, by=self.admin, commit=True)
