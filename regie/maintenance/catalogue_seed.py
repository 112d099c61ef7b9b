"""The catalogue of regulatory inspections an organization starts with: the usual French ones for public-access
buildings (ERP), lifts, playgrounds and sports equipment, hot water (legionella), asbestos and boilers.

Each entry says the source of its periodicity. Where the figure or its article is not certain, the entry (or the
rule) is flagged `to_be_confirmed`: the organization checks it against the texts in force and its own
prescriptions (the safety commission's report, the insurer) before relying on it. `seed_catalogue` adds what is
missing (by code) and never changes an entry the organization has already (idempotent): it runs for every new
organization, in the demo and from `manage.py seed_inspection_catalogue`. docs/maintenance-inspections.md lists the
catalogue with the same sources."""

from dataclasses import dataclass, field

from django.db import transaction

from regie.assets.models import AssetKind as K

from .models import InspectionType, PeriodicityRule, PeriodUnit
from .models import Performer as P

ERP_ALL = "JLMNOPRSTUVWXY"
GE4 = "Arrêté du 25 juin 1980, art. GE 4 (tableau des périodicités des visites de la commission de sécurité)"


@dataclass(frozen=True)
class Rule:
    erp_types: str
    erp_categories: str
    months: int | None  # None: not owed by these buildings
    source: str = GE4
    to_be_confirmed: bool = True


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    kind: str
    periodicity: int
    source: str
    legal_basis: str
    reference: str
    performer: str
    to_be_confirmed: bool = False
    unit: str = PeriodUnit.MONTHS
    type_codes: str = ""
    public_access_only: bool = False
    alert_days: int = 30
    notes: str = ""
    rules: tuple = field(default=())


CATALOGUE = (
    Entry(
        "ERP-CS", "Visite périodique de la commission de sécurité", K.BUILDING, 60,
        GE4 + " ; décret n° 95-260 du 8 mars 1995 (commissions consultatives départementales)",
        "Règlement de sécurité contre les risques d'incendie et de panique dans les ERP",
        "CCH art. R. 143-34 s. (ex-R. 123-48) ; arrêté du 25 juin 1980, art. GE 4",
        P.SAFETY_COMMISSION, to_be_confirmed=True, public_access_only=True, alert_days=90,
        notes="La périodicité dépend du type et de la catégorie : voir les règles. Les ERP de 5e catégorie sans locaux "
        "à sommeil n'ont pas de visite périodique (visite à la demande du maire).",
        rules=(
            Rule("JOU", "1234", 24),
            Rule("JOU", "5", 60),
            Rule("MSW", "12", 36),
            Rule("MSW", "34", 60),
            Rule("LNPRTVXY", "1234", 36),
            Rule(ERP_ALL, "5", None),
        ),
    ),
    Entry(
        "ERP-ELEC", "Vérification des installations électriques", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. EL 19 (vérification annuelle) ; PE 4 pour la 5e catégorie",
        "Règlement de sécurité ERP, installations électriques", "Arrêté du 25 juin 1980, art. EL 19 et PE 4",
        P.APPROVED_OR_COMPETENT, public_access_only=True,
    ),
    Entry(
        "ERP-ECL", "Vérification de l'éclairage de sécurité", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. EC 15 et EL 19 (vérification annuelle, avec celle des installations électriques)",
        "Règlement de sécurité ERP, éclairage de sécurité", "Arrêté du 25 juin 1980, art. EC 15",
        P.APPROVED_OR_COMPETENT, public_access_only=True,
        notes="Les essais mensuels de fonctionnement par l'exploitant (EC 14) sont tenus au registre de sécurité.",
    ),
    Entry(
        "ERP-SSI", "Vérification du système de sécurité incendie (SSI)", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. MS 73 § 1 (vérification annuelle par un technicien compétent)",
        "Règlement de sécurité ERP, moyens de secours", "Arrêté du 25 juin 1980, art. MS 68 et MS 73",
        P.COMPETENT_TECHNICIAN, public_access_only=True,
    ),
    Entry(
        "ERP-SSI3", "Vérification triennale du SSI de catégorie A ou B", K.BUILDING, 36,
        "Arrêté du 25 juin 1980, art. MS 73 § 2 (SSI de catégorie A ou B : tous les trois ans par un organisme agréé)",
        "Règlement de sécurité ERP, moyens de secours", "Arrêté du 25 juin 1980, art. MS 73",
        P.APPROVED_BODY, to_be_confirmed=True, public_access_only=True, alert_days=60,
        notes="Ne concerne que les bâtiments équipés d'un SSI de catégorie A ou B.",
    ),
    Entry(
        "ERP-DF", "Vérification du désenfumage", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. DF 10 (vérification annuelle)",
        "Règlement de sécurité ERP, désenfumage", "Arrêté du 25 juin 1980, art. DF 10",
        P.APPROVED_OR_COMPETENT, public_access_only=True,
    ),
    Entry(
        "ERP-EXT", "Vérification des extincteurs", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. MS 38 (vérification annuelle) ; règle APSAD R4, norme NF S 61-919",
        "Règlement de sécurité ERP, moyens d'extinction", "Arrêté du 25 juin 1980, art. MS 38",
        P.COMPETENT_TECHNICIAN, public_access_only=True,
    ),
    Entry(
        "ERP-GAZ", "Vérification des installations de gaz", K.BUILDING, 12,
        "Arrêté du 25 juin 1980, art. GZ 30 (vérification annuelle)",
        "Règlement de sécurité ERP, installations de gaz combustible", "Arrêté du 25 juin 1980, art. GZ 30",
        P.APPROVED_OR_COMPETENT, public_access_only=True,
        notes="Ne concerne que les bâtiments alimentés en gaz.",
    ),
    Entry(
        "ASC-ENT", "Visite d'entretien de l'ascenseur", K.EQUIPMENT, 6,
        "Code de la construction et de l'habitation (visite au moins toutes les six semaines ; ex-art. R. 125-2-1, "
        "recodifié en 2021)",
        "Entretien des ascenseurs (contrat d'entretien)", "CCH art. R. 134-2 s. (ex-R. 125-2-1)",
        P.COMPETENT_TECHNICIAN, to_be_confirmed=True, unit=PeriodUnit.WEEKS, type_codes="ASC", alert_days=7,
        notes="Périodicité de six semaines certaine ; la numérotation des articles depuis la recodification de 2021 "
        "est à confirmer.",
    ),
    Entry(
        "ASC-CT", "Contrôle technique quinquennal de l'ascenseur", K.EQUIPMENT, 60,
        "Code de la construction et de l'habitation (contrôle technique tous les cinq ans ; ex-art. R. 125-2-4, "
        "décret n° 2004-964 du 9 septembre 2004)",
        "Sécurité des ascenseurs", "CCH art. R. 134-6 s. (ex-R. 125-2-4)",
        P.APPROVED_OR_COMPETENT, to_be_confirmed=True, type_codes="ASC", alert_days=90,
        notes="Périodicité de cinq ans certaine ; la numérotation des articles depuis 2021 est à confirmer.",
    ),
    Entry(
        "AJ-INSP", "Inspection annuelle des équipements d'aire de jeux", K.PLAYGROUND, 12,
        "Norme NF EN 1176-7 (inspection annuelle principale recommandée) ; le décret n° 96-1136 du 18 décembre 1996 "
        "impose l'entretien et le contrôle sans fixer de périodicité",
        "Sécurité des aires collectives de jeux", "Décret n° 96-1136 du 18 décembre 1996 ; décret n° 94-699 du "
        "10 août 1994 (exigences de sécurité des équipements)",
        P.COMPETENT_TECHNICIAN, to_be_confirmed=True,
        notes="La norme recommande aussi des inspections visuelles de routine et opérationnelles (1 à 3 mois).",
    ),
    Entry(
        "SPORT-BUTS", "Vérification des buts et équipements sportifs", K.SPORTS_GROUND, 12,
        "Décret n° 96-495 du 4 juin 1996 (vérification régulière des buts de football, handball, hockey et basket) : "
        "périodicité annuelle retenue à défaut de chiffre dans le texte",
        "Sécurité des équipements sportifs (buts)", "Décret n° 96-495 du 4 juin 1996 ; norme NF EN 748",
        P.COMPETENT_TECHNICIAN, to_be_confirmed=True,
    ),
    Entry(
        "LEGIO", "Surveillance des légionelles (eau chaude sanitaire)", K.EQUIPMENT, 12,
        "Arrêté du 1er février 2010, art. 3 et annexe (campagne d'analyses au moins annuelle dans les ERP "
        "disposant de points d'usage à risque)",
        "Surveillance des légionelles dans les installations d'eau chaude sanitaire",
        "Arrêté du 1er février 2010 ; CSP art. R. 1321-23",
        P.APPROVED_BODY, type_codes="ECS",
        notes="Analyses par un laboratoire accrédité ; relevés de température tenus au fichier sanitaire.",
    ),
    Entry(
        "AMIANTE", "Dossier technique amiante : évaluation de l'état de conservation", K.BUILDING, 36,
        "Code de la santé publique, art. R. 1334-20 et R. 1334-27 (évaluation tous les trois ans des matériaux de la "
        "liste A en bon état) ; DTA : art. R. 1334-29-5",
        "Protection de la population contre l'amiante (DTA)", "CSP art. R. 1334-14 à R. 1334-29-9",
        P.APPROVED_BODY, to_be_confirmed=True, alert_days=60,
        notes="Concerne les immeubles dont le permis de construire est antérieur au 1er juillet 1997 ; le délai "
        "dépend du résultat de l'évaluation précédente.",
    ),
    Entry(
        "CHAUD", "Entretien annuel de la chaudière", K.EQUIPMENT, 12,
        "Décret n° 2009-649 du 9 juin 2009 (chaudières de 4 à 400 kW : entretien annuel), code de l'environnement "
        "art. R. 224-41-4 s.",
        "Entretien annuel des chaudières", "Code de l'environnement, art. R. 224-41-4 à R. 224-41-9",
        P.COMPETENT_TECHNICIAN, type_codes="CHAUD",
    ),
)  # fmt: skip


@transaction.atomic
def seed_catalogue(organization):
    """Add the catalogue's entries the organization does not have (by code, archived ones included): returns how
    many were added. An entry the organization edited or archived is left as it is."""
    existing = set(InspectionType.objects.filter(organization=organization).values_list("code", flat=True))
    added = []
    for entry in CATALOGUE:
        if entry.code in existing:
            continue
        added.append(
            (
                InspectionType(
                    organization=organization,
                    code=entry.code,
                    name=entry.name,
                    asset_kind=entry.kind,
                    asset_type_codes=entry.type_codes,
                    public_access_only=entry.public_access_only,
                    legal_basis=entry.legal_basis,
                    legal_reference=entry.reference,
                    periodicity=entry.periodicity,
                    periodicity_unit=entry.unit,
                    periodicity_source=entry.source,
                    performer=entry.performer,
                    to_be_confirmed=entry.to_be_confirmed,
                    alert_days=entry.alert_days,
                    notes=entry.notes,
                ),
                entry,
            )
        )
    types = InspectionType.objects.bulk_create([t for t, _entry in added])
    rules = [
        PeriodicityRule(
            organization=organization,
            inspection_type=inspection_type,
            position=position,
            erp_types=rule.erp_types,
            erp_categories=rule.erp_categories,
            months=rule.months,
            source=rule.source,
            to_be_confirmed=rule.to_be_confirmed,
        )
        for inspection_type, (_t, entry) in zip(types, added, strict=True)
        for position, rule in enumerate(entry.rules)
    ]
    PeriodicityRule.objects.bulk_create(rules)
    return len(types)
