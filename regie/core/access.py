"""Accessor functions: fetch a record *and* check the actor may act on it (404 for another tenant's)."""

from django.core.exceptions import ValidationError

from .exceptions import Forbidden, NotFound
from .permissions import can
from .tenancy import membership_for


def authorize(by, organization, action):
    """Raise Forbidden unless `by` holds, in `organization`, a role the matrix allows `action` for."""
    membership = membership_for(by, organization)
    if membership is None or not can(membership.role, action):
        raise Forbidden()
    return membership


def get_for_org(queryset_or_model, organization, pk, *, owned=False):
    """The record `pk` as `organization` sees it (own rows, plus shared ones unless `owned`), else NotFound."""
    qs = getattr(queryset_or_model, "objects", queryset_or_model)
    qs = qs.owned_by(organization) if owned else qs.for_org(organization)
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError, ValidationError, OverflowError):
        raise NotFound() from None
