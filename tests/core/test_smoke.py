import pytest

from regie.core.validators import luhn_valid

pytestmark = pytest.mark.django_db


def test_home_shows_real_figures(org_a, admin_a, client_for):
    from regie.people.factories import AgentFactory, DepartmentFactory

    DepartmentFactory.create_batch(3, organization=org_a)
    AgentFactory.create_batch(2, organization=org_a)
    response = client_for(admin_a).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="departments">3<' in html
    assert 'data-figure="agents">2<' in html
    assert 'data-figure="open_requests">0<' in html


def test_siren_luhn():
    assert luhn_valid("732829320")
    assert not luhn_valid("732829321")
