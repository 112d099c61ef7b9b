"""The people app's demo catalogues: skills and their loaded hourly costs, companies, streets, schedules.

The departments that employ these trades (by skill code) and the people's names are the shared specs of
`regie.demo.data`.
"""

from dataclasses import dataclass
from decimal import Decimal


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

# The streets of the companies' addresses, in the town of their organization.
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


# Part-time schedules (hours a week) and how often they occur; the rest work 35 hours.
PART_TIME = ((Decimal("28.0"), 5), (Decimal("31.5"), 4), (Decimal("24.5"), 2), (Decimal("17.5"), 1))
PART_TIME_SHARE = 0.12


def phone(rng, mobile=False):
    """A number from ARCEP's ranges reserved for fiction (Centre-Val de Loire; mobiles)."""
    prefix = "06 39 98" if mobile else "02 61 91"
    return f"{prefix} {rng.randrange(100):02d} {rng.randrange(100):02d}"
