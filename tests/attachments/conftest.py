from tests.interventions.conftest import town  # noqa: F401  (the records that take files live in interventions)
