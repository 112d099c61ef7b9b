"""The public status of a report: one mapping of the internal workflow, read by the tracking page, the public map,
Open311 and the e-mails. Residents never see internal states, comments or names."""

from regie.interventions.states import RequestState as S

from .models import PublicStatus as P
from .models import Triage

FROM_REQUEST = {
    S.DRAFT: P.RECEIVED,
    S.SUBMITTED: P.RECEIVED,
    S.VALIDATED: P.RECEIVED,
    S.AWAITING_SECOND_APPROVAL: P.RECEIVED,
    S.APPROVED: P.RECEIVED,
    S.PLANNED: P.PLANNED,
    S.IN_PROGRESS: P.IN_PROGRESS,
    S.ON_HOLD: P.IN_PROGRESS,
    S.DONE: P.FIXED,
    S.CLOSED: P.FIXED,
    S.CLOSED_WITHOUT_WORK: P.CLOSED,
    S.REJECTED: P.REJECTED,
    S.CANCELLED: P.CLOSED,
}

# Open311 GeoReport v2 knows two statuses
OPEN311 = {
    P.RECEIVED: "open",
    P.PLANNED: "open",
    P.IN_PROGRESS: "open",
    P.FIXED: "closed",
    P.CLOSED: "closed",
    P.REJECTED: "closed",
}


def public_status(report, request_state=None):
    """The status a report shows: from its triage while staff hold it, then from its request's state; a merged
    report shows the status of the one it was merged into (the caller passes that one's status)."""
    if report.triage == Triage.REJECTED:
        return P.REJECTED
    if report.triage == Triage.CONVERTED and request_state:
        return FROM_REQUEST[request_state]
    return report.status if report.triage == Triage.MERGED else P.RECEIVED


def open311_statuses(value):
    """The public statuses an Open311 `status` filter (open, closed; comma-separated) stands for."""
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    return [status for status, word in OPEN311.items() if word in wanted]
