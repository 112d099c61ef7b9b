"""The site contact of a work order — its request's requester — on its page and in its API answer: one rule
(`site_contact.may_see_site_contact`) for both. Staff who see requests see it; so does the contractor given the
work order (who sees no request); a contractor never reaches another company's work order at all."""

import pytest
from django.urls import reverse

from regie.core.permissions import Role
from regie.interventions.site_contact import may_see_site_contact
from regie.people.factories import ContractorFactory

from .test_views import approved_request, planned_work_order

pytestmark = pytest.mark.django_db
API = "/api/v1/work-orders/"
CONTACT = {"name": "Claire Martin", "phone": "06 12 34 56 78", "email": "claire.martin@montreuil.example"}


@pytest.fixture
def site(town, make_member):
    """A request by a requester who can be called, given to a contractor; another company's member."""
    town.requester.first_name, town.requester.last_name = "Claire", "Martin"
    town.requester.phone, town.requester.email = CONTACT["phone"], CONTACT["email"]
    town.requester.save()
    company = ContractorFactory(organization=town.org, name="Plomberie Martin")
    town.contractor = make_member(town.org, Role.CONTRACTOR, contractor=company)
    town.rival = make_member(town.org, Role.CONTRACTOR, contractor=ContractorFactory(organization=town.org))
    req = approved_request(town)
    return planned_work_order(town, request=req, execution="contractor", team=None, contractor=company)


def page(client_for, user, wo):
    return client_for(user).get(reverse("interventions:workorder-detail", args=[wo.pk]))


@pytest.mark.parametrize("role", ["contractor", "agent_user", "manager"])
def test_who_gives_the_work_sees_the_site_contact_on_page_and_api(town, site, client_for, api_for, role):
    user = getattr(town, role)
    html = page(client_for, user, site).content.decode()
    assert "data-site-contact" in html
    assert "Claire Martin" in html and 'href="tel:0612345678"' in html and f"mailto:{CONTACT['email']}" in html
    answer = api_for(user, town.org).get(f"{API}{site.pk}/")
    assert answer.status_code == 200 and answer.json()["site_contact"] == CONTACT


def test_a_contractor_sees_the_contact_but_not_the_request(town, site, client_for):
    html = page(client_for, town.contractor, site).content.decode()
    assert "data-site-contact" in html
    assert reverse("interventions:request-detail", args=[site.request_id]) not in html


def test_another_company_reaches_neither_page_nor_api(town, site, client_for, api_for):
    assert page(client_for, town.rival, site).status_code == 404
    assert api_for(town.rival, town.org).get(f"{API}{site.pk}/").status_code == 404
    membership = town.rival.memberships.get(organization=town.org)
    assert not may_see_site_contact(site, membership)  # the rule holds even on a work order reached otherwise


def test_no_request_no_site_contact(town, client_for, api_for):
    direct = planned_work_order(town)
    assert "data-site-contact" not in page(client_for, town.agent_user, direct).content.decode()
    assert api_for(town.agent_user, town.org).get(f"{API}{direct.pk}/").json()["site_contact"] is None


def test_the_rule_by_role(town, site, make_member):
    def rule(user):
        return may_see_site_contact(site, user.memberships.get(organization=town.org))

    assert rule(town.contractor) and rule(town.agent_user) and rule(town.manager) and rule(town.admin)
    assert not rule(town.rival) and not rule(town.requester)  # requesters see no work orders
    assert not may_see_site_contact(site, None)
