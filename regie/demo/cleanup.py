"""Deleting the demo (`manage.py demo --reset`): every record of the demo organizations, then them, then
the demo users (any app's: found by their names and e-mail addresses, not asked of the apps).

Domain records are archived, never deleted, so most foreign keys are PROTECT: the records go model by
model, those that point at others first, each once nothing protects it any more. The models are found, not
listed: any model with a foreign key to `Organization` (later modules' too) is emptied of the demo
organizations' rows.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import SET_NULL, ProtectedError, Q, RestrictedError

from regie.core.models import Organization, User

from .data import ORGANIZATIONS
from .generator import demo_slugs


class DemoDeletionError(Exception):
    pass


def _organization_links(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is Organization and model is not Organization
    ]


def _points_at(model, other):
    """Whether rows of `model` keep rows of `other` from going (a link set to null on delete does not)."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return any(
        f.is_relation and f.related_model is other and getattr(f.remote_field, "on_delete", None) is not SET_NULL
        for f in fields
    )


def _dependency_order(models):
    """Models that point at others before those: a request before its category, a time entry before its agent.
    Deleting in this order, no delete meets a PROTECT (Django would first load every protected row to say so)."""
    remaining, ordered = list(models), []
    while remaining:
        ready = next(
            (m for m in remaining if not any(_points_at(o, m) for o in remaining if o is not m)),
            remaining[0],  # a cycle: the catalogue's order, the retries below sort it out
        )
        ordered.append(ready)
        remaining.remove(ready)
    return ordered


def _querysets(organization_ids):
    """Every row pointing at a demo organization, then the member communes, then the agglomeration."""
    querysets = []
    links = {m: _organization_links(m) for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    for model in _dependency_order([m for m, names in links.items() if names]):
        condition = Q()
        for name in links[model]:
            condition |= Q(**{f"{name}__in": organization_ids})
        querysets.append(model._base_manager.filter(condition).only("pk"))  # the collector needs the ids only
    organizations = Organization.objects.filter(pk__in=organization_ids)
    querysets += [organizations.filter(epci__isnull=False), organizations]
    return querysets


def _detach_trees(querysets):
    """Rows of a tree (a model pointing at itself, e.g. an asset's parent) would protect one another from their own
    delete: the links of the rows about to go are cleared first, one UPDATE per model."""
    for queryset in querysets:
        model = queryset.model
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is model and field.null:
                queryset.filter(**{f"{field.name}__isnull": False}).update(**{field.name: None})


def _delete_in_dependency_order(querysets):
    """Delete each queryset once nothing PROTECTs its rows; Django's collector checks before any SQL runs."""
    deleted, pending = {}, list(querysets)
    while pending:
        blocked = []
        for queryset in pending:
            try:
                _, per_model = queryset.delete()
            except (ProtectedError, RestrictedError) as error:
                blocked.append((queryset, error))
                continue
            for label, count in per_model.items():
                deleted[label] = deleted.get(label, 0) + count
        if len(blocked) == len(pending):
            queryset, error = blocked[0]
            raise DemoDeletionError(
                f"Cannot delete the demo's {queryset.model._meta.label} rows: other records still point at them "
                f"({', '.join(sorted({str(o) for o in list(error.args[1])[:5]}))})."
            ) from error
        pending = [queryset for queryset, _ in blocked]
    return deleted


def demo_users():
    """The users the demo steps create, whichever app's: the logins (`<role>.<login>`, e.g. `manager.villeneuve`)
    and the people of the history who cannot sign in (`<role>.<department>.<login>`) alike are named after
    their organization's login suffix and have an e-mail at its `.example` domain (reserved: no real address)."""
    condition = Q(pk__in=[])
    for spec in ORGANIZATIONS:
        condition |= Q(username__endswith=f".{spec.login}", email__endswith=f"@{spec.domain}")
    return User.objects.filter(condition)


@transaction.atomic
def delete_demo() -> dict[str, int]:
    """Delete the demo organizations, everything that belongs to them, and the demo users. Returns counts by model."""
    organization_ids = list(Organization.objects.filter(slug__in=demo_slugs()).values_list("pk", flat=True))
    querysets = _querysets(organization_ids) if organization_ids else []
    _detach_trees(querysets)
    deleted = _delete_in_dependency_order(querysets) if querysets else {}
    for label, count in _delete_in_dependency_order([demo_users()]).items():
        deleted[label] = deleted.get(label, 0) + count
    return {label: count for label, count in deleted.items() if count}
