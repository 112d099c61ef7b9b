"""The site contact of a work order: whom to call on the spot — the requester of the work order's request.

One rule (`may_see_site_contact`) for the work order's page and its API answer: the staff who see requests, and
the contractor the work order is given to (who sees no request, but must reach someone on site). Requesters see
no work orders at all.
"""

from dataclasses import dataclass

from regie.core.permissions import Role, membership_can


@dataclass(frozen=True)
class SiteContact:
    name: str
    phone: str
    email: str


def may_see_site_contact(work_order, membership) -> bool:
    if membership is None or not membership_can(membership, "workorder.view"):
        return False
    if membership.role == Role.CONTRACTOR:
        return work_order.contractor_id is not None and work_order.contractor_id == membership.contractor_id
    return membership_can(membership, "request.view")


def site_contact(work_order, membership):
    """The work order's `SiteContact` for `membership`, or None (no request, or not theirs to see)."""
    if work_order.request_id is None or not may_see_site_contact(work_order, membership):
        return None
    person = work_order.request.requester
    return SiteContact(name=str(person), phone=person.phone, email=person.email)
