"""The citizen portal's data: its settings per organization, the service catalogue residents choose from (with
extra questions), their reports with public updates and followers, and the Open311 application keys."""

from .catalogue import CategoryQuestion, PortalSettings, ServiceCategory
from .keys import ApplicationKey
from .reports import PublicStatus, Report, ReportFollower, ReportUpdate, Triage

__all__ = [
    "ApplicationKey",
    "CategoryQuestion",
    "PortalSettings",
    "PublicStatus",
    "Report",
    "ReportFollower",
    "ReportUpdate",
    "ServiceCategory",
    "Triage",
]
