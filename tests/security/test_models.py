"""Every model is mapped (InvenTree's ruleset test): each model of the project's apps is reached through a
tenant manager and guarded by a `<resource>.view` action of the matrix, or is listed with its reason."""

import pytest
from django.apps import apps

from regie.core.permissions import MATRIX

from .resources import CHILD_MODELS, EXEMPT_MODELS, RESOURCE_OF, SCOPED_OTHERWISE, resource_of

PROJECT_MODELS = [m for m in apps.get_models() if m.__module__.startswith("regie.")]


def test_project_models_are_found():
    labels = {m._meta.label for m in PROJECT_MODELS}
    assert {"core.Organization", "core.Membership", "people.Agent", "core.AuditEvent"} <= labels


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_model_is_mapped(model):
    label = model._meta.label
    if label in EXEMPT_MODELS:
        assert EXEMPT_MODELS[label].strip(), f"{label}: give the reason of the exemption"
        return
    resource = resource_of(model)
    assert f"{resource}.view" in MATRIX, (
        f"{label}: no '{resource}.view' action in regie.core.permissions.MATRIX "
        "(add it, or map the model to its resource in tests/security/resources.py)"
    )
    if label in SCOPED_OTHERWISE:
        return
    if label in CHILD_MODELS:
        parent = apps.get_model(CHILD_MODELS[label])
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is parent]
        assert links and not any(f.null for f in links), f"{label}: every row must belong to a {parent.__name__}"
        assert hasattr(parent._default_manager, "for_org"), f"{label}: its parent {parent.__name__} is not scoped"
        return
    assert hasattr(model._default_manager, "for_org"), (
        f"{label}: its default manager has no for_org(organization): inherit regie.core.models.TenantModel "
        "(or use TenantManager)"
    )
    organization = model._meta.get_field("organization")
    assert organization.is_relation and not organization.null, f"{label}: organization must be a required key"


def test_mapping_names_existing_models():
    labels = {m._meta.label for m in PROJECT_MODELS}
    for table in (RESOURCE_OF, CHILD_MODELS, SCOPED_OTHERWISE, EXEMPT_MODELS):
        stale = set(table) - labels
        assert not stale, f"tests/security/resources.py names models that no longer exist: {sorted(stale)}"
    assert not set(EXEMPT_MODELS) & (set(RESOURCE_OF) | set(CHILD_MODELS) | set(SCOPED_OTHERWISE))


def test_for_org_scopes_rows(world):
    """The managers the mapping relies on do scope: A's rows never come back for B (every tenant model)."""
    from .conftest import project_models

    for model in project_models():
        if not hasattr(model._default_manager, "for_org") or model not in world.a:
            continue
        a_ids = {obj.pk for obj in world.a_objects(model)}
        seen = set(model._default_manager.for_org(world.org_b).values_list("pk", flat=True))
        assert not a_ids & seen, f"{model.__name__}.objects.for_org(B) returns organization A's rows"
        assert a_ids <= set(model._default_manager.for_org(world.org_a).values_list("pk", flat=True))


pytestmark = pytest.mark.django_db
