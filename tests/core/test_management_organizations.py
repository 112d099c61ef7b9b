"""The `--organization` option of the per-organization commands."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regie.core.factories import OrganizationFactory
from regie.core.management.organizations import selected_organizations
from regie.core.models import Organization

pytestmark = pytest.mark.django_db


def test_by_slug_by_id_or_all():
    a, b = OrganizationFactory(slug="aa"), OrganizationFactory(slug="bb")
    assert list(selected_organizations("bb")) == [b]
    assert list(selected_organizations(str(a.pk))) == [a]
    assert list(selected_organizations(None)) == [a, b]
    assert list(selected_organizations("", Organization.objects.filter(pk=b.pk))) == [b]


def test_an_unknown_organization_is_an_error():
    with pytest.raises(CommandError):
        selected_organizations("nowhere")


@pytest.mark.parametrize("option", ["--org", "--organization"])
def test_the_seed_commands_take_both_spellings(option, capsys):
    org = OrganizationFactory(slug="seeded")
    call_command("seed_species", option, org.slug)
    assert "seeded" not in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("seed_inspection_catalogue", option, "nowhere")
