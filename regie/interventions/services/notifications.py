"""Who the interventions app tells: the members holding some roles (the notifications themselves are sent by
`regie.notifications.services.notify`, with the kinds this app declares in `apps.py`)."""

from regie.core.models import Membership


def members_with_roles(organization, roles, department=None, exclude=None):
    qs = Membership.objects.active().filter(organization=organization, role__in=roles, user__is_active=True)
    if department is not None:
        qs = qs.filter(department=department)
    users = [m.user for m in qs.select_related("user")]
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def members_of_contractor(organization, contractor_id):
    """The active accounts of a contractor company in `organization` (none without a contractor)."""
    if contractor_id is None:
        return []
    qs = Membership.objects.active().filter(
        organization=organization, contractor_id=contractor_id, user__is_active=True
    )
    return [m.user for m in qs.select_related("user")]
