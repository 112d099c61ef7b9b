from tests.interventions.conftest import town  # noqa: F401 (the organization and its people, one per role)
