import pytest
from django.core.exceptions import ValidationError

from regie.core.exceptions import Conflict, Forbidden
from regie.core.permissions import Role
from regie.core.sharing import end_share, share_resource
from regie.people.factories import ContractorFactory, DepartmentFactory, TeamFactory
from regie.people.models import Contractor, Team

pytestmark = pytest.mark.django_db


def test_lend_a_team_then_end_the_share(org_a, org_b, admin_a):
    team = TeamFactory(organization=org_a, name="Élagage mutualisé")
    assert not Team.objects.for_org(org_b).filter(pk=team.pk).exists()
    share = share_resource(by=admin_a, organization=org_a, resource=team, target=org_b, rights="use", recharge_rate=100)
    assert Team.objects.for_org(org_b).filter(pk=team.pk).exists()
    assert not Team.objects.owned_by(org_b).filter(pk=team.pk).exists()  # visible, not theirs to change
    end_share(share, by=admin_a, reason="fin de la convention")
    assert not Team.objects.for_org(org_b).filter(pk=team.pk).exists()


def test_sharing_rules(org_a, org_b, admin_a, admin_b, make_member):
    contractor = ContractorFactory(organization=org_a)
    with pytest.raises(ValidationError):  # departments are not a shareable kind
        share_resource(by=admin_a, organization=org_a, resource=DepartmentFactory(organization=org_a), target=org_b)
    with pytest.raises(ValidationError):  # only the owner lends
        share_resource(by=admin_b, organization=org_b, resource=contractor, target=org_a)
    with pytest.raises(ValidationError):
        share_resource(by=admin_a, organization=org_a, resource=contractor, target=org_a)
    with pytest.raises(Forbidden):
        share_resource(by=make_member(org_a, Role.MANAGER), organization=org_a, resource=contractor, target=org_b)
    share_resource(by=admin_a, organization=org_a, resource=contractor, target=org_b)
    with pytest.raises(Conflict):
        share_resource(by=admin_a, organization=org_a, resource=contractor, target=org_b)
    assert Contractor.objects.for_org(org_b).count() == 1
