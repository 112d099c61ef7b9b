"""The catalogues the interventions demo draws from: volumes, seasons, workflows, budgets, events, projects,
places and the texts of requests and reports (the categories are in `categories`)."""

from dataclasses import dataclass
from decimal import Decimal

from regie.demo.data import SCHOOLS  # the town's school groups are departments of its organization

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
