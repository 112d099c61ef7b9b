"""Every model serializer builds its fields once per class (`regie.core.api.ModelSerializer`), and no two
instances share a field."""

import importlib
import pkgutil

import pytest
from rest_framework import serializers

import regie
from regie.core.api import ModelSerializer


def model_serializer_classes():
    for module in pkgutil.walk_packages(regie.__path__, "regie."):
        if ".migrations" in module.name or module.name.endswith(".demo") or ".demo." in module.name:
            continue
        try:
            loaded = importlib.import_module(module.name)
        except ImportError:
            continue
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.ModelSerializer)
                and value.__module__ == loaded.__name__
            ):
                yield value


def dotted(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


CLASSES = sorted({cls for cls in model_serializer_classes() if hasattr(cls, "Meta")}, key=dotted)


def test_the_walk_finds_the_serializers():
    assert len(CLASSES) > 20


@pytest.mark.parametrize("cls", CLASSES, ids=dotted)
def test_every_model_serializer_derives_from_the_cached_base(cls):
    assert issubclass(cls, ModelSerializer), f"{cls.__qualname__} derives from DRF's ModelSerializer directly"


@pytest.mark.parametrize("cls", CLASSES, ids=dotted)
def test_a_second_instance_has_the_same_fields_and_shares_none(cls):
    first, second = cls().get_fields(), cls().get_fields()
    assert list(first) == list(second)
    for name in first:
        a, b = first[name], second[name]
        assert type(a) is type(b), name
        assert a is not b, f"{name} is shared"
        assert sorted(a._kwargs) == sorted(b._kwargs), name
        child_a, child_b = getattr(a, "child_relation", None), getattr(b, "child_relation", None)
        assert child_a is None or child_a is not child_b, f"{name}'s child relation is shared"
        nested_a, nested_b = getattr(a, "child", None), getattr(b, "child", None)
        assert nested_a is None or nested_a is not nested_b, f"{name}'s nested serializer is shared"


@pytest.mark.django_db
def test_scoping_one_instance_leaves_the_next_to_its_own_organization(rf):
    """TenantSerializerMixin narrows the agents offered to the caller's organization on each instance's own field."""
    from regie.core.factories import OrganizationFactory
    from regie.interventions.api.work_orders import WorkOrderCreateSerializer
    from regie.people.factories import AgentFactory

    here, there = OrganizationFactory(), OrganizationFactory()
    ours, theirs = AgentFactory(organization=here), AgentFactory(organization=there)

    def offered(organization):
        request = rf.get("/")
        request.organization = organization
        serializer = WorkOrderCreateSerializer(context={"request": request})
        return set(serializer.fields["agents"].child_relation.queryset)

    assert offered(here) == {ours}
    assert offered(there) == {theirs}
    assert offered(here) == {ours}
