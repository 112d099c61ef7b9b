"""The species list's starting point: common genera of French streets, parks and cemeteries (genus only;
species are added by confirmed imports or by hand). `seed_species` is used by the demo and by the
`seed_species` management command; it adds what is missing and never changes what an organization edited."""

from django.db import transaction

from .models import Species

# Genus, French common name. The genera of nine Paris street trees in ten, and what smaller towns plant.
GENERA = (
    ("Abies", "Sapin"), ("Acer", "Érable"), ("Aesculus", "Marronnier"), ("Ailanthus", "Ailante"),
    ("Albizia", "Arbre à soie"), ("Alnus", "Aulne"), ("Betula", "Bouleau"), ("Carpinus", "Charme"),
    ("Castanea", "Châtaignier"), ("Catalpa", "Catalpa"), ("Cedrus", "Cèdre"), ("Celtis", "Micocoulier"),
    ("Cercis", "Arbre de Judée"), ("Chamaecyparis", "Faux-cyprès"), ("Corylus", "Noisetier"),
    ("Crataegus", "Aubépine"), ("Cupressus", "Cyprès"), ("Davidia", "Arbre aux mouchoirs"),
    ("Eucalyptus", "Eucalyptus"), ("Fagus", "Hêtre"), ("Ficus", "Figuier"), ("Fraxinus", "Frêne"),
    ("Ginkgo", "Ginkgo"), ("Gleditsia", "Févier"), ("Ilex", "Houx"), ("Juglans", "Noyer"),
    ("Koelreuteria", "Savonnier"), ("Laburnum", "Cytise"), ("Lagerstroemia", "Lilas des Indes"),
    ("Larix", "Mélèze"), ("Ligustrum", "Troène"), ("Liquidambar", "Copalme"), ("Liriodendron", "Tulipier"),
    ("Magnolia", "Magnolia"), ("Malus", "Pommier"), ("Melia", "Lilas de Perse"), ("Metasequoia", "Métaséquoia"),
    ("Morus", "Mûrier"), ("Olea", "Olivier"), ("Ostrya", "Charme-houblon"), ("Parrotia", "Parrotie"),
    ("Paulownia", "Paulownia"), ("Photinia", "Photinia"), ("Picea", "Épicéa"), ("Pinus", "Pin"),
    ("Platanus", "Platane"), ("Populus", "Peuplier"), ("Prunus", "Prunier, cerisier"), ("Pterocarya", "Ptérocaryer"),
    ("Pyrus", "Poirier"), ("Quercus", "Chêne"), ("Robinia", "Robinier"), ("Salix", "Saule"),
    ("Sequoiadendron", "Séquoia géant"), ("Sophora", "Sophora"), ("Sorbus", "Sorbier"),
    ("Styphnolobium", "Sophora du Japon"), ("Taxodium", "Cyprès chauve"), ("Taxus", "If"), ("Tilia", "Tilleul"),
    ("Ulmus", "Orme"), ("Zelkova", "Zelkova"),
)  # fmt: skip

# What inventories write where the species is not known: the genus only.
UNKNOWN_SPECIES = frozenset({"", "sp", "sp.", "spp", "spp.", "n. sp.", "n.sp.", "n. sp", "nsp", "x", "?", "inconnu"})


def species_key(genus, species=""):
    """(genus, species) as the list matches them: case and spacing aside, placeholders meaning "genus only"."""
    genus = " ".join(str(genus or "").split()).casefold()
    species = " ".join(str(species or "").split()).casefold()
    return genus, "" if species in UNKNOWN_SPECIES else species


@transaction.atomic
def seed_species(organization):
    """Add the common genera the organization's list lacks; returns how many were added (no audit: reference
    data of the platform, as a data migration would write it)."""
    have = {species_key(s.genus, s.species) for s in Species.objects.owned_by(organization).active()}
    missing = [
        Species(organization=organization, genus=genus, common_name=name)
        for genus, name in GENERA
        if species_key(genus) not in have
    ]
    Species.objects.bulk_create(missing)
    return len(missing)
