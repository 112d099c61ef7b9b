"""A resident's report, from the public site or an Open311 application: checked, rate limited, routed to the
organization that handles it, stored with its photos in one transaction, acknowledged by e-mail."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regie.attachments.services import store
from regie.attachments.validation import check_files
from regie.core import audit
from regie.core.numbering import next_number
from regie.core.queue import enqueue_on_commit

from .. import throttle
from ..models import PortalSettings, PublicStatus, Report, ReportFollower, ReportUpdate
from ..models.reports import OPEN_STATUSES
from . import answers as answer_rules
from .routing import is_offered, route

MAX_PHOTOS = 3
NUMBER_PREFIX = "SIG"


@dataclass
class Submission:
    """What a resident sends, as plain values (the form and the Open311 serializer both build one)."""

    category: object
    description: str
    answers: dict = field(default_factory=dict)
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    asset: object = None
    email: str = ""
    name: str = ""
    phone: str = ""
    photos: list = field(default_factory=list)


def check_service(portal_organization, category):
    """The service must be one the portal offers (its own or its body's for the members)."""
    if category is None or not is_offered(portal_organization, category):
        raise ValidationError({"service_code": _("This service is not offered here.")})


def limit(portal_organization, *, address="", email="", application=None, reports_per_hour=None):
    """The rate limits of the public channels (raises throttle.Throttled). `reports_per_hour`: the portal's
    setting, when the caller has read it already."""
    if application is not None:
        throttle.hit("key", application.pk, application.requests_per_hour)
        if not email:
            return  # an application's own limit only: the portal's settings are not needed
    per_hour = reports_per_hour
    if per_hour is None:
        per_hour = PortalSettings.for_org(portal_organization).reports_per_hour
    if application is None:
        throttle.hit("address", address, per_hour)
    if email:
        throttle.hit("email", email, per_hour)


def submit_report(*, portal_organization, submission, client_address="", application=None, reports_per_hour=None):
    """File a report: the service offered by the portal, the answers to its questions, a place (coordinates,
    an asset or an address), at most 3 photos (checked and re-encoded without metadata before anything is
    written); routed (`routing.route`) and numbered in the handling organization. Returns the report.
    `reports_per_hour`: the portal's setting when the caller has read it (else read for the rate limits)."""
    s = submission
    check_service(portal_organization, s.category)
    if s.asset is not None:
        if s.latitude is None and s.asset.latitude is not None:
            s.latitude, s.longitude = s.asset.latitude, s.asset.longitude
        if not s.address:
            s.address = s.asset.address or ""
    if (s.latitude is None) != (s.longitude is None):
        raise ValidationError({"long": _("Give both latitude and longitude, or neither.")})
    if s.latitude is None and not s.address.strip() and s.asset is None:
        raise ValidationError({"address": _("Say where it is: on the map, or by its address.")})
    answers = answer_rules.clean_answers(s.category, s.answers)
    if len([p for p in s.photos if p]) > MAX_PHOTOS:
        raise ValidationError({"media": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    try:
        checked = check_files(s.photos)
    except ValidationError as error:  # the attachments' messages, under Open311's name of the photos
        raise ValidationError({"media": error.messages}) from None
    if any(item.kind != "photo" for item in checked):
        raise ValidationError({"media": _("Photos only (JPEG, PNG, WebP or HEIC).")})
    target = route(portal_organization, s.category, s.latitude, s.longitude)
    limit(
        portal_organization,
        address=client_address,
        email=s.email,
        application=application,
        reports_per_hour=reports_per_hour,
    )
    report = Report(
        organization=target.organization,
        received_by=portal_organization,
        channel=Report.Channel.OPEN311 if application is not None else Report.Channel.WEB,
        application=application,
        category=target.category,
        description=s.description.strip(),
        answers=answers,
        address=s.address.strip(),
        latitude=s.latitude,
        longitude=s.longitude,
        asset=s.asset,
        email=s.email.strip().lower(),
        name=s.name.strip(),
        phone=s.phone.strip(),
        language=(translation.get_language() or "fr")[:8],
        number="pending",
    )
    # Fields set here from rows just read (their foreign keys exist) or numbered below are not validated again;
    # the check constraints hold by construction (both coordinates or neither is checked above, no rating and no
    # duplicate on a new report) and the database still enforces them: no query before the transaction.
    report.full_clean(
        exclude=["number", "token", "organization", "received_by", "category", "asset", "application"],
        validate_constraints=False,
    )
    with transaction.atomic():
        report.number = next_number(target.organization, NUMBER_PREFIX)
        report.save()
        if checked:
            store(checked, record=report, by=None)
        update = ReportUpdate.objects.create(
            organization=report.organization, report=report, status=PublicStatus.RECEIVED
        )
        audit.record(report, action=audit.Action.CREATE, by=None, changes={"channel": report.channel})
        acknowledge = update.pk if report.email else None
        enqueue_on_commit(report_filed, report.pk, acknowledge)  # on the database queue: in this transaction
    return report


@task
def report_filed(report_id: int, update_id: int | None = None) -> int:
    """After a report committed, in the background (the resident's POST does not wait for it): the handling
    organization's managers learn of it (a notification to triage), and the resident gets the acknowledgement
    of `update_id` when they gave an e-mail. Returns how many managers were told."""
    report = Report.objects.select_related("organization", "category").filter(pk=report_id).first()
    if report is None:
        return 0
    managers = _managers(report.organization)
    _notify_managers(report, managers)
    if update_id is not None:
        from ..mail import send_report_update

        send_report_update.call(update_id)
    return len(managers)


def _managers(organization):
    from regie.core.permissions import Role
    from regie.interventions.services.notifications import members_with_roles

    return members_with_roles(organization, (Role.MANAGER, Role.ADMIN))


def _notify_managers(report, managers):
    """The handling organization's managers learn of a new report to triage (by notify)."""
    from regie.notifications.services import notify

    notify(
        managers,
        organization=report.organization,
        kind="report_received",
        record=report,
        title=lambda user: _("Resident's report %(number)s to triage") % {"number": report.number},
        body=report.category.name,
        url=reverse("portal:report-detail", args=[report.pk]),
    )


def _add_voice(pk):
    """One more voice on the open report `pk`, or on the report it was merged into, by a conditional UPDATE: it
    waits for a triage holding the row and is re-checked against what that triage committed (a voice given
    while staff merge the report counts for the report it was merged into). Holds one row at a time, so it
    never deadlocks with a merge (target, then its duplicates). Returns the report's pk, None if it is closed."""
    for _attempt in range(3):  # merges never chain: the report, then at most its target (itself merged meanwhile)
        open_report = Report.objects.filter(pk=pk, duplicate_of__isnull=True, status__in=OPEN_STATUSES)
        if open_report.update(supporters=F("supporters") + 1):
            return pk
        pk = Report.objects.filter(pk=pk).values_list("duplicate_of_id", flat=True).first()
        if pk is None:
            return None
    return None


def support_report(*, report, email="", client_address=""):
    """A resident adds their voice to an open report instead of filing a duplicate (and may follow it); the
    report's row stays locked until the follower is written, so two voices with one e-mail make one follower."""
    if not report.is_open:
        raise ValidationError({"report": _("This report is no longer open.")})
    throttle.hit("voice", f"{report.pk}:{client_address}", 1)  # one voice per address and report an hour
    email = email.strip().lower()
    with transaction.atomic():
        pk = _add_voice(report.pk)
        if pk is None:
            raise ValidationError({"report": _("This report is no longer open.")})
        if pk != report.pk:
            report = Report.objects.select_related("organization").get(pk=pk)
        if email and email != report.email:
            follower = ReportFollower(organization=report.organization, report=report, email=email, supporter=True)
            follower.full_clean(exclude=["report", "organization", "token"])
            if not ReportFollower.objects.filter(report=report, email=email, archived_at__isnull=True).exists():
                follower.save()
    report.refresh_from_db(fields=["supporters"])
    return report
