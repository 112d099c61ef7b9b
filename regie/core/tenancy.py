"""The one tenant-isolation mechanism: which organization a request acts for, and as which role.

Web requests choose the organization with the switcher (kept in the session); API clients send the
`X-Organization` header (id or short name). Both default to the user's first membership. Everything
downstream reads `request.organization` and `request.membership`, and reaches data only through
`Model.objects.for_org(request.organization)` (see `views.TenantViewMixin` and `api.TenantViewSet`).
"""

from django.db.models import Exists, OuterRef

from .models import Membership, Share, nothing_shared_with
from .prepared import PreparedQuery

SESSION_KEY = "regie_organization_id"
HEADER = "HTTP_X_ORGANIZATION"


def _memberships_of(user_id):
    received = Share.objects.active().filter(target=OuterRef("organization_id"))
    return (
        Membership.objects.active()
        .filter(user_id=user_id, organization__archived_at__isnull=True)
        .select_related("organization", "department", "contractor")
        .annotate(receives_shares=Exists(received))
        .order_by("organization__name")
    )


_MEMBERSHIPS = PreparedQuery(_memberships_of, user_id=int)  # every signed-in request: compiled once per process


def memberships_of(user):
    """The user's active memberships (a list), each saying whether any active share targets its organization
    (`receives_shares`, whatever the share's dates and model: `for_org` skips its shares query without one)."""
    return _MEMBERSHIPS(user_id=user.pk)


def resolve(request, user):
    """Set request.organization / membership / memberships for `user`. Returns the membership or None.

    Resolved once per request and user: the API resolves again after its own authentication, which for a
    session is the middleware's user (the same object) and for a token another one.
    """
    if user is not None and getattr(request, "_tenancy_user", None) is user:
        return request.membership
    request._tenancy_user = user
    request.organization = request.membership = None
    request.memberships = []
    if user is None or not user.is_authenticated:
        return None
    memberships = list(memberships_of(user))
    request.memberships = memberships
    wanted = request.META.get(HEADER)
    if wanted is None and hasattr(request, "session"):
        wanted = request.session.get(SESSION_KEY)
    chosen = None
    if wanted is not None:
        wanted = str(wanted).strip()
        chosen = next((m for m in memberships if wanted in (str(m.organization_id), m.organization.slug)), None)
    if chosen is None and memberships and request.META.get(HEADER) is None:
        chosen = memberships[0]
    if chosen is not None:
        request.organization, request.membership = chosen.organization, chosen
        remember(user, chosen)
        if not chosen.receives_shares:
            nothing_shared_with(chosen.organization)
    return chosen


def member_users(organization, queryset=None):
    """Users with an active membership in `organization`: the only accounts its records may point to."""
    from django.contrib.auth import get_user_model

    queryset = get_user_model().objects.all() if queryset is None else queryset
    if organization is None:
        return queryset.none()
    return queryset.filter(pk__in=Membership.objects.active().filter(organization=organization).values("user_id"))


def remember(user, membership):
    """Cache the membership on the user so services can check the matrix without another query."""
    cache = user.__dict__.setdefault("_regie_memberships", {})
    cache[membership.organization_id] = membership


def membership_for(user, organization):
    if user is None or not getattr(user, "is_authenticated", False) or organization is None:
        return None
    cache = user.__dict__.setdefault("_regie_memberships", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Membership.objects.active()
            .filter(user=user, organization=organization)
            .select_related("department")
            .first()
        )
    return cache[organization.pk]


def switch(request, organization_id):
    """Make another of the user's organizations the current one (web). Returns False if not a member."""
    membership = next((m for m in request.memberships if str(m.organization_id) == str(organization_id)), None)
    if membership is None:
        return False
    request.session[SESSION_KEY] = membership.organization_id
    return True
