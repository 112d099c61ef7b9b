"""The staff's triage of residents' reports: turn one into a request (keeping its photos), merge a duplicate into
another, reject with a public reason, post a public update. Each step is one transaction with the report locked,
checked against `report.triage`, audited, and told to the resident (a `ReportUpdate` e-mailed by `mail.announce`)
when it is a public step."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.attachments.models import Attachment
from regie.attachments.services import store
from regie.attachments.validation import CheckedFile
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict

from .. import mail
from ..models import PublicStatus, Report, ReportFollower, ReportUpdate, Triage
from ..models.reports import ENDED_STATUSES
from ..status import public_status

TRIAGE = "report.triage"


def _lock(*reports):
    """The reports' rows locked, ordered by primary key (two merges at once never deadlock)."""
    pks = sorted({r.pk for r in reports})
    locked = {r.pk: r for r in Report.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
    return [locked[r.pk] for r in reports]


def set_status(report, status, *, text="", author=None, announce=True, now=None):
    """Give the (locked) report `status`: ended_at set on fixed/closed/rejected and cleared when it goes back;
    a public update when the status changes or a text is given (e-mailed unless `announce=False`)."""
    changed = report.status != status
    if not changed and not text:
        return None
    if changed:
        report.status = status
        ended = status in ENDED_STATUSES
        report.ended_at = (report.ended_at or now or timezone.now()) if ended else None
        report.save(update_fields=["status", "ended_at", "updated_at"])
    update = ReportUpdate.objects.create(
        organization_id=report.organization_id, report=report, status=status, text=text, author=author
    )
    if announce:
        mail.announce(update)
    return update


def follow_target(target, *, now=None):
    """The reports merged into `target` show its status (their residents follow `target`: no second e-mail)."""
    for duplicate in Report.objects.select_for_update().filter(duplicate_of=target).order_by("pk"):
        set_status(duplicate, target.status, announce=False, now=now)


def _require_new(report):
    if report.triage != Triage.NEW:
        raise Conflict(
            _("This report was already triaged (%(state)s).") % {"state": report.get_triage_display()},
            code="already_triaged",
        )


def _photos(report):
    """The report's photos as checked files (they were checked and re-encoded when the resident sent them)."""
    content_type = ContentType.objects.get_for_model(Report)
    files = []
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id=report.pk, archived_at__isnull=True, kind=Attachment.Kind.PHOTO
    ).order_by("pk"):
        with attachment.file.open("rb") as handle:
            content = handle.read()
        thumbnail = None
        if attachment.thumbnail:
            with attachment.thumbnail.open("rb") as handle:
                thumbnail = handle.read()
        files.append(CheckedFile(attachment.original_name, attachment.mime, attachment.kind, content, thumbnail))
    return files


@transaction.atomic
def convert_to_request(report, *, by, title, category, priority=None, department=None):
    """Turn a report to triage into an intervention request (channel portal) with the resident's text, place,
    asset and photos (copied onto the request). A reopened report gets a new request; the previous one stays
    linked in its audit trail. Reports merged into this one follow the same request."""
    from regie.interventions.models import InterventionRequest
    from regie.interventions.services.requests import create_request, default_priority

    authorize(by, report.organization, TRIAGE)
    (report,) = _lock(report)
    _require_new(report)
    previous = report.request
    location = report.address or (report.asset.address if report.asset_id and report.asset.address else "")
    data = {
        "title": title,
        "description": report.description,
        "category": category,
        "priority": priority or default_priority(report.organization),  # staff may leave it to the usual one
        "location": location or report.number,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "asset": report.asset,
        "department": department,
    }
    request_obj, _created = create_request(
        by=by, organization=report.organization, data=data, channel=InterventionRequest.Channel.PORTAL
    )
    photos = _photos(report)
    if photos:
        store(photos, record=request_obj, by=by)
    report.request, report.triage = request_obj, Triage.CONVERTED
    report.save(update_fields=["request", "triage", "updated_at"])
    Report.objects.filter(duplicate_of=report).update(request=request_obj)
    set_status(report, public_status(report, request_obj.state), author=by)
    follow_target(report)
    changes = {"triage": [Triage.NEW, Triage.CONVERTED], "request": [previous.number if previous else None,
                                                                     request_obj.number]}  # fmt: skip
    audit.record(report, action=audit.Action.UPDATE, by=by, changes=changes)
    return report


@transaction.atomic
def merge(report, *, by, into):
    """Merge a report to triage into another of the same organization: the target counts its voice (and its
    supporters), its reporter follows the target, and it shows the target's status from then on. Never into
    itself nor into a merged report (merge into that one's target), so merges never form a chain or a cycle."""
    authorize(by, report.organization, TRIAGE)
    if into is None or into.organization_id != report.organization_id:
        raise ValidationError({"into": _("Choose a report of your organization.")})
    if into.pk == report.pk:
        raise ValidationError({"into": _("A report cannot be merged into itself.")})
    report, target = _lock(report, into)
    _require_new(report)
    if target.triage == Triage.MERGED:
        raise ValidationError(
            {"into": _("%(number)s was itself merged: merge into %(target)s instead.")
             % {"number": target.number, "target": target.duplicate_of.number}}
        )  # fmt: skip
    report.triage, report.duplicate_of, report.request = Triage.MERGED, target, target.request
    report.save(update_fields=["triage", "duplicate_of", "request", "updated_at"])
    Report.objects.filter(duplicate_of=report).update(duplicate_of=target, request=target.request)  # no chains
    Report.objects.filter(pk=target.pk).update(supporters=F("supporters") + 1 + report.supporters)
    emails = [report.email] if report.email and report.anonymised_at is None else []
    emails += list(report.followers.filter(archived_at__isnull=True).values_list("email", flat=True))
    known = set(target.followers.filter(archived_at__isnull=True).values_list("email", flat=True)) | {target.email}
    for email in dict.fromkeys(emails):
        if email not in known:
            ReportFollower.objects.create(organization_id=target.organization_id, report=target, email=email,
                                          supporter=True)  # fmt: skip
    text = _("This report was merged into %(number)s, which concerns the same problem: you will be kept informed "
             "of it.") % {"number": target.number}  # fmt: skip
    set_status(report, target.status, text=text, author=by)
    audit.record(report, action=audit.Action.UPDATE, by=by,
                 changes={"triage": [Triage.NEW, Triage.MERGED], "duplicate_of": [None, target.number]})  # fmt: skip
    audit.record(target, action=audit.Action.UPDATE, by=by, changes={"merged": [None, report.number]})
    return report


@transaction.atomic
def reject(report, *, by, public_reason):
    """Reject a report to triage with a reason the resident reads (required)."""
    authorize(by, report.organization, TRIAGE)
    public_reason = (public_reason or "").strip()
    if not public_reason:
        raise ValidationError({"public_reason": _("Say why, in words the resident will read.")})
    (report,) = _lock(report)
    _require_new(report)
    report.triage, report.public_reason = Triage.REJECTED, public_reason
    report.full_clean(exclude=["organization", "received_by", "category", "asset", "request", "duplicate_of",
                               "application"])  # fmt: skip
    report.save(update_fields=["triage", "public_reason", "updated_at"])
    set_status(report, PublicStatus.REJECTED, text=public_reason, author=by)
    follow_target(report)
    audit.record(report, action=audit.Action.UPDATE, by=by, changes={"triage": [Triage.NEW, Triage.REJECTED]})
    return report


@transaction.atomic
def post_public_update(report, *, by, text):
    """A public message on the report, with its current status; e-mailed to the resident and followers."""
    authorize(by, report.organization, TRIAGE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    update = ReportUpdate(organization_id=report.organization_id, report=report, status=report.status, text=text)
    update.full_clean(exclude=["report", "organization", "author"])
    (report,) = _lock(report)
    if report.triage == Triage.MERGED:
        raise Conflict(_("This report was merged: write on the report it was merged into."), code="merged")
    update = set_status(report, report.status, text=text, author=by)
    audit.record(report, action=audit.Action.UPDATE, by=by, changes={"public_update": [None, text[:200]]})
    return update
