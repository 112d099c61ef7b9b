"""What a resident does from their report's tracking page (the token in its link is their only credential):
say it is not fixed, rate how it was handled, erase their personal data.

Each use case is one transaction with the report's row locked, audited with no actor (residents have no account);
a step the public sees (a reopening) is a `ReportUpdate` by the resident, e-mailed to the followers.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core import audit
from regie.core.validators import REASON_LENGTH

from .. import throttle
from ..mail import announce
from ..models import PortalSettings, PublicStatus, Report, ReportUpdate, Triage

RATED_STATUSES = (PublicStatus.FIXED, PublicStatus.CLOSED)  # a rejected report is not rated
REOPENED_STATUSES = (PublicStatus.FIXED, PublicStatus.CLOSED)
ACTIONS_PER_HOUR = 20  # a resident's actions an hour from one address (any report): enough for people, not floods


class TooManyActions(throttle.Throttled):
    default_message = gettext_lazy("Too many actions in a short time: please try again in an hour.")


def limit(client_address):
    """At most ACTIONS_PER_HOUR resident actions an hour from one address (raises TooManyActions, a 429)."""
    try:
        throttle.hit("resident", client_address, ACTIONS_PER_HOUR)
    except throttle.Throttled:
        raise TooManyActions() from None


def _locked(report):
    return Report.objects.select_for_update().select_related("received_by").get(pk=report.pk)


def _comment(text, field):
    text = (text or "").strip()
    if len(text) > REASON_LENGTH:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": REASON_LENGTH}})
    return text


def reopen_deadline(report, portal_settings):
    """The last moment the resident may say "not fixed", or None when the report's end is not known."""
    if report.ended_at is None:
        return None
    return report.ended_at + timedelta(days=portal_settings.reopen_days)


def may_say_not_fixed(report, portal_settings, now=None):
    """None when the resident may say "not fixed" now, else why not (a French message on the page)."""
    if report.status not in REOPENED_STATUSES:
        return _("You can say it is not fixed once the report is marked fixed or closed.")
    deadline = reopen_deadline(report, portal_settings)
    if deadline is not None and (now or timezone.now()) > deadline:
        return _("The report was closed more than %(days)s days ago: please file a new report.") % {
            "days": portal_settings.reopen_days
        }
    return None


def say_not_fixed(*, report, comment="", client_address="", now=None):
    """The resident says the problem is still there: within `PortalSettings.reopen_days` of the report's end,
    the report goes back to the triage queue (triage new, status received), its end forgotten, counted as
    reopened; their comment is the public update's text. Returns the update."""
    text = _comment(comment, "comment")
    limit(client_address)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(report)
        why_not = may_say_not_fixed(locked, PortalSettings.for_org(locked.received_by), now)
        if why_not:
            raise ValidationError({"comment": why_not})
        before = {"status": locked.status, "triage": locked.triage}
        locked.status, locked.triage = PublicStatus.RECEIVED, Triage.NEW
        locked.reopened += 1
        locked.ended_at = None
        locked.save(update_fields=["status", "triage", "reopened", "ended_at", "updated_at"])
        update = ReportUpdate.objects.create(
            organization_id=locked.organization_id,
            report=locked,
            status=PublicStatus.RECEIVED,
            text=text,
            by_resident=True,
        )
        audit.record(
            locked,
            action=audit.Action.TRANSITION,
            by=None,
            changes={"status": [before["status"], locked.status], "triage": [before["triage"], locked.triage]},
            reason=_("The resident says it is not fixed."),
        )
        announce(update)
    return update


def may_rate(report):
    """None when the resident may rate the report now, else why not."""
    if report.rated_at is not None or report.rating is not None:
        return _("You have already rated this report. Thank you!")
    if report.status not in RATED_STATUSES:
        return _("You can rate the report once it is fixed or closed.")
    return None


def rate_report(*, report, rating, comment="", client_address=""):
    """Once the report is fixed or closed (not rejected), the resident rates it 1–5 with an optional comment;
    only once."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    text = _comment(comment, "rating_comment")
    limit(client_address)
    with transaction.atomic():
        locked = _locked(report)
        why_not = may_rate(locked)
        if why_not:
            raise ValidationError({"rating": why_not})
        locked.rating, locked.rating_comment, locked.rated_at = rating, text, timezone.now()
        locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        audit.record(locked, action=audit.Action.UPDATE, by=None, changes={"rating": [None, rating]})
    return locked


def erase_personal_data(*, report, client_address=""):
    """RGPD: the resident erases their data: e-mail, name and phone emptied, the report's followers deleted
    (archiving would keep their e-mail addresses), `anonymised_at` set: nobody is written to about it any more.
    The report itself (description, place, photos) stays: it is the town's record of the problem."""
    limit(client_address)
    with transaction.atomic():
        locked = _locked(report)
        if locked.anonymised_at is not None:
            return locked
        locked.email = locked.name = locked.phone = ""
        locked.anonymised_at = timezone.now()
        locked.save(update_fields=["email", "name", "phone", "anonymised_at", "updated_at"])
        removed, _kinds = locked.followers.all().delete()
        # which fields were emptied, never their values
        audit.record(
            locked,
            action=audit.Action.UPDATE,
            by=None,
            changes={"personal_data": "erased", "followers_removed": removed},
            reason=_("The resident erased their personal data."),
        )
    return locked
