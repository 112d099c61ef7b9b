"""The demo's service catalogues: what residents may report in each organization, in French, each service mapped
to a category of the interventions module (a service is only offered where that category exists), some with
extra questions and the asset types residents may point at."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    kind: str
    choices: tuple = ()
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    group: str
    categories: tuple  # interventions category codes, the first the organization has
    description: str = ""
    keywords: str = ""
    asset_types: tuple = ()  # asset type codes of the demo registry
    questions: tuple = ()
    body: bool = False  # offered by the inter-municipal body for its members (serves_members)


YES_NO = (("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas"))

SERVICES = (
    Service("VOI", "Nid-de-poule / chaussée abîmée", "Voirie", ("VOIRIE",),
            "Trou, affaissement ou fissure de la chaussée ou du trottoir.", "nid de poule, trou, trottoir, chaussée",
            questions=(Question("taille", "Quelle taille fait le trou ?", "singlevaluelist",
                                (("petit", "Moins de 20 cm"), ("moyen", "20 à 50 cm"), ("grand", "Plus de 50 cm"))),)),
    Service("ECL", "Éclairage public en panne", "Éclairage", ("ECLPUB",),
            "Lampadaire éteint, qui clignote ou reste allumé le jour.", "lampadaire, lumière, éclairage",
            asset_types=("EP",), body=True,
            questions=(Question("clignote", "Le lampadaire clignote-t-il ?", "singlevaluelist", YES_NO, True),
                       Question("nombre", "Combien de lampadaires sont concernés ?", "number"))),
    Service("PROP", "Propreté / dépôt sauvage", "Propreté", ("PROPRE",),
            "Déchets abandonnés, encombrants, dépôt sauvage.", "dépôt sauvage, encombrant, déchets",
            questions=(Question("volume", "Quel volume environ ?", "singlevaluelist",
                                (("sac", "Quelques sacs"), ("encombrant", "Un encombrant"),
                                 ("camion", "De quoi remplir une camionnette")), True),)),
    Service("TAG", "Graffiti / tag", "Propreté", ("PEINT", "PROPRE"),
            "Inscription ou dessin sur un mur, un mobilier ou un bâtiment public.", "tag, graffiti",
            questions=(Question("support", "Sur quoi se trouve-t-il ?", "singlevaluelist",
                                (("batiment", "Bâtiment public"), ("mobilier", "Mobilier urbain"),
                                 ("prive", "Façade privée visible de la rue"))),
                       Question("injurieux", "Le contenu est-il injurieux ?", "singlevaluelist", YES_NO))),
    Service("EV", "Espaces verts", "Espaces verts", ("EV",),
            "Pelouse, massif, arbre ou haie à entretenir.", "arbre, pelouse, haie, branche",
            asset_types=("EV", "ARB")),
    Service("MOB", "Mobilier urbain (bancs, corbeilles…)", "Voirie", ("AIRJEUX", "SERRUR"),
            "Banc cassé, corbeille pleine ou arrachée, potelet tordu.", "banc, corbeille, potelet"),
    Service("SIG", "Signalisation", "Voirie", ("SIGNAL", "VOIRIE"),
            "Panneau tombé, masqué ou illisible, marquage effacé.", "panneau, feu, marquage",
            asset_types=("PANN", "MARQ")),
    Service("AJ", "Aire de jeux", "Espaces verts", ("AIRJEUX",),
            "Jeu cassé ou dangereux, sol amortissant abîmé.", "jeu, toboggan, balançoire",
            asset_types=("AJ", "JEU"),
            questions=(Question("danger", "Y a-t-il un danger immédiat pour les enfants ?", "singlevaluelist",
                                YES_NO, True),)),
    Service("DEC", "Collecte des déchets", "Déchets", ("DECHETS",),
            "Bac non collecté, bac cassé, point d'apport volontaire plein.", "poubelle, bac, collecte, tri",
            body=True, questions=(Question("bac", "Quel bac ?", "multivaluelist",
                                           (("om", "Ordures ménagères"), ("tri", "Tri sélectif"),
                                            ("verre", "Verre"))),)),
    Service("EAU", "Eau potable / fuite", "Eau", ("EAU",),
            "Fuite sur la voie publique, bouche à clé, borne fontaine.", "fuite, eau", body=True),
)  # fmt: skip

# public updates staff post, by public status
UPDATES = {
    "planned": ("Intervention programmée par nos équipes.", "Le nécessaire sera fait dans les prochains jours."),
    "in_progress": ("Nos équipes sont sur place.", "Travaux en cours."),
    "fixed": ("C'est réparé, merci pour votre signalement !", "Intervention terminée."),
    "closed": ("Signalement clos : la situation est revenue à la normale.",),
    "rejected": ("Ce lieu ne relève pas de la commune.", "Signalement en double d'une intervention déjà prévue."),
}
DESCRIPTIONS = {
    "VOI": ("Gros trou devant le n° {n}, dangereux pour les vélos.", "Chaussée affaissée près du passage piéton."),
    "ECL": ("Le lampadaire est éteint depuis plusieurs soirs.", "Lampadaire qui clignote toute la nuit."),
    "PROP": ("Dépôt de cartons et d'un matelas au pied des conteneurs.", "Sacs d'ordures abandonnés sur le trottoir."),
    "TAG": ("Tag sur le mur de l'école.", "Graffiti sur l'abribus."),
    "EV": ("Branche cassée qui pend au-dessus du trottoir.", "Haie qui déborde et masque la visibilité."),
    "MOB": ("Banc cassé, une latte manque.", "Corbeille arrachée."),
    "SIG": ("Panneau stop tombé au carrefour.", "Marquage du passage piéton effacé."),
    "AJ": ("Le toboggan a une planche fendue.", "Balançoire dont la chaîne est abîmée."),
    "DEC": ("Le bac jaune n'a pas été collecté cette semaine.", "Point d'apport verre plein, bouteilles au sol."),
    "EAU": ("Fuite d'eau sur le trottoir depuis ce matin.", "Bouche à clé qui fuit."),
}


@dataclass
class Built:
    """One organization's built catalogue: code → (ServiceCategory, Service spec)."""

    services: dict = field(default_factory=dict)
