"""The catalogues every app's demo steps share: the four organizations (their departments, the trades of
those departments by skill code, their workforce sizes, the town's school groups) and the people's names.
The apps' own catalogues are in their `demo` packages (skills and companies in `regie.people.demo.data`).

Fixed lists rather than Faker's, so the demo stays the same across library upgrades: a given seed
always gives the same people. Organizations and places are fictitious (département 45, `.example`
e-mail domains, ARCEP's fiction telephone ranges).
"""

from dataclasses import dataclass, field

TECHNICAL = "technical"
REQUESTING = "requesting"


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

# The people's names: agents, demo accounts and the people of the history alike.
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
