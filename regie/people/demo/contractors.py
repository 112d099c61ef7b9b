"""Build steps of the companies each organization works with, and of what the agglomeration shares."""

from decimal import Decimal

from django.utils.text import slugify

from regie.core.factories import siret_for
from regie.core.models import Share
from regie.demo import data as shared
from regie.demo.generator import demo_step
from regie.people.factories import ContractorFactory, ShareFactory
from regie.people.models import Contractor

from . import data, workforce  # noqa: F401  (workforce registers the step the contractors come after)

SHARED_TRADE = "ELAG"  # the agglomeration's group-purchase company, lent to the communes, offers this trade


def _company_name(template, rng, taken):
    for _ in range(50):
        name = template.format(last=rng.choice(shared.LAST_NAMES))
        if name not in taken:
            taken.add(name)
            return name
    raise AssertionError("no free company name")


@demo_step("contractors", after="workforce")
def create_contractors(demo):
    taken, serial = set(), demo.rng("siret").randrange(1, 10**6)
    for key, org in demo.orgs.items():
        rng, spec = demo.rng("contractors", key), org.spec
        offers = [(t, [org.skills[c] for c in trades if c in org.skills]) for t, trades in data.CONTRACTORS]
        offers = [(t, skills) for t, skills in offers if skills]
        rng.shuffle(offers)
        offers.sort(key=lambda offer: key != "agglo" or SHARED_TRADE not in {s.code for s in offer[1]})
        wanted = demo.scaled(spec, spec.contractors)
        city = spec.address.rsplit(", ", 1)[-1]
        for index in range(wanted):
            template, skills = offers[index % len(offers)]
            name = _company_name(template, rng, taken)
            serial += 1
            contractor = ContractorFactory.build(
                organization=org.organization,
                name=name,
                siret=siret_for(serial, establishment=rng.choice((1, 1, 1, 2, 3))),
                email=f"contact@{slugify(name)}.example",
                phone=data.phone(rng),
                address=f"{rng.randrange(1, 90)} {rng.choice(data.STREETS)}, {city}",
            )
            contractor.trade_skills = skills
            org.contractors.append(contractor)
        demo.save(org.contractors)
        demo.link(Contractor.trades, [(c, c.trade_skills) for c in org.contractors])


@demo_step("shares", after="contractors")
def create_shares(demo):
    """Mutualisation: the agglomeration lends its tree-surgery team to the smaller communes (costs charged back)
    and lets every commune use the company of its group purchase (groupement de commandes)."""
    agglo = demo.orgs["agglo"]
    team = next(t for t in agglo.teams if t.department.code == "MUTUAL")
    contractor = agglo.contractors[0]
    shares = [
        ShareFactory.build(
            organization=agglo.organization,
            target=demo.orgs[key].organization,
            resource=team,
            rights=Share.Rights.USE,
            recharge_rate=Decimal(100),
        )
        for key in ("mid", "village")
    ]
    shares += [
        ShareFactory.build(
            organization=agglo.organization,
            target=org.organization,
            resource=contractor,
            rights=Share.Rights.USE,
            recharge_rate=Decimal(0),
        )
        for key, org in demo.orgs.items()
        if key != "agglo"
    ]
    demo.save(shares)
