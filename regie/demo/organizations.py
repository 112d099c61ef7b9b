"""The runner's own step: the demo organizations, which every app's steps build on.

They are `core` records made from the shared specs (`data.ORGANIZATIONS`), which the runner needs anyway: a
demo is recognised by their slugs (`generator.is_built`) and deleted by them (`cleanup`). `core` cannot hold
this step (it imports no other app, the runner included), and an app would have to be named by every other
app's steps to come after it: so it stays here, the first step, the one `after=` of every app's first step.
"""

from regie.core.factories import OrganizationFactory, with_luhn_digit

from .generator import demo_step

AGGLOMERATION = "agglo"  # the key of the organization the member communes' `epci` points at


@demo_step("organizations")
def create_organizations(demo):
    agglomeration = None
    for key, org in demo.orgs.items():  # the agglomeration first (data.ORGANIZATIONS)
        spec = org.spec
        org.organization = OrganizationFactory.build(
            name=spec.name,
            slug=spec.slug,
            kind=spec.kind,
            siren=with_luhn_digit(spec.siren_base),
            insee_code=spec.insee_code,
            population=spec.population,
            address=spec.address,
            email=f"contact@{spec.domain}",
            epci=agglomeration,
        )
        demo.save([org.organization])
        if key == AGGLOMERATION:
            agglomeration = org.organization
