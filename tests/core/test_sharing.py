import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from regie.assets.factories import AssetFactory
from regie.assets.models import Asset
from regie.core.exceptions import Conflict, Forbidden
from regie.core.models import Share, shared_ids
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


def test_what_is_shared_is_read_once_per_request_and_forgotten_when_a_share_is_written(
    org_a, org_b, admin_a, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    from regie.core.context import request_memo

    ContentType.objects.get_for_model(Team)  # cached by Django for the process
    team = TeamFactory(organization=org_a, name="Élagage mutualisé")
    TeamFactory(organization=org_b, name="Voirie")
    with request_memo():
        with django_assert_num_queries(3):  # the shared ids once, then each query alone
            assert list(Team.objects.for_org(org_b).values_list("name", flat=True)) == ["Voirie"]
            assert Team.objects.for_org(org_b).count() == 1
        share_resource(by=admin_a, organization=org_a, resource=team, target=org_b)
        assert Team.objects.for_org(org_b).count() == 2  # the share's save forgot what the request had read
    with django_assert_num_queries(2):  # outside a request: the shared ids each time
        Team.objects.for_org(org_b).count()


def test_a_request_whose_organization_receives_no_share_reads_no_shares(
    org_a, org_b, admin_a, admin_b, django_assert_num_queries
):
    """The memberships' query says whether any active share targets the organization (whatever its dates and
    model): without one, `for_org` queries no shares in the request; a share written in it, or one in force for
    another model, and the shares are read again."""
    from django.contrib.contenttypes.models import ContentType
    from django.test import RequestFactory

    from regie.core import tenancy
    from regie.core.context import request_memo

    for model in (Team, Contractor, Asset):
        ContentType.objects.get_for_model(model)
    team = TeamFactory(organization=org_a, name="Élagage mutualisé")
    TeamFactory(organization=org_b, name="Voirie")

    def resolved():
        request = RequestFactory().get("/")
        request.session = {}
        tenancy.resolve(request, admin_b)
        return request

    with request_memo():
        with django_assert_num_queries(1):  # the memberships, saying that nothing is shared with org_b
            request = resolved()
        assert request.membership.receives_shares is False
        with django_assert_num_queries(3):  # no shares' query for any shareable model
            assert Team.objects.for_org(org_b).count() == 1
            assert Contractor.objects.for_org(org_b).count() == 0
            assert Asset.objects.for_org(org_b).count() == 0
        share_resource(by=admin_a, organization=org_a, resource=team, target=org_b)
        assert Team.objects.for_org(org_b).count() == 2  # the share's save forgot the fact
    later = timezone.localdate() + datetime.timedelta(days=30)
    Share.objects.filter(object_id=team.pk).update(starts_on=later)  # not in force yet: still a share received
    with request_memo():
        assert resolved().membership.receives_shares is True
        with django_assert_num_queries(2):  # so the shares are read (none in force) then the teams
            assert Team.objects.for_org(org_b).count() == 1


def test_many_shared_rows_are_read_by_subquery(org_a, org_b, admin_a, monkeypatch):
    from regie.core import models as core_models

    teams = [TeamFactory(organization=org_a) for _ in range(3)]
    for team in teams:
        share_resource(by=admin_a, organization=org_a, resource=team, target=org_b)
    monkeypatch.setattr(core_models, "SHARED_INLINE", 2)
    visible = Team.objects.for_org(org_b)
    assert "IN (SELECT" in str(visible.query).replace('"', "")
    assert set(visible.values_list("pk", flat=True)) == {t.pk for t in teams}
    monkeypatch.setattr(core_models, "SHARED_INLINE", 3)
    assert "IN (SELECT" not in str(Team.objects.for_org(org_b).query)
    assert set(Team.objects.for_org(org_b).values_list("pk", flat=True)) == {t.pk for t in teams}


def test_what_an_organization_sees_through_shares_is_one_rule(org_a, org_b, admin_a):
    """`shared_ids` (shares in force today: started, not ended, not archived) is what for_org adds to the rows an
    organization owns, and what the map counts apart as shared."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    periods = {
        "open": (None, None),
        "ends today": (today - 30 * day, today),
        "starts today": (today, None),
        "not yet": (today + day, None),
        "ended": (None, today - day),
        "withdrawn": (None, None),
    }
    lent = {}
    for name, (starts_on, ends_on) in periods.items():
        asset = AssetFactory(organization=org_a, name=name)
        share = share_resource(
            by=admin_a, organization=org_a, resource=asset, target=org_b, starts_on=starts_on, ends_on=ends_on
        )
        lent[name] = (asset, share)
    end_share(lent["withdrawn"][1], by=admin_a)
    AssetFactory(organization=org_a, name="never lent")
    in_force = {lent[name][0].pk for name in ("open", "ends today", "starts today")}
    assert set(shared_ids(org_b, Asset).values_list("object_id", flat=True)) == in_force
    assert set(Asset.objects.for_org(org_b).values_list("pk", flat=True)) == in_force
    assert {share.object_id for share in Share.objects.in_force(today + day)} == {
        lent[name][0].pk for name in ("open", "starts today", "not yet")
    }
    assert not shared_ids(org_a, Asset).exists()  # the lender sees its own rows, not through shares
