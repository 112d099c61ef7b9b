"""The catalogues the demo draws from: the four organizations, their departments, trades and companies.

Fixed lists rather than Faker's, so the demo stays the same across library upgrades: a given seed
always gives the same people. Organizations and places are fictitious (département 45, `.example`
e-mail domains, ARCEP's fiction telephone ranges).
"""

from dataclasses import dataclass, field
from decimal import Decimal

TECHNICAL = "technical"
REQUESTING = "requesting"


@dataclass(frozen=True)
class SkillSpec:
    code: str
    name: str
    hourly_rate: Decimal  # loaded cost of one hour (salary, charges, overheads), EUR


def _skills(*rows):
    return {code: SkillSpec(code, name, Decimal(rate)) for code, name, rate in rows}


SKILLS = _skills(
    ("PLOMB", "Plombier", "38.50"),
    ("ELEC", "Électricien", "40.00"),
    ("PEINT", "Peintre", "35.00"),
    ("MENUIS", "Menuisier", "37.00"),
    ("SERRUR", "Serrurier-métallier", "37.50"),
    ("MACON", "Maçon", "36.00"),
    ("CHAUFF", "Chauffagiste", "41.50"),
    ("JARDIN", "Jardinier", "33.00"),
    ("ELAG", "Élagueur-grimpeur", "41.00"),
    ("MECA", "Mécanicien", "39.50"),
    ("SOUDEUR", "Soudeur", "38.00"),
    ("VOIRIE", "Agent de voirie", "34.00"),
    ("SIGNAL", "Agent de signalisation", "34.50"),
    ("CONDUC", "Conducteur d'engins", "37.00"),
    ("PROPRE", "Agent de propreté", "31.50"),
    ("MANUT", "Manutentionnaire", "31.00"),
    ("ECLAIR", "Électricien éclairage public", "42.00"),
    ("FOSSOY", "Agent funéraire", "33.50"),
    ("MAGAS", "Magasinier", "32.00"),
    ("POLY", "Agent technique polyvalent", "32.50"),
    ("DESSIN", "Technicien bureau d'études", "44.00"),
    ("FONTAIN", "Fontainier", "38.00"),
    ("EGOUT", "Agent d'assainissement", "37.50"),
    ("RIPEUR", "Ripeur", "31.00"),
    ("CHAUFPL", "Chauffeur poids lourd", "36.50"),
)


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    kind: str = REQUESTING
    weight: float = 0  # share of the organization's agents (technical departments only)
    teams: tuple[tuple[str, str], ...] = ()  # (team name, main skill code)
    trades: tuple[str, ...] = ()  # skills of agents outside teams, and second skills


def tech(code, name, weight, teams=(), trades=()):
    return DepartmentSpec(code, name, TECHNICAL, weight, tuple(teams), tuple(trades))


def req(code, name):
    return DepartmentSpec(code, name)


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    name: str
    slug: str
    kind: str
    login: str  # the suffix of the demo user names: manager.<login>
    siren_base: str  # 8 digits; the Luhn check digit is added
    insee_code: str
    population: int
    address: str
    domain: str
    employee_prefix: str
    agents: int
    departments: tuple[DepartmentSpec, ...]
    request_department: str  # the department the requester and the department head act for
    contractors: int
    scales: bool = True  # the village keeps its two agents whatever the scale
    extra_department_names: tuple[str, ...] = field(default=())  # added at scale > 1


TOWN_DEPARTMENTS = (
    tech("DST", "Direction des services techniques", 3, trades=("DESSIN", "POLY")),
    tech("BE", "Bureau d'études et travaux neufs", 2, trades=("DESSIN",)),
    tech(
        "VOIRIE",
        "Voirie",
        12,
        [("Enrobés et nids-de-poule", "VOIRIE"), ("Maçonnerie voirie", "MACON"), ("Signalisation", "SIGNAL")],
        ("VOIRIE", "MACON", "CONDUC"),
    ),
    tech(
        "EV",
        "Espaces verts",
        18,
        [
            ("Secteur nord", "JARDIN"),
            ("Secteur sud", "JARDIN"),
            ("Secteur centre-ville", "JARDIN"),
            ("Élagage", "ELAG"),
            ("Serres municipales", "JARDIN"),
            ("Arrosage et fontainerie", "FONTAIN"),
        ],
        ("JARDIN", "ELAG", "CONDUC"),
    ),
    tech(
        "BAT",
        "Bâtiments",
        16,
        [
            ("Plomberie-sanitaire", "PLOMB"),
            ("Électricité bâtiment", "ELEC"),
            ("Menuiserie", "MENUIS"),
            ("Serrurerie-métallerie", "SERRUR"),
            ("Peinture et revêtements", "PEINT"),
            ("Maçonnerie bâtiment", "MACON"),
            ("Chauffage-ventilation", "CHAUFF"),
        ],
        ("PLOMB", "ELEC", "PEINT", "MENUIS", "MACON"),
    ),
    tech(
        "PROP",
        "Propreté urbaine",
        14,
        [
            ("Balayage mécanique", "PROPRE"),
            ("Propreté centre-ville", "PROPRE"),
            ("Propreté des quartiers", "PROPRE"),
            ("Tags et affichage sauvage", "PEINT"),
        ],
        ("PROPRE", "CONDUC"),
    ),
    tech(
        "ECL",
        "Éclairage public",
        3,
        [("Éclairage public", "ECLAIR"), ("Illuminations de fêtes", "ELEC")],
        ("ECLAIR", "ELEC"),
    ),
    tech("GARAGE", "Garage municipal", 3, [("Atelier mécanique", "MECA")], ("MECA", "SOUDEUR")),
    tech(
        "LOGIST",
        "Logistique, fêtes et cérémonies",
        7,
        [("Fêtes et cérémonies", "MANUT"), ("Déménagements et manutention", "MANUT")],
        ("MANUT", "ELEC", "CONDUC"),
    ),
    tech("CIMET", "Cimetières", 2, [("Cimetières", "FOSSOY")], ("FOSSOY", "JARDIN")),
    tech("MAGASIN", "Magasin central", 1.5, trades=("MAGAS",)),
    tech(
        "SPORTEQ",
        "Équipements sportifs",
        5,
        [("Stades et terrains", "JARDIN"), ("Gymnases", "POLY")],
        ("POLY", "JARDIN", "PLOMB"),
    ),
    tech("ENERGIE", "Énergie et fluides", 1, trades=("CHAUFF", "ELEC")),
    tech(
        "MOBURB",
        "Mobilier urbain et aires de jeux",
        3,
        [("Aires de jeux", "SERRUR"), ("Mobilier urbain", "SOUDEUR")],
        ("SERRUR", "SOUDEUR", "POLY"),
    ),
    req("DGS", "Direction générale des services"),
    req("CABINET", "Cabinet du maire"),
    req("RH", "Ressources humaines"),
    req("FIN", "Finances"),
    req("ACHATS", "Commande publique"),
    req("JURID", "Affaires juridiques et assurances"),
    req("DSI", "Systèmes d'information"),
    req("COM", "Communication"),
    req("ETATCIV", "État civil et élections"),
    req("URBA", "Urbanisme"),
    req("POLICE", "Police municipale"),
    req("ECOLES", "Écoles"),
    req("RESTO", "Restauration scolaire"),
    req("PENF", "Petite enfance"),
    req("JEUNESSE", "Jeunesse"),
    req("SPORTS", "Sports"),
    req("CULTURE", "Culture"),
    req("MEDIA", "Médiathèque"),
    req("CONSERV", "Conservatoire de musique et de danse"),
    req("MUSEE", "Musée"),
    req("ASSO", "Vie associative"),
    req("CCAS", "CCAS"),
    req("ARCHIVES", "Archives municipales"),
    req("EVENTS", "Événements et animations"),
    req("DDURABLE", "Développement durable"),
    req("MARCHES", "Marchés et droits de place"),
)

MID_DEPARTMENTS = (
    tech("ST", "Services techniques — direction", 1, trades=("POLY", "DESSIN")),
    tech("VOIRIE", "Voirie et propreté", 4, [("Voirie", "VOIRIE"), ("Propreté", "PROPRE")], ("VOIRIE", "CONDUC")),
    tech("EV", "Espaces verts", 5, [("Espaces verts", "JARDIN")], ("JARDIN", "ELAG")),
    tech(
        "BAT",
        "Bâtiments",
        4,
        [("Plomberie-électricité", "ELEC"), ("Menuiserie-peinture", "PEINT")],
        ("PLOMB", "ELEC", "PEINT", "MENUIS", "MACON"),
    ),
    tech("LOGIST", "Logistique et fêtes", 2, [("Fêtes et cérémonies", "MANUT")], ("MANUT", "MECA")),
    req("DGS", "Direction générale des services"),
    req("ETATCIV", "Accueil et état civil"),
    req("URBA", "Urbanisme"),
    req("ECOLES", "Écoles"),
    req("PENF", "Petite enfance"),
    req("SPORTS", "Sports"),
    req("CULTURE", "Culture"),
    req("MEDIA", "Médiathèque"),
    req("CCAS", "CCAS"),
    req("POLICE", "Police municipale"),
)

VILLAGE_DEPARTMENTS = (
    tech("ST", "Services techniques", 1, [("Équipe technique", "POLY")], ("POLY", "JARDIN", "MACON")),
    req("MAIRIE", "Secrétariat de mairie"),
    req("ECOLE", "École communale"),
)

AGGLO_DEPARTMENTS = (
    tech(
        "EAU",
        "Eau et assainissement",
        5,
        [("Réseaux d'eau potable", "FONTAIN"), ("Assainissement", "EGOUT")],
        ("FONTAIN", "EGOUT", "CONDUC"),
    ),
    tech("DECHETS", "Collecte et valorisation des déchets", 4, [("Collecte", "RIPEUR")], ("RIPEUR", "CHAUFPL")),
    tech(
        "MUTUAL",
        "Patrimoine et moyens mutualisés",
        3,
        [("Élagage mutualisé", "ELAG"), ("Maintenance des équipements communautaires", "ELEC")],
        ("ELAG", "ELEC", "PLOMB", "MECA"),
    ),
    req("DGS", "Direction générale des services"),
    req("AQUA", "Centre aquatique communautaire"),
    req("ECO", "Développement économique"),
)

SCHOOLS = (
    "Jules-Ferry",
    "Jean-Jaurès",
    "Victor-Hugo",
    "Louise-Michel",
    "Jean-Moulin",
    "Pasteur",
    "Marie-Curie",
    "Jacques-Prévert",
    "Paul-Bert",
    "Condorcet",
    "George-Sand",
    "Simone-Veil",
)

AGGLOMERATION = OrganizationSpec(
    key="agglo",
    name="Communauté d'agglomération du Val de Régie",
    slug="ca-val-de-regie",
    kind="ca",
    login="agglo",
    siren_base="20004715",
    insee_code="",
    population=78_400,
    address="1 place de l'Europe, 45900 Villeneuve-sur-Régie",
    domain="agglo-valderegie.example",
    employee_prefix="CA",
    agents=24,
    departments=AGGLO_DEPARTMENTS,
    request_department="AQUA",
    contractors=4,
)

MEMBER_COMMUNES = (
    OrganizationSpec(
        key="town",
        name="Villeneuve-sur-Régie",
        slug="villeneuve-sur-regie",
        kind="commune",
        login="villeneuve",
        siren_base="21450901",
        insee_code="45901",
        population=46_200,
        address="Hôtel de ville, place du Général-de-Gaulle, 45900 Villeneuve-sur-Régie",
        domain="villeneuve-sur-regie.example",
        employee_prefix="VR",
        agents=400,
        departments=TOWN_DEPARTMENTS,
        request_department="ECOLES",
        contractors=7,
        extra_department_names=tuple(f"Groupe scolaire {name}" for name in SCHOOLS),
    ),
    OrganizationSpec(
        key="mid",
        name="Beaulieu-la-Rivière",
        slug="beaulieu-la-riviere",
        kind="commune",
        login="beaulieu",
        siren_base="21450902",
        insee_code="45902",
        population=9_300,
        address="Mairie, 2 rue de la République, 45910 Beaulieu-la-Rivière",
        domain="beaulieu-la-riviere.example",
        employee_prefix="BR",
        agents=60,
        departments=MID_DEPARTMENTS,
        request_department="ECOLES",
        contractors=4,
    ),
    OrganizationSpec(
        key="village",
        name="Montclar-les-Vignes",
        slug="montclar-les-vignes",
        kind="commune",
        login="montclar",
        siren_base="21450903",
        insee_code="45903",
        population=640,
        address="Mairie, 1 place de l'Église, 45920 Montclar-les-Vignes",
        domain="montclar-les-vignes.example",
        employee_prefix="MV",
        agents=2,
        departments=VILLAGE_DEPARTMENTS,
        request_department="ECOLE",
        contractors=2,
        scales=False,
    ),
)

ORGANIZATIONS = (AGGLOMERATION, *MEMBER_COMMUNES)

# Companies: a name pattern and the trades it offers (kept only if the organization has the skill).
CONTRACTORS = (
    ("{last} Plomberie Chauffage", ("PLOMB", "CHAUFF")),
    ("SARL {last} Électricité", ("ELEC", "ECLAIR")),
    ("Paysages {last}", ("JARDIN",)),
    ("Élagage {last} et Fils", ("ELAG",)),
    ("Serrurerie {last}", ("SERRUR", "SOUDEUR")),
    ("Menuiserie {last}", ("MENUIS",)),
    ("Maçonnerie {last} Frères", ("MACON",)),
    ("Peintures {last}", ("PEINT",)),
    ("Garage {last} Poids lourds", ("MECA",)),
    ("{last} Travaux Publics", ("VOIRIE", "MACON", "CONDUC")),
    ("Hydrocurage {last}", ("EGOUT", "FONTAIN")),
    ("Signalisation {last}", ("SIGNAL",)),
    ("Multiservices {last}", ("POLY", "MANUT")),
)

STREETS = (
    "rue des Artisans",
    "zone artisanale des Grands Champs",
    "avenue de la Gare",
    "rue du Moulin",
    "chemin des Vignes",
    "rue de l'Industrie",
    "boulevard Gambetta",
    "rue Nationale",
)

FIRST_NAMES = (
    "Adrien", "Agnès", "Alain", "Alexandre", "Alice", "Amandine", "Anne", "Antoine", "Arnaud", "Audrey",
    "Aurélie", "Benoît", "Bernard", "Brigitte", "Bruno", "Camille", "Caroline", "Catherine", "Cédric", "Céline",
    "Charlotte", "Christian", "Christine", "Christophe", "Claire", "Claude", "Corinne", "Cyril", "Damien", "Daniel",
    "David", "Delphine", "Denis", "Didier", "Dominique", "Élodie", "Émilie", "Emmanuel", "Éric", "Fabien",
    "Fabrice", "Florence", "Florian", "Franck", "François", "Frédéric", "Gaëlle", "Georges", "Gérard", "Grégory",
    "Guillaume", "Hélène", "Hervé", "Hugo", "Isabelle", "Jacques", "Jean", "Jérôme", "Jessica", "Joël",
    "Jonathan", "Julie", "Julien", "Karine", "Kévin", "Laetitia", "Laurence", "Laurent", "Léa", "Lucas",
    "Lucie", "Ludovic", "Manon", "Marc", "Marie", "Martine", "Mathieu", "Maxime", "Mélanie", "Michel",
    "Mickaël", "Nadia", "Nathalie", "Nicolas", "Noémie", "Olivier", "Pascal", "Patrick", "Philippe", "Pierre",
    "Rachid", "Raphaël", "Régis", "Romain", "Samir", "Sandrine", "Sébastien", "Serge", "Sophie", "Stéphane",
    "Sylvie", "Thierry", "Thomas", "Valérie", "Vincent", "Virginie", "Xavier", "Yannick", "Yves", "Zoé",
)  # fmt: skip

LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
    "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
    "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
    "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
    "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
    "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
    "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
    "Benhamou", "Haddad", "Nguyen", "Diallo", "Ferreira", "Da Silva", "Rossi", "Kaci", "Traoré", "Moussa",
)  # fmt: skip

# Part-time schedules (hours a week) and how often they occur; the rest work 35 hours.
PART_TIME = ((Decimal("28.0"), 5), (Decimal("31.5"), 4), (Decimal("24.5"), 2), (Decimal("17.5"), 1))
PART_TIME_SHARE = 0.12


# --- Interventions: reference data and two years of history (regie/interventions/demo.py) ----------------

# Requests a year per organization (before --scale): the big town, the mid-size town, the village, the EPCI.
REQUESTS_PER_YEAR = {"town": 15_000, "mid": 3_000, "village": 150, "agglo": 1_000}

# How each organization runs its validation workflow: (department step, second approval above (€), budget required)
WORKFLOWS = {
    "town": (True, Decimal("15000.00"), True),
    "mid": (True, None, False),
    "village": (False, None, False),
    "agglo": (True, Decimal("25000.00"), True),
}

# Share of the work given to contractors where one has the trade (about half the work: ~10 % in all);
# share of the requests rejected (department head, then manager).
CONTRACTOR_SHARE = {"town": 0.2, "mid": 0.25, "village": 0.45, "agglo": 0.3}
REJECTED_SHARE = {"town": 0.06, "mid": 0.05, "village": 0.02, "agglo": 0.05}
CANCELLED_SHARE = 0.03

# Monthly factors (January → December): when each kind of work is asked for.
FLAT = (1,) * 12
GREEN = (0.35, 0.45, 0.85, 1.45, 1.75, 1.7, 1.5, 1.15, 1.2, 0.9, 0.55, 0.35)
TREES = (0.55, 0.6, 0.9, 1.3, 1.55, 1.55, 1.45, 1.1, 1.0, 0.85, 0.65, 0.55)
HEATING = (1.9, 1.6, 1.05, 0.55, 0.25, 0.15, 0.12, 0.2, 0.7, 2.0, 2.1, 1.9)
ROADS = (1.05, 1.55, 1.9, 1.6, 1.1, 0.85, 0.7, 0.6, 0.75, 0.8, 0.9, 1.05)
LIGHTING = (1.5, 1.3, 1.0, 0.8, 0.6, 0.5, 0.5, 0.6, 0.9, 1.3, 1.55, 1.6)
CLEANING = (0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.1, 1.0, 1.0, 0.9, 0.9)
SCHOOL_WORKS = (0.85, 0.85, 1.0, 1.1, 1.35, 1.45, 1.2, 0.7, 1.0, 0.9, 0.8, 0.7)
CEMETERY = (0.7, 0.7, 0.9, 1.0, 1.0, 0.9, 0.8, 0.7, 0.9, 2.6, 1.3, 0.7)
PLAYGROUNDS = (0.5, 0.55, 0.9, 1.3, 1.45, 1.45, 1.3, 1.05, 1.1, 0.9, 0.6, 0.5)
# Fewer requests in August (holidays) and around Christmas, whatever the kind of work.
MONTH_FACTOR = (1, 1, 1, 1, 1, 1, 0.85, 0.55, 1, 1, 1, 0.85)
WEEKDAY_FACTOR = (1.1, 1.05, 1.0, 1.0, 0.9, 0.12, 0.06)  # Monday → Sunday
# Hour of the day a request is filed (0 → 23).
HOUR_WEIGHTS = (
    0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 0.9, 1.3, 1.3, 1.1,
    0.45, 0.6, 1.1, 1.1, 0.95, 0.6, 0.25, 0.12, 0.08, 0.06, 0.04, 0.03,
)  # fmt: skip

# Priorities: share of the requests at each rank (P1 → P4), before a category's urgency.
PRIORITY_SHARES = (0.04, 0.18, 0.63, 0.15)


@dataclass(frozen=True)
class CategorySpec:
    """A kind of work: its usual trade and technical department (the first one the organization has)."""

    code: str
    name: str
    skills: tuple[str, ...]
    departments: tuple[str, ...]
    share: float  # of the organization's requests
    season: tuple[float, ...]
    hours: float  # median hours of work of one visit
    natures: tuple[str, ...]  # M57 budget natures it is usually charged to, in order
    jobs: tuple[tuple[str, str], ...]  # (what is asked, what the report says)
    urgent_jobs: tuple[tuple[str, str], ...] = ()
    materials: tuple[tuple[str, str, str, str], ...] = ()  # (label, unit, unit cost from, to)
    equipment: tuple[tuple[str, str, str], ...] = ()  # (label, unit, unit cost)
    urgency: float = 1.0  # multiplies the share of P1/P2
    crew: tuple[int, int, int] = (60, 32, 8)  # weights of 1, 2, 3 agents
    outdoor: bool = False
    materials_rate: float = 0.65  # share of visits that use materials
    equipment_rate: float = 0.0
    follow_up: str = ""  # category of a second work order when two trades are needed


BUILDING = ("BAT", "ST", "MUTUAL")

CATEGORIES = (
    CategorySpec(
        "PLOMB", "Plomberie", ("PLOMB", "POLY"), BUILDING, 0.115, FLAT, 3.0, ("615221", "6068"),
        (
            ("Fuite sous l'évier", "Siphon et joints remplacés, plus de fuite"),
            ("Chasse d'eau qui coule en continu", "Mécanisme de chasse remplacé"),
            ("Robinet qui goutte", "Cartouche du mitigeur changée"),
            ("WC bouché", "Canalisation débouchée au furet"),
            ("Lavabo qui se vide mal", "Siphon démonté et nettoyé"),
            ("Pas d'eau chaude aux lavabos", "Groupe de sécurité et résistance du chauffe-eau remplacés"),
            ("Urinoir qui fuit", "Joint remplacé"),
            ("Douche des vestiaires sans pression", "Pommeau détartré, flexible remplacé"),
            ("Odeur d'égout dans les sanitaires", "Siphons remis en eau, bouchon de regard remplacé"),
            ("Fontaine à eau en panne", "Électrovanne de la fontaine remplacée"),
        ),
        (
            ("Fuite importante — eau coupée", "Vanne d'arrêt fermée, raccord cuivre refait"),
            ("Dégât des eaux au plafond", "Fuite localisée sur l'alimentation, tuyau remplacé"),
        ),
        (
            ("Joint fibre", "u", "0.40", "1.20"),
            ("Mécanisme de chasse d'eau", "u", "18.00", "32.00"),
            ("Cartouche de mitigeur", "u", "12.00", "28.00"),
            ("Flexible inox", "u", "6.50", "14.00"),
            ("Siphon PVC", "u", "7.00", "15.00"),
            ("Raccord cuivre à sertir", "u", "3.20", "9.50"),
            ("Mitigeur lavabo", "u", "48.00", "95.00"),
        ),
        urgency=1.4, crew=(62, 32, 6), follow_up="PEINT",
    ),
    CategorySpec(
        "ELEC", "Électricité", ("ELEC", "POLY"), BUILDING, 0.11, FLAT, 2.5, ("615221", "6068"),
        (
            ("Ampoule grillée", "Ampoule changée"),
            ("Néons qui clignotent", "Tubes remplacés par des dalles LED"),
            ("Prise électrique qui ne fonctionne plus", "Prise remplacée"),
            ("Disjoncteur qui saute", "Circuit contrôlé, disjoncteur différentiel remplacé"),
            ("Bloc de secours hors service", "Bloc autonome d'éclairage de sécurité remplacé"),
            ("Sonnerie en panne", "Minuterie de la sonnerie reprogrammée"),
            ("Interphone en panne", "Combiné de l'interphone remplacé"),
            ("Éclairage extérieur à changer", "Projecteur LED posé"),
            ("Ajout de prises dans le bureau", "Deux prises ajoutées en goulotte"),
            ("Détecteur de présence défectueux", "Détecteur de présence remplacé"),
        ),
        (
            ("Odeur de brûlé au tableau électrique", "Borne desserrée resserrée, disjoncteur remplacé"),
            ("Panne de courant dans tout le bâtiment", "Disjoncteur général réarmé après recherche de défaut"),
        ),
        (
            ("Ampoule LED E27", "u", "3.50", "7.00"),
            ("Dalle LED 600 × 600", "u", "24.00", "42.00"),
            ("Prise 2P+T", "u", "4.50", "9.00"),
            ("Disjoncteur 16 A", "u", "9.00", "22.00"),
            ("Interrupteur différentiel 30 mA", "u", "38.00", "75.00"),
            ("Bloc autonome d'éclairage de sécurité", "u", "35.00", "68.00"),
            ("Câble R2V 3G2,5", "m", "1.10", "1.90"),
        ),
        urgency=1.5, crew=(64, 31, 5), follow_up="PEINT",
    ),
    CategorySpec(
        "PEINT", "Peinture", ("PEINT", "POLY"), BUILDING, 0.05, SCHOOL_WORKS, 9.0, ("615221", "2135"),
        (
            ("Reprise de peinture du couloir", "Murs lessivés, enduit et deux couches"),
            ("Peinture d'une salle", "Salle repeinte, plafond compris"),
            ("Traces d'humidité au plafond", "Plafond traité anti-humidité et repeint"),
            ("Boiseries à repeindre", "Huisseries poncées et laquées"),
            ("Marquages au sol à refaire", "Marquages au sol repeints"),
        ),
        (),
        (
            ("Peinture acrylique mate 15 L", "u", "62.00", "115.00"),
            ("Sous-couche 10 L", "u", "38.00", "72.00"),
            ("Enduit de rebouchage", "kg", "2.80", "5.50"),
            ("Rouleaux et bâches", "lot", "12.00", "28.00"),
        ),
        urgency=0.2, crew=(45, 45, 10), materials_rate=0.9,
    ),
    CategorySpec(
        "SERRUR", "Serrurerie", ("SERRUR", "POLY"), ("BAT", "MOBURB", "ST", "MUTUAL"), 0.07, FLAT, 2.0,
        ("615221", "6068"),
        (
            ("Porte qui ferme mal", "Ferme-porte réglé"),
            ("Serrure bloquée", "Cylindre remplacé"),
            ("Clés supplémentaires à faire", "Clés reproduites"),
            ("Barre antipanique défectueuse", "Barre antipanique remplacée"),
            ("Portail qui ne ferme plus", "Gonds redressés, gâche ressoudée"),
            ("Grille de clôture abîmée", "Barreaudage ressoudé"),
        ),
        (
            ("Porte d'entrée impossible à fermer", "Serrure changée, porte sécurisée"),
            ("Effraction : porte fracturée", "Porte sécurisée, cylindre et gâche remplacés"),
        ),
        (
            ("Cylindre européen", "u", "22.00", "58.00"),
            ("Ferme-porte", "u", "45.00", "110.00"),
            ("Barre antipanique", "u", "120.00", "260.00"),
            ("Clé reproduite", "u", "4.00", "12.00"),
        ),
        urgency=1.3, crew=(66, 29, 5),
    ),
    CategorySpec(
        "MENUIS", "Menuiserie", ("MENUIS", "POLY"), BUILDING, 0.055, SCHOOL_WORKS, 4.0, ("615221", "6068"),
        (
            ("Porte de placard cassée", "Charnières remplacées, porte réglée"),
            ("Fenêtre qui ne ferme plus", "Crémone remplacée"),
            ("Étagères à poser", "Étagères posées sur crémaillères"),
            ("Plinthes décollées", "Plinthes refixées"),
            ("Volet roulant bloqué", "Sangle et enrouleur remplacés"),
            ("Tableau à fixer au mur", "Tableau fixé"),
        ),
        (),
        (
            ("Panneau de contreplaqué", "u", "28.00", "65.00"),
            ("Charnières et quincaillerie", "lot", "8.00", "25.00"),
            ("Crémone de fenêtre", "u", "18.00", "42.00"),
            ("Tasseaux sapin", "m", "1.50", "3.20"),
        ),
        urgency=0.5, crew=(55, 38, 7), follow_up="PEINT",
    ),
    CategorySpec(
        "MACON", "Maçonnerie", ("MACON", "POLY"), ("BAT", "VOIRIE", "ST"), 0.03, ROADS, 7.0, ("615221", "2135"),
        (
            ("Marche d'escalier descellée", "Marche rescellée au mortier"),
            ("Fissure dans un mur", "Fissure ouverte, traitée et rebouchée"),
            ("Carrelage cassé dans les sanitaires", "Carreaux remplacés"),
            ("Muret abîmé", "Muret reconstruit sur 2 m"),
        ),
        (),
        (
            ("Ciment 35 kg", "u", "9.50", "14.00"),
            ("Sable", "t", "28.00", "45.00"),
            ("Carreaux de faïence", "m²", "18.00", "35.00"),
            ("Mortier de réparation", "u", "14.00", "26.00"),
        ),
        urgency=0.6, crew=(40, 50, 10), materials_rate=0.85, follow_up="PEINT",
    ),
    CategorySpec(
        "CHAUFF", "Chauffage", ("CHAUFF", "PLOMB", "POLY"), ("BAT", "ENERGIE", "ST", "MUTUAL"), 0.065, HEATING,
        2.5, ("615221", "6068"),
        (
            ("Radiateur froid", "Radiateur purgé, robinet thermostatique remplacé"),
            ("Chauffage trop fort dans les bureaux", "Loi d'eau de la chaudière réglée"),
            ("Chaudière en défaut", "Brûleur nettoyé, électrode d'allumage remplacée"),
            ("Bruit dans les canalisations", "Circuit purgé et remis en pression"),
            ("Programmation du chauffage à modifier", "Horloge reprogrammée"),
            ("Climatisation en panne", "Filtre nettoyé, recharge de fluide par l'entreprise"),
        ),
        (
            ("Plus de chauffage dans le bâtiment", "Circulateur remplacé, chauffage rétabli"),
            ("Chaudière en sécurité, plus de chauffage", "Carte électronique de la chaudière remplacée"),
        ),
        (
            ("Robinet thermostatique", "u", "24.00", "48.00"),
            ("Circulateur", "u", "220.00", "480.00"),
            ("Électrode d'allumage", "u", "18.00", "45.00"),
            ("Vase d'expansion", "u", "65.00", "140.00"),
        ),
        urgency=1.6, crew=(66, 30, 4),
    ),
    CategorySpec(
        "EV", "Espaces verts", ("JARDIN", "POLY"), ("EV", "ST"), 0.1, GREEN, 5.0, ("61521", "6068"),
        (
            ("Tonte de la pelouse", "Pelouse tondue, bordures faites"),
            ("Taille de la haie", "Haie taillée, déchets évacués"),
            ("Massif à replanter", "Massif replanté (vivaces et paillage)"),
            ("Arrosage automatique en panne", "Électrovanne et programmateur remplacés"),
            ("Désherbage", "Désherbage manuel et mécanique fait"),
            ("Feuilles à ramasser", "Feuilles ramassées et évacuées"),
            ("Jardinières à fleurir", "Jardinières fleuries"),
        ),
        (),
        (
            ("Plants de vivaces", "u", "2.80", "6.50"),
            ("Paillage", "m³", "35.00", "60.00"),
            ("Terreau", "sac", "6.00", "12.00"),
            ("Goutteurs et tuyaux", "lot", "15.00", "40.00"),
        ),
        equipment=(("Tondeuse autoportée", "h", "18.00"), ("Camion benne", "h", "32.00")),
        crew=(35, 50, 15), outdoor=True, materials_rate=0.35, equipment_rate=0.3,
    ),
    CategorySpec(
        "ELAG", "Élagage", ("ELAG", "JARDIN"), ("EV", "MUTUAL", "ST"), 0.03, TREES, 7.0, ("61521",),
        (
            ("Arbre à élaguer", "Élagage de réduction, branches broyées"),
            ("Branches sur la toiture", "Branches coupées, toiture dégagée"),
            ("Arbre mort à abattre", "Arbre abattu, souche rognée"),
            ("Haie de thuyas trop haute", "Haie rabattue à 2 m"),
        ),
        (
            ("Branche menaçant de tomber sur le trottoir", "Périmètre sécurisé, branche coupée"),
            ("Arbre tombé après la tempête", "Arbre débité et évacué, voie dégagée"),
        ),
        (),
        equipment=(("Nacelle 16 m", "h", "65.00"), ("Broyeur de branches", "h", "28.00")),
        urgency=1.3, crew=(10, 55, 35), outdoor=True, materials_rate=0, equipment_rate=0.8, follow_up="PROPRE",
    ),
    CategorySpec(
        "VOIRIE", "Voirie", ("VOIRIE", "MACON", "POLY"), ("VOIRIE", "ST"), 0.095, ROADS, 4.5, ("615231", "2152"),
        (
            ("Nid-de-poule sur la chaussée", "Nid-de-poule rebouché à l'enrobé à froid"),
            ("Bordure de trottoir cassée", "Bordure remplacée"),
            ("Trottoir déformé par les racines", "Revêtement repris sur 6 m²"),
            ("Regard d'eaux pluviales bouché", "Regard curé"),
            ("Potelet arraché", "Potelet remplacé"),
            ("Affaissement de la chaussée", "Tranchée reprise, enrobé posé"),
        ),
        (
            ("Plaque d'égout descellée sur la chaussée", "Périmètre balisé, tampon rescellé"),
            ("Trou dangereux sur le trottoir", "Trou sécurisé puis rebouché"),
        ),
        (
            ("Enrobé à froid", "sac", "14.00", "22.00"),
            ("Enrobé à chaud", "t", "85.00", "120.00"),
            ("Bordure béton T2", "u", "12.00", "24.00"),
            ("Potelet anti-stationnement", "u", "45.00", "95.00"),
        ),
        equipment=(("Camion benne", "h", "32.00"), ("Mini-pelle", "h", "45.00"), ("Plaque vibrante", "h", "12.00")),
        urgency=1.4, crew=(30, 55, 15), outdoor=True, materials_rate=0.75, equipment_rate=0.4, follow_up="SIGNAL",
    ),
    CategorySpec(
        "PROPRE", "Propreté", ("PROPRE", "POLY"), ("PROP", "VOIRIE", "ST"), 0.07, CLEANING, 2.5, ("615231", "6068"),
        (
            ("Tags sur la façade", "Tags effacés par hydrogommage"),
            ("Dépôt sauvage", "Dépôt enlevé, photos transmises à la police municipale"),
            ("Corbeilles qui débordent", "Corbeilles vidées, fréquence augmentée"),
            ("Nettoyage après le marché", "Place balayée et lavée"),
            ("Affichage sauvage", "Affiches retirées"),
            ("Déjections canines sur le trottoir", "Trottoir nettoyé et désinfecté"),
        ),
        (("Verre brisé sur l'aire de jeux", "Aire de jeux nettoyée et sécurisée"),),
        (("Produit anti-graffiti", "L", "12.00", "24.00"), ("Sacs poubelle", "lot", "8.00", "18.00")),
        equipment=(("Balayeuse", "h", "55.00"), ("Hydrogommeuse", "h", "38.00")),
        crew=(50, 40, 10), outdoor=True, materials_rate=0.3, equipment_rate=0.35,
    ),
    CategorySpec(
        "LOGIST", "Logistique / installation de manifestations", ("MANUT", "POLY"), ("LOGIST", "ST"), 0.085,
        FLAT, 7.0, ("6232", "6068"),
        (
            ("Prêt et livraison de tables et chaises", "Tables et chaises livrées puis reprises"),
            ("Montage d'une scène", "Podium monté, contrôlé et démonté"),
            ("Installation de barrières", "Barrières posées et reprises"),
            ("Déménagement de mobilier", "Mobilier déménagé"),
            ("Installation d'une salle pour une réunion publique", "Salle installée et rangée"),
            ("Livraison de grilles d'exposition", "Grilles livrées et reprises"),
            ("Pavoisement de la façade", "Drapeaux posés"),
        ),
        (),
        (("Colliers et sangles", "lot", "8.00", "20.00"), ("Rubalise", "rouleau", "4.00", "9.00")),
        equipment=(("Camion plateau", "h", "30.00"), ("Chariot élévateur", "h", "22.00")),
        urgency=0.4, crew=(15, 45, 40), materials_rate=0.15, equipment_rate=0.55,
    ),
    CategorySpec(
        "SIGNAL", "Signalisation", ("SIGNAL", "VOIRIE"), ("VOIRIE",), 0.03, ROADS, 2.5, ("615231",),
        (
            ("Panneau stop tordu", "Panneau redressé et refixé"),
            ("Marquage du passage piéton effacé", "Passage piéton repeint"),
            ("Panneau de rue manquant", "Plaque de rue posée"),
            ("Signalisation temporaire pour travaux", "Panneaux posés puis déposés"),
        ),
        (("Panneau de signalisation arraché au carrefour", "Panneau reposé sur nouveau support"),),
        (
            ("Panneau de police", "u", "45.00", "120.00"),
            ("Peinture routière", "L", "9.00", "16.00"),
            ("Support galvanisé", "u", "25.00", "48.00"),
        ),
        urgency=1.2, crew=(35, 55, 10), outdoor=True, materials_rate=0.7,
    ),
    CategorySpec(
        "ECLPUB", "Éclairage public", ("ECLAIR", "ELEC"), ("ECL",), 0.04, LIGHTING, 2.0, ("615231", "6068"),
        (
            ("Lampadaire éteint", "Lanterne remplacée par une lanterne LED"),
            ("Rue entière dans le noir", "Fusible de l'armoire remplacé"),
            ("Candélabre qui clignote", "Ballast remplacé"),
            ("Horloge de l'éclairage déréglée", "Horloge astronomique reprogrammée"),
            ("Illuminations de fin d'année", "Motifs posés et raccordés"),
        ),
        (("Candélabre accidenté", "Candélabre déposé, câbles isolés"),),
        (
            ("Lanterne LED", "u", "280.00", "520.00"),
            ("Ballast électronique", "u", "35.00", "70.00"),
            ("Fusible et cartouche", "u", "3.00", "8.00"),
        ),
        equipment=(("Nacelle 12 m", "h", "48.00"),),
        urgency=1.2, crew=(30, 65, 5), outdoor=True, materials_rate=0.6, equipment_rate=0.75,
    ),
    CategorySpec(
        "MECA", "Mécanique et véhicules", ("MECA",), ("GARAGE", "LOGIST", "MUTUAL"), 0.02, FLAT, 3.5,
        ("61551", "6068"),
        (
            ("Véhicule de service à réviser", "Vidange, filtres et contrôle effectués"),
            ("Voyant moteur allumé", "Capteur remplacé après diagnostic"),
            ("Pneu crevé", "Pneu remplacé"),
            ("Freins qui grincent", "Plaquettes remplacées"),
        ),
        (),
        (
            ("Huile moteur 5 L", "u", "28.00", "45.00"),
            ("Filtre à huile", "u", "9.00", "18.00"),
            ("Plaquettes de frein", "jeu", "35.00", "70.00"),
            ("Pneu", "u", "75.00", "140.00"),
        ),
        crew=(90, 10, 0), materials_rate=0.85,
    ),
    CategorySpec(
        "CIMET", "Cimetières", ("FOSSOY", "JARDIN", "POLY"), ("CIMET", "ST"), 0.01, CEMETERY, 4.0, ("61521",),
        (
            ("Allées du cimetière à désherber", "Allées désherbées"),
            ("Robinet du cimetière qui fuit", "Robinet remplacé"),
            ("Préparation de la Toussaint", "Allées nettoyées, corbeilles vidées"),
        ),
        (),
        (("Robinet de puisage", "u", "15.00", "32.00"),),
        crew=(40, 50, 10), outdoor=True, materials_rate=0.2,
    ),
    CategorySpec(
        "AIRJEUX", "Aires de jeux et mobilier urbain", ("SERRUR", "SOUDEUR", "POLY"), ("MOBURB",), 0.02,
        PLAYGROUNDS, 2.5, ("61521", "615231"),
        (
            ("Balançoire abîmée", "Chaînes et siège remplacés"),
            ("Banc cassé", "Lattes du banc remplacées"),
            ("Sol amortissant arraché", "Dalles amortissantes recollées"),
            ("Toboggan à vérifier", "Toboggan contrôlé, visserie resserrée"),
        ),
        (("Jeu dangereux sur l'aire de jeux", "Jeu condamné puis réparé"),),
        (
            ("Siège de balançoire", "u", "45.00", "90.00"),
            ("Lattes de banc", "u", "14.00", "30.00"),
            ("Dalles amortissantes", "m²", "55.00", "95.00"),
        ),
        urgency=1.3, crew=(45, 45, 10), outdoor=True, materials_rate=0.8,
    ),
    CategorySpec(
        "SPORT", "Équipements sportifs", ("POLY", "JARDIN"), ("SPORTEQ",), 0.025, FLAT, 3.5, ("61521", "615221"),
        (
            ("Filet de but déchiré", "Filet remplacé"),
            ("Traçage du terrain", "Terrain tracé"),
            ("Panier de basket à refixer", "Panier refixé et contrôlé"),
            ("Vestiaires à remettre en état", "Vestiaires remis en état"),
        ),
        (),
        (("Filet de but", "u", "85.00", "160.00"), ("Peinture de traçage", "L", "6.00", "11.00")),
        crew=(40, 50, 10), materials_rate=0.6,
    ),
    CategorySpec(
        "EAU", "Eau potable", ("FONTAIN", "PLOMB"), ("EAU",), 0.4, ROADS, 4.0,
        ("615231", "6068"),
        (
            ("Compteur d'eau à remplacer", "Compteur remplacé, index relevé"),
            ("Baisse de pression dans la rue", "Vanne de sectionnement manœuvrée, pression rétablie"),
            ("Bouche à clé à remettre à niveau", "Bouche à clé remise à niveau"),
        ),
        (("Fuite sur la canalisation", "Collier de réparation posé sur la conduite"),),
        (("Collier de réparation", "u", "45.00", "120.00"), ("Compteur d'eau", "u", "38.00", "65.00")),
        equipment=(("Mini-pelle", "h", "45.00"),),
        urgency=1.3, crew=(25, 60, 15), outdoor=True, materials_rate=0.8, equipment_rate=0.4,
    ),
    CategorySpec(
        "ASSAIN", "Assainissement", ("EGOUT",), ("EAU",), 0.25, FLAT, 3.0, ("615231",),
        (
            ("Égout bouché", "Canalisation hydrocurée"),
            ("Odeurs d'égout dans la rue", "Regard curé, siphon remis en eau"),
            ("Poste de relevage en alarme", "Pompe débouchée et remise en service"),
        ),
        (("Débordement du réseau d'eaux usées", "Réseau hydrocuré, voirie nettoyée"),),
        (),
        equipment=(("Hydrocureuse", "h", "85.00"),),
        urgency=1.3, crew=(20, 70, 10), outdoor=True, materials_rate=0, equipment_rate=0.6,
    ),
    CategorySpec(
        "DECHETS", "Collecte des déchets", ("RIPEUR", "CHAUFPL"), ("DECHETS",), 0.2, CLEANING, 2.0, ("6068",),
        (
            ("Bac non collecté", "Bac collecté lors d'un passage de rattrapage"),
            ("Bac cassé à remplacer", "Bac remplacé"),
            ("Point d'apport volontaire plein", "Colonne vidée"),
        ),
        (),
        (("Bac roulant 240 L", "u", "38.00", "55.00"),),
        crew=(40, 55, 5), outdoor=True, materials_rate=0.3,
    ),
)  # fmt: skip

CATEGORY_SPECS = {spec.code: spec for spec in CATEGORIES}

# Requesting departments that usually ask for each family of work (weights); others ask rarely.
BUILDING_USERS = {
    "ECOLES": 30, "ECOLE": 30, "RESTO": 6, "PENF": 8, "SPORTS": 10, "CULTURE": 6, "MEDIA": 4, "CONSERV": 3,
    "MUSEE": 2, "CCAS": 4, "DGS": 8, "MAIRIE": 15, "JEUNESSE": 4, "ASSO": 4, "POLICE": 2, "ETATCIV": 2,
    "ARCHIVES": 1, "AQUA": 30, "ECO": 6,
}  # fmt: skip
PUBLIC_SPACE_USERS = {
    "DGS": 30, "MAIRIE": 30, "POLICE": 20, "URBA": 8, "DDURABLE": 10, "MARCHES": 6, "ECOLES": 6, "ECOLE": 4,
    "SPORTS": 6, "CABINET": 4, "ECO": 10,
}  # fmt: skip
AFFINITY = {
    "building": BUILDING_USERS,
    "public_space": PUBLIC_SPACE_USERS,
    "LOGIST": {
        "EVENTS": 25, "CULTURE": 15, "ASSO": 15, "CABINET": 8, "SPORTS": 8, "ECOLES": 10, "ETATCIV": 5, "DGS": 5,
        "JEUNESSE": 5, "MAIRIE": 20, "ECOLE": 5, "COM": 3, "ECO": 5,
    },
    "MECA": {"POLICE": 25, "CCAS": 15, "RESTO": 10, "JEUNESSE": 10, "DGS": 20, "MAIRIE": 10, "AQUA": 5},
    "CIMET": {"ETATCIV": 60, "DGS": 30, "MAIRIE": 60},
    "AIRJEUX": {"PENF": 20, "ECOLES": 20, "JEUNESSE": 15, "DGS": 25, "DDURABLE": 10},
    "SPORT": {"SPORTS": 90, "ECOLES": 10},
    "EV": {"DGS": 25, "ECOLES": 20, "DDURABLE": 15, "SPORTS": 10, "PENF": 8, "MAIRIE": 25, "ECOLE": 5, "CCAS": 3},
    "agglo_networks": {"DGS": 85, "ECO": 15},
}  # fmt: skip
CATEGORY_AFFINITY = {
    "PLOMB": "building", "ELEC": "building", "PEINT": "building", "SERRUR": "building", "MENUIS": "building",
    "MACON": "building", "CHAUFF": "building", "EV": "EV", "ELAG": "public_space", "VOIRIE": "public_space",
    "PROPRE": "public_space", "LOGIST": "LOGIST", "SIGNAL": "public_space", "ECLPUB": "public_space",
    "MECA": "MECA", "CIMET": "CIMET", "AIRJEUX": "AIRJEUX", "SPORT": "SPORT", "EAU": "agglo_networks",
    "ASSAIN": "agglo_networks", "DECHETS": "agglo_networks",
}  # fmt: skip


@dataclass(frozen=True)
class BudgetNatureSpec:
    code: str  # M57 account (nature)
    name: str
    section: str  # "operating" or "capital"
    departments: tuple[str, ...] = ()  # requesting departments given a line; empty: all of them


BUDGET_NATURES = (
    BudgetNatureSpec("615221", "Entretien et réparations bâtiments publics", "operating"),
    BudgetNatureSpec(
        "615231", "Entretien et réparations voiries", "operating",
        ("DGS", "POLICE", "URBA", "MARCHES", "DDURABLE", "CABINET", "MAIRIE", "ECO"),
    ),
    BudgetNatureSpec(
        "61521", "Entretien et réparations terrains", "operating",
        ("SPORTS", "DDURABLE", "ECOLES", "ECOLE", "PENF", "JEUNESSE", "DGS", "MAIRIE", "ETATCIV", "ECO"),
    ),
    BudgetNatureSpec(
        "61551", "Entretien et réparations matériel roulant", "operating",
        ("POLICE", "CCAS", "RESTO", "JEUNESSE", "DGS", "MAIRIE"),
    ),
    BudgetNatureSpec("6068", "Autres matières et fournitures", "operating"),
    BudgetNatureSpec(
        "6232", "Fêtes et cérémonies", "operating",
        ("EVENTS", "CABINET", "CULTURE", "ASSO", "MAIRIE", "DGS", "ETATCIV", "COM", "ECO"),
    ),
    BudgetNatureSpec("2135", "Installations générales, agencements, aménagements des constructions", "capital"),
    BudgetNatureSpec("2152", "Installations de voirie", "capital", ("DGS", "URBA", "MAIRIE", "ECO")),
)  # fmt: skip
CAPITAL_FROM = Decimal("8000")  # estimates from this amount are charged to the capital budget


@dataclass(frozen=True)
class EventSpec:
    """A yearly event: its cost code, when it happens, how much logistics it needs, who asks."""

    stem: str
    name: str
    month: int
    day: int  # a fixed date, or with `weekday` the first such weekday from this day on
    days: int = 1
    size: int = 10  # relative number of requests
    departments: tuple[str, ...] = ("EVENTS", "CULTURE", "DGS", "MAIRIE")
    weekday: int | None = None  # 0 = Monday
    categories: tuple[tuple[str, int], ...] = (("LOGIST", 70), ("ELEC", 10), ("PROPRE", 10), ("SIGNAL", 10))
    organizations: tuple[str, ...] = ("town", "mid", "village")
    years: tuple[int, ...] = ()  # empty: every year


EVENTS = (
    EventSpec("VOEUX", "Cérémonie des vœux du maire", 1, 8, size=4, departments=("CABINET", "DGS", "MAIRIE"),
              weekday=4, organizations=("town", "mid")),
    EventSpec("CARNAVAL", "Carnaval des écoles", 3, 1, size=8, departments=("ECOLES", "EVENTS", "ECOLE"),
              weekday=5, organizations=("town", "mid")),
    EventSpec("MUNICIPALES", "Élections municipales", 3, 15, days=8, size=16, departments=("ETATCIV", "MAIRIE"),
              categories=(("LOGIST", 85), ("ELEC", 15)), years=(2026,)),
    EventSpec("EUROPEENNES", "Élections européennes", 6, 9, size=14, departments=("ETATCIV", "MAIRIE"),
              categories=(("LOGIST", 85), ("ELEC", 15)), years=(2024, 2029)),
    EventSpec("8MAI", "Commémoration du 8 mai 1945", 5, 8, size=4, departments=("CABINET", "DGS", "MAIRIE"),
              categories=(("LOGIST", 80), ("PROPRE", 20))),
    EventSpec("BROCANTE", "Brocante de printemps", 5, 10, size=8, departments=("ASSO", "MARCHES", "EVENTS"),
              weekday=6, categories=(("LOGIST", 60), ("PROPRE", 25), ("SIGNAL", 15)), organizations=("town", "mid")),
    EventSpec("MUSIQUE", "Fête de la musique", 6, 21, size=18, departments=("CULTURE", "EVENTS", "MAIRIE"),
              organizations=("town", "mid")),
    EventSpec("14JUIL", "Fête nationale du 14 juillet", 7, 13, days=2, size=30,
              departments=("EVENTS", "CABINET", "MAIRIE", "DGS")),
    EventSpec("FESTIVAL", "Festival d'été des Rives de Régie", 7, 18, days=3, size=16,
              departments=("CULTURE", "EVENTS"), weekday=4, organizations=("town",)),
    EventSpec("FETEVILLAGE", "Fête du village", 8, 15, days=2, size=10, departments=("MAIRIE",),
              organizations=("village",)),
    EventSpec("FORUM", "Forum des associations", 9, 1, size=12, departments=("ASSO", "SPORTS", "CULTURE"),
              weekday=5, organizations=("town", "mid")),
    EventSpec("PATRIMOINE", "Journées européennes du patrimoine", 9, 15, days=2, size=6,
              departments=("CULTURE", "MUSEE"), weekday=5, organizations=("town",)),
    EventSpec("FOULEES", "Foulées de Villeneuve", 10, 8, size=8, departments=("SPORTS",), weekday=6,
              categories=(("LOGIST", 60), ("SIGNAL", 30), ("PROPRE", 10)), organizations=("town",)),
    EventSpec("11NOV", "Commémoration du 11 novembre", 11, 11, size=4, departments=("CABINET", "DGS", "MAIRIE"),
              categories=(("LOGIST", 80), ("PROPRE", 20))),
    EventSpec("NOEL", "Marché de Noël", 12, 5, days=20, size=26, departments=("EVENTS", "MARCHES", "CULTURE"),
              categories=(("LOGIST", 55), ("ELEC", 20), ("ECLPUB", 20), ("PROPRE", 5)),
              organizations=("town", "mid")),
    EventSpec("SALON", "Salon des entreprises du Val de Régie", 10, 1, days=2, size=10, departments=("ECO",),
              weekday=3, categories=(("LOGIST", 80), ("ELEC", 20)), organizations=("agglo",)),
    EventSpec("NUITEAU", "Nuit de l'eau", 3, 20, size=5, departments=("AQUA",), weekday=5,
              categories=(("LOGIST", 70), ("PLOMB", 30)), organizations=("agglo",)),
)  # fmt: skip
EVENT_SHARE = {"town": 0.035, "mid": 0.03, "village": 0.06, "agglo": 0.01}  # of the requests


@dataclass(frozen=True)
class ProjectSpec:
    """A works project with a cost code, dated relative to the end of the history (days before today)."""

    stem: str
    name: str
    starts: int  # days before today
    ends: int  # days before today (negative: in the future)
    department: str
    categories: tuple[str, ...]
    organizations: tuple[str, ...] = ("town",)
    place: str = ""  # where the works are (empty: the requesting department's usual places)


PROJECTS = (
    ProjectSpec("GSJF", "Rénovation énergétique du groupe scolaire Jules-Ferry", 640, 250, "ECOLES",
                ("CHAUFF", "ELEC", "MENUIS", "PEINT"), place="École élémentaire Jules-Ferry"),
    ProjectSpec("ADAP", "Mise en accessibilité des bâtiments recevant du public (Ad'AP)", 700, -120, "DGS",
                ("MACON", "SERRUR", "MENUIS")),
    ProjectSpec("GYMJZ", "Réfection des vestiaires du gymnase Jean-Zay", 300, 120, "SPORTS",
                ("PLOMB", "ELEC", "PEINT", "MACON"), place="Gymnase Jean-Zay"),
    ProjectSpec("LED", "Passage de l'éclairage public en LED", 520, -200, "DGS", ("ECLPUB",)),
    ProjectSpec("CRECHE", "Extension de la crèche Les Petits Loups", 200, -90, "PENF",
                ("ELEC", "PLOMB", "PEINT", "MENUIS"), place="Crèche Les Petits Loups"),
    ProjectSpec("ECOLE", "Rénovation de la cour de l'école", 420, 330, "ECOLE", ("MACON", "EV"),
                ("village",)),
    ProjectSpec("MAIRIE", "Rénovation de la mairie", 380, 150, "DGS", ("ELEC", "PEINT", "MENUIS", "CHAUFF"),
                ("mid",), place="Hôtel de ville"),
    ProjectSpec("BASSIN", "Rénovation du bassin sportif du centre aquatique", 450, 200, "AQUA",
                ("PLOMB", "ELEC", "CHAUFF"), ("agglo",), place="Centre aquatique communautaire"),
)  # fmt: skip
PROJECT_SHARE = 0.3  # of the requests of a project's categories and department while it runs, at its place

# Places: buildings of each requesting department (the village and the mid-size town use the first ones).
PLACES = {
    "ECOLES": tuple(f"École élémentaire {name}" for name in SCHOOLS[:6])
    + tuple(f"École maternelle {name}" for name in SCHOOLS[6:]),
    "ECOLE": ("École communale",),
    "RESTO": ("Cuisine centrale", "Restaurant scolaire Jules-Ferry", "Restaurant scolaire Pasteur"),
    "PENF": ("Crèche Les Petits Loups", "Multi-accueil Pomme d'Api", "Relais petite enfance"),
    "SPORTS": ("Gymnase Jean-Zay", "Gymnase Pierre-de-Coubertin", "Stade Léo-Lagrange", "Dojo municipal",
               "Boulodrome", "Tennis couverts"),
    "CULTURE": ("Théâtre municipal", "Salle des fêtes", "Espace culturel La Grange"),
    "MEDIA": ("Médiathèque Louis-Aragon", "Bibliothèque des Tilleuls"),
    "CONSERV": ("Conservatoire municipal",),
    "MUSEE": ("Musée des Beaux-Arts",),
    "CCAS": ("Résidence autonomie Les Glycines", "Locaux du CCAS"),
    "JEUNESSE": ("Maison des jeunes", "Centre de loisirs Les Castors"),
    "ASSO": ("Maison des associations", "Salle polyvalente des Tilleuls"),
    "POLICE": ("Poste de police municipale",),
    "ARCHIVES": ("Archives municipales",),
    "ETATCIV": ("Hôtel de ville — état civil", "Cimetière de l'Est", "Cimetière du Centre"),
    "EVENTS": ("Place du Général-de-Gaulle", "Parc du Château", "Salle des fêtes"),
    "MARCHES": ("Halles du marché", "Place du Marché"),
    "DDURABLE": ("Jardins familiaux", "Parc du Château"),
    "MAIRIE": ("Mairie", "Salle des fêtes", "Église Saint-Martin", "Cimetière"),
    "AQUA": ("Centre aquatique communautaire",),
    "ECO": ("Pépinière d'entreprises", "Zone d'activités des Grands Champs"),
    "DGS": ("Hôtel de ville", "Centre administratif", "Centre technique municipal"),
}  # fmt: skip
DEFAULT_PLACES = ("Hôtel de ville", "Centre administratif")
ROOMS = (
    "", "", "", "sanitaires", "hall d'entrée", "bureau 12", "salle de réunion", "cuisine", "local ménage",
    "couloir du 1er étage", "vestiaires", "réserve", "salle 3", "préau", "cour",
)  # fmt: skip
STREET_NAMES = (
    "rue de la République", "avenue Jean-Jaurès", "boulevard Gambetta", "rue Victor-Hugo", "place du Marché",
    "rue des Écoles", "chemin des Vignes", "allée des Tilleuls", "rue du Moulin", "avenue de la Gare",
    "rue Pasteur", "quai de la Régie", "rue Nationale", "impasse des Lilas", "parc du Château",
    "square Jean-Moulin", "rue de l'Église", "route de Beaulieu", "rue des Acacias", "avenue de l'Europe",
    "parking de la Gare", "rue du Stade", "place du Général-de-Gaulle", "rue Jules-Ferry",
)  # fmt: skip
# A fictitious town centre (latitude, longitude) per organization, for the places put on the map.
CENTRES = {
    "town": (Decimal("47.8712"), Decimal("2.1864")),
    "mid": (Decimal("47.8235"), Decimal("2.2541")),
    "village": (Decimal("47.8960"), Decimal("2.3120")),
    "agglo": (Decimal("47.8712"), Decimal("2.1864")),
}

REQUEST_NOTES = (
    "", "", "", "Signalé par le gardien.", "Gêne pour les usagers.", "Déjà signalé oralement la semaine dernière.",
    "À faire de préférence pendant les vacances scolaires.", "Accès par la cour, clés à l'accueil.",
    "Merci de prévenir la direction avant de passer.", "Photo transmise par messagerie.",
)  # fmt: skip
URGENT_NOTE = "Risque pour la sécurité des usagers : zone balisée en attendant."
REJECTION_REASONS = (
    "Relève de l'entretien courant assuré par le gardien.",
    "Doublon d'une demande déjà en cours.",
    "Crédits insuffisants sur la ligne budgétaire cette année.",
    "Travaux à la charge du bailleur.",
    "Relève de la compétence de l'agglomération.",
    "Lieu imprécis : merci de refaire la demande en précisant la salle.",
    "Prévu dans le programme de travaux de l'an prochain.",
    "Demande de confort non prioritaire : à revoir en conseil de service.",
)
CANCELLATION_REASONS = (
    "Problème résolu entre-temps.",
    "Demande faite en double.",
    "Saisie par erreur.",
    "Manifestation annulée.",
    "Le besoin a changé : nouvelle demande à suivre.",
)
HOLD_REASONS = (
    "Attente de pièces commandées chez le fournisseur.",
    "Intempéries : intervention reportée.",
    "Accès au local impossible le jour prévu.",
    "Attente du passage du bureau de contrôle.",
)
NOT_FIXED_REPORTS = (
    "Diagnostic fait, pièce à commander : second passage à prévoir.",
    "Réparation provisoire, reprise définitive à programmer.",
    "Travaux plus importants que prévu : une deuxième intervention est nécessaire.",
)
SATISFACTION = ((5, 52), (4, 31), (3, 10), (2, 5), (1, 2))
SATISFACTION_COMMENTS = {
    5: ("Merci, intervention rapide et soignée.", "Parfait, merci à l'équipe.", "Très réactifs, merci !"),
    4: ("Bien, merci.", "Travail correct.", "Équipe sympathique et efficace."),
    3: ("Travail fait, mais chantier laissé un peu sale.", "Correct, sans plus."),
    2: ("Le problème est revenu deux jours après.", "Travail à reprendre en partie."),
    1: ("Toujours pas réglé correctement.", "Travail mal fait, à reprendre."),
}
LATE_COMMENTS = {  # when the work came after its target date
    4: ("Bien, mais un peu long à venir.",),
    3: ("Il a fallu relancer.", "Travail fait mais délai trop long."),
    2: ("Aucune information sur la date de passage.", "Délai beaucoup trop long."),
    1: ("Trois relances avant une intervention.",),
}
STREET_TYPES = ("rue ", "avenue ", "boulevard ", "chemin ", "allée ", "impasse ", "quai ", "route ")
