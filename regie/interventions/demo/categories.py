"""The kinds of work of the demo: trade, department, season, volumes, jobs, materials; who asks for them."""

from dataclasses import dataclass

from .data import CEMETERY, CLEANING, FLAT, GREEN, HEATING, LIGHTING, PLAYGROUNDS, ROADS, SCHOOL_WORKS, TREES


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
