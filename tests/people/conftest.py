import pytest

from regie.core.permissions import Role


@pytest.fixture
def manager_a(org_a, make_member):
    return make_member(org_a, Role.MANAGER)
