"""Catalogues of the demo registry: the asset types every demo organization starts with (its own copy, which it
may edit) and their typed attributes, the names of the town's buildings and equipment.

The building, tree and street-light types are those the app gives an organization for its imports
(`imports.standard_type`, with the attributes the import targets fill, `imports.STANDARD_ATTRIBUTES`): `TYPES` lists
only the attributes the demo adds to them."""

from dataclasses import dataclass

from ..models import AssetKind as K

N, D, C, T, B, R = "number", "date", "choice", "text", "boolean", "reference"


@dataclass(frozen=True)
class Attr:
    code: str
    label: str
    data_type: str
    unit: str = ""
    choices: tuple = ()
    minimum: int | None = None
    maximum: int | None = None


# The health diagnoses the demo draws (a text attribute of the standard tree type).
HEALTH = ("Bon", "Moyen", "Médiocre", "Dépérissant", "Mort")
LIFESPAN = ("Plus de 40 ans", "20 à 40 ans", "10 à 20 ans", "Moins de 10 ans")
HEATING = ("Gaz", "Fioul", "Réseau de chaleur", "Pompe à chaleur", "Électrique", "Bois", "Aucun")
STANDARDS = ("NF EN 1176-1", "NF EN 1176-2", "NF EN 1176-3", "NF EN 1176-4", "NF EN 1176-6", "NF EN 16630")
AGES = ("1-3 ans", "2-6 ans", "3-8 ans", "6-12 ans", "12 ans et plus")

# (code, name, family, attributes)
TYPES = (
    ("SITE", "Site", K.SITE, ()),
    ("GS", "Groupe scolaire", K.SITE, (Attr("pupils", "Élèves", N, "", minimum=0, maximum=2000),)),
    ("BAT", "Bâtiment", K.BUILDING, (  # and the attributes of `imports.standard_type` (floor area, year, ERP)
        Attr("heating", "Chauffage", C, choices=HEATING),
        Attr("insured_value", "Valeur d'assurance", N, "€", minimum=0),
    )),
    ("NIV", "Niveau", K.LEVEL, (Attr("floor", "Étage", N, minimum=-5, maximum=50),)),
    ("LOC", "Local", K.SPACE, (
        Attr("area", "Surface", N, "m²", minimum=0, maximum=20000),
        Attr("use", "Usage", T),
    )),
    ("CHAUD", "Chaudière", K.EQUIPMENT, (
        Attr("power", "Puissance", N, "kW", minimum=0, maximum=20000),
        Attr("energy", "Énergie", C, choices=("Gaz", "Fioul", "Bois", "Électrique")),
        Attr("brand", "Marque", T),
        Attr("installed", "Mise en service", D),
    )),
    ("CTA", "Centrale de traitement d'air", K.EQUIPMENT, (
        Attr("airflow", "Débit", N, "m³/h", minimum=0, maximum=200000),
        Attr("brand", "Marque", T),
    )),
    ("ECS", "Production d'eau chaude", K.EQUIPMENT, (Attr("volume", "Volume", N, "l", minimum=0, maximum=20000),)),
    ("SSI", "Système de sécurité incendie", K.EQUIPMENT, (Attr("category", "Catégorie", C, choices=("A", "B", "C", "D", "E")),)),  # noqa: E501
    ("ASC", "Ascenseur", K.EQUIPMENT, (Attr("load", "Charge", N, "kg", minimum=0, maximum=10000),)),
    ("EXT", "Extincteur", K.EQUIPMENT, (Attr("agent", "Agent", C, choices=("Eau pulvérisée", "CO2", "Poudre")),)),
    ("EV", "Espace vert", K.GREEN_SPACE, (
        Attr("area", "Surface", N, "m²", minimum=0),
        Attr("management", "Classe de gestion", C, choices=("Prestige", "Jardiné", "Rustique", "Naturel")),
    )),
    ("ARB", "Arbre", K.TREE, (  # and those of `imports.standard_type` (genus, species, height, health…)
        Attr("lifespan", "Espérance de maintien", C, choices=LIFESPAN),
    )),
    ("TRONC", "Tronçon de voirie", K.ROAD_SECTION, (
        Attr("surface", "Revêtement", C, choices=("Enrobé", "Béton", "Pavés", "Stabilisé")),
        Attr("width", "Largeur", N, "m", minimum=0, maximum=60),
    )),
    ("PANN", "Panneau de signalisation", K.ROAD_FEATURE, (Attr("sign", "Code du panneau", T),)),
    ("GLISS", "Glissière de sécurité", K.ROAD_FEATURE, ()),
    ("MARQ", "Marquage au sol", K.ROAD_FEATURE, (Attr("marking", "Marquage", C, choices=("Passage piéton", "Ligne continue", "Stationnement", "Piste cyclable")),)),  # noqa: E501
    ("EP", "Point lumineux", K.STREET_LIGHT, (  # and those of `imports.standard_type` (lamp, power, cabinet)
        Attr("height", "Hauteur du mât", N, "m", minimum=0, maximum=30),
    )),
    ("ARM", "Armoire d'éclairage", K.LIGHTING_CABINET, (Attr("circuits", "Départs", N, minimum=0, maximum=50),)),
    ("AJ", "Aire de jeux", K.PLAYGROUND, (Attr("fenced", "Clôturée", B),)),
    ("JEU", "Jeu", K.PLAY_ITEM, (
        Attr("standard", "Norme", C, choices=STANDARDS),
        Attr("installer", "Installateur", T),
        Attr("ages", "Tranche d'âge", C, choices=AGES),
    )),
    ("TERR", "Terrain de sport", K.SPORTS_GROUND, (Attr("surface", "Revêtement", C, choices=("Gazon naturel", "Synthétique", "Stabilisé", "Résine")),)),  # noqa: E501
    ("CIM", "Cimetière", K.CEMETERY, (Attr("plots", "Concessions", N, minimum=0),)),
    ("FONT", "Fontaine", K.FOUNTAIN, ()),
    ("PARK", "Parc de stationnement", K.CAR_PARK, (Attr("spaces", "Places", N, minimum=0, maximum=5000),)),
    ("VEH", "Véhicule", K.VEHICLE, (
        Attr("plate", "Immatriculation", T),
        Attr("fuel", "Énergie", C, choices=("Gazole", "Essence", "Électrique", "GNV")),
        Attr("registered", "Première immatriculation", D),
    )),
    ("INFO", "Matériel informatique et bureautique", K.IT_EQUIPMENT, (Attr("serial", "Numéro de série", T),)),
)  # fmt: skip

# The town's buildings by kind: (name pattern, how many, ERP type, category, levels, rooms per level, department)
BUILDINGS = (
    ("Hôtel de ville", 1, "W", "2", (3, 4), (10, 16), "DGS"),
    ("Centre administratif", 1, "W", "3", (3, 3), (10, 14), "DGS"),
    ("Centre technique municipal", 1, "", "", (1, 2), (8, 12), "DST"),
    ("Médiathèque {}", 3, "S", "3", (1, 2), (5, 9), "MEDIA"),
    ("Gymnase {}", 9, "X", "3", (1, 2), (4, 8), "SPORTS"),
    ("Vestiaires du stade {}", 6, "X", "5", (1, 1), (3, 6), "SPORTS"),
    ("Salle polyvalente {}", 8, "L", "4", (1, 1), (3, 6), "ASSO"),
    ("Maison des associations {}", 5, "L", "5", (1, 3), (4, 8), "ASSO"),
    ("Crèche {}", 6, "R", "5", (1, 1), (5, 9), "PENF"),
    ("Conservatoire", 1, "R", "3", (2, 3), (8, 14), "CONSERV"),
    ("Musée {}", 1, "Y", "4", (2, 2), (5, 8), "MUSEE"),
    ("Église {}", 3, "V", "3", (1, 1), (2, 3), "DGS"),
    ("Logement de gardien {}", 14, "", "", (1, 2), (3, 5), "ECOLES"),
    ("Local associatif {}", 22, "L", "5", (1, 1), (2, 4), "ASSO"),
    ("Poste de police municipale", 1, "W", "5", (1, 2), (5, 8), "POLICE"),
    ("Vestiaires et sanitaires {}", 10, "", "", (1, 1), (2, 3), "SPORTS"),
    ("Kiosque {}", 4, "", "", (1, 1), (1, 1), "CULTURE"),
    ("Centre social {}", 4, "L", "5", (1, 2), (4, 8), "CCAS"),
    ("Résidence autonomie {}", 2, "J", "4", (3, 4), (8, 12), "CCAS"),
    ("Archives municipales", 1, "W", "5", (2, 2), (4, 6), "ARCHIVES"),
    ("Sanitaires publics {}", 16, "", "", (1, 1), (1, 2), "PROP"),
    ("Local technique {}", 30, "", "", (1, 1), (1, 3), "DST"),
    ("Serres municipales", 1, "", "", (1, 1), (3, 5), "EV"),
)  # fmt: skip
# A school group: a site with its buildings (those of the school groups' departments at scale > 1 included)
SCHOOL_BUILDINGS = (
    ("École maternelle {}", "R", "4", (1, 1), (6, 10)),
    ("École élémentaire {}", "R", "3", (2, 2), (8, 12)),
    ("Restaurant scolaire {}", "N", "4", (1, 1), (3, 5)),
    ("Préau {}", "", "", (1, 1), (1, 1)),
)
QUARTERS = (
    "des Tilleuls", "du Centre", "de la Gare", "des Acacias", "du Moulin", "des Vignes", "du Château", "des Prés",
    "de la Régie", "du Stade", "Saint-Martin", "des Lilas", "du Parc", "des Grands Champs", "de l'Europe",
    "Pasteur", "Jean-Moulin", "des Coteaux", "du Val", "des Bruyères", "du Marché", "des Peupliers",
)  # fmt: skip
LEVEL_NAMES = {-1: "Sous-sol", 0: "Rez-de-chaussée", 1: "1er étage", 2: "2e étage", 3: "3e étage", 4: "4e étage"}
ROOM_USES = {
    "R": ("Salle de classe", "Dortoir", "Salle de motricité", "Sanitaires", "Bureau de direction", "Tisanerie"),
    "N": ("Salle de restauration", "Cuisine", "Plonge", "Réserve", "Vestiaire du personnel"),
    "X": ("Salle de sport", "Vestiaire", "Douches", "Local matériel", "Infirmerie", "Tribune"),
    "S": ("Salle de lecture", "Espace jeunesse", "Réserve", "Salle d'animation", "Bureau"),
    "L": ("Grande salle", "Office", "Sanitaires", "Local de rangement", "Salle de réunion"),
    "W": ("Bureau", "Salle de réunion", "Accueil", "Archives", "Sanitaires", "Local informatique"),
    "": ("Atelier", "Local", "Réserve", "Sanitaires", "Bureau"),
}
# Equipment of a building: (type code, name, share of buildings that have one)
EQUIPMENT = (
    ("CHAUD", "Chaudière", 0.8), ("CTA", "CTA", 0.35), ("ECS", "Ballon d'eau chaude", 0.6), ("SSI", "SSI", 0.5),
    ("ASC", "Ascenseur", 0.2), ("EXT", "Extincteurs", 0.9),
)  # fmt: skip
BOILER_BRANDS = ("De Dietrich", "Viessmann", "Atlantic Guillot", "Frisquet", "Chappée", "Buderus")
INSTALLERS = ("Kompan", "Proludic", "Husson", "Sae Récréa", "Lappset")
PLAY_ITEMS = ("Toboggan", "Balançoire", "Structure multi-activités", "Jeu à ressort", "Tourniquet", "Bac à sable",
              "Filet d'escalade", "Tyrolienne", "Maisonnette")  # fmt: skip
SIGNS = ("AB3a", "AB4", "B14", "C12", "B21-1", "C20a", "A13b", "B6d")
ASSOCIATIONS = (
    "Union sportive de Villeneuve", "Club de l'amitié", "Les Amis de la Régie", "Judo club", "Chorale À Travers Chants",
    "Comité des fêtes", "Ateliers d'arts plastiques", "Tennis de table villeneuvois", "Club d'échecs du Val",
    "Scouts et guides", "Association des parents d'élèves", "Théâtre de la Passerelle", "Secours populaire",
    "Restos du cœur", "Club photo", "Cercle de généalogie", "Gymnastique volontaire", "Villeneuve Basket",
    "Harmonie municipale", "Jardins partagés", "Club de randonnée", "Amicale des donneurs de sang",
)  # fmt: skip
