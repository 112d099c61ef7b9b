"""Demo step of the citizen portal (`portal`, after the interventions history): each organization's portal
settings and service catalogue in French (`catalogue.SERVICES`, each service on an interventions category the
organization has; the agglomeration's waste, lighting and water for its member communes), extra questions, one
Open311 application key per organization whose clear key is derived from its slug (printed by `make demo`), and
residents' reports in every triage state and public status with their public updates (`reports`).
What the demo command prints of this app (`regie.demo.report`): `summary`, `notes`."""

from regie.assets.models import AssetType
from regie.core.models import Organization
from regie.demo import data as shared
from regie.demo.generator import demo_step
from regie.demo.report import server_url
from regie.interventions.demo import history  # noqa: F401  (registers the step this one comes after)

from ..models import ApplicationKey, CategoryQuestion, PortalSettings, Report, ServiceCategory
from ..models.keys import KEY_PREFIX_LENGTH, hash_key
from .catalogue import SERVICES
from .reports import create_reports

__all__ = ["create_portal", "demo_key", "notes", "summary"]


def demo_key(slug):
    """The demo's Open311 key of an organization: known in advance, so the demo can print it (never in production:
    real keys are random, `services.keys.create_key`)."""
    return f"demo-open311-{slug}"


@demo_step("portal", after="interventions_history")
def create_portal(demo):
    body_codes = set()
    for _key, org in sorted(demo.orgs.items(), key=lambda item: item[0] != "agglo"):  # the body first
        organization = org.organization
        is_body = organization.kind != Organization.Kind.COMMUNE
        ref = org.extra.get("interventions")
        categories = ref.categories if ref is not None else {}
        demo.save([PortalSettings(organization=organization, welcome=welcome(organization), contact=contact(org))])
        wanted = []
        for spec in SERVICES:
            if is_body != spec.body or (not is_body and spec.code in body_codes):
                continue  # the body offers its own to its communes; a commune does not repeat them
            category = next((categories[c] for c in spec.categories if c in categories), None)
            if category is not None:
                wanted.append((spec, category))
        if is_body:
            body_codes = {spec.code for spec, _category in wanted}
        services = demo.save([
            ServiceCategory(organization=organization, code=spec.code, name=spec.name, group=spec.group,
                            description=spec.description, keywords=spec.keywords, request_category=category,
                            serves_members=spec.body, position=10 * (n + 1))
            for n, (spec, category) in enumerate(wanted)
        ])  # fmt: skip
        types = {t.code: t for t in AssetType.objects.filter(organization=organization, archived_at__isnull=True)}
        pairs = zip(services, wanted, strict=True)
        demo.link(
            ServiceCategory.asset_types,
            [(s, [types[c] for c in spec.asset_types if c in types]) for s, (spec, _c) in pairs],
        )
        demo.save([
            CategoryQuestion(organization=organization, category=service, code=q.code, label=q.label, help=q.help,
                             kind=q.kind, required=q.required, position=n + 1,
                             choices=[{"key": k, "name": v} for k, v in q.choices])
            for service, (spec, _category) in zip(services, wanted, strict=True)
            for n, q in enumerate(spec.questions)
        ])  # fmt: skip
        clear = demo_key(organization.slug)
        application = ApplicationKey(organization=organization, name=f"Application mobile {organization.name}"[:200],
                                     contact_email=f"open311@{org.spec.domain}", prefix=clear[:KEY_PREFIX_LENGTH],
                                     key_hash=hash_key(clear), requests_per_hour=1000)  # fmt: skip
        demo.save([application])
        org.extra["portal"] = {"services": services, "key": application}
    create_reports(demo)


def welcome(organization):
    return (
        f"Signalez un problème sur l'espace public de {organization.name} : un nid-de-poule, un lampadaire en "
        "panne, un dépôt sauvage… Nos services techniques le traitent et vous tiennent informé."
    )


def contact(org):
    return f"Services techniques — {org.spec.address}"[:200]


def _demo_organizations():
    return Organization.objects.filter(slug__in=[spec.slug for spec in shared.ORGANIZATIONS]).order_by("pk")


def summary():
    lines = []
    for organization in _demo_organizations():
        reports = Report.objects.filter(received_by=organization).count()
        services = ServiceCategory.objects.filter(organization=organization, archived_at__isnull=True).count()
        if reports or services:
            lines.append(f"{organization.name}: {services} portal services, {reports} residents' reports received")
    return lines


def notes():
    """The Open311 base URL and each organization's demo application key (the `report` hook)."""
    organizations = [o for o in _demo_organizations() if ApplicationKey.objects.filter(organization=o).exists()]
    if not organizations:
        return []
    base = f"{server_url()}open311/v2/"
    lines = [f"Open311 GeoReport v2: {base} (discovery: {server_url()}open311/discovery.json)"]
    for organization in organizations:
        lines.append(
            f"  Open311 api_key of {organization.name} (jurisdiction_id={organization.slug}): "
            f"{demo_key(organization.slug)}"
        )
    return lines
