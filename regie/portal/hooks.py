"""What the portal plugs into elsewhere, from PortalConfig.ready(): report photos (regie.attachments), the public
status following the request a report became (a post_save of interventions' requests), and the origin shown on
that request's page (regie.interventions.origins)."""

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def request_saved(sender, instance, update_fields=None, created=False, raw=False, **kwargs):
    """A request's state changed: the reports it came from (and those merged into them) show the new public
    status, in the request's transaction; the residents are told when it changes."""
    if created or raw or (update_fields is not None and "state" not in update_fields):
        return
    from .models import Report, Triage
    from .services.triage import follow_target, set_status
    from .status import public_status

    for report in Report.objects.select_for_update().filter(request_id=instance.pk, triage=Triage.CONVERTED):
        set_status(report, public_status(report, instance.state))
        follow_target(report)


def visible_reports(organization, membership):
    from regie.core.permissions import can

    from .models import Report

    if membership is None or not can(membership.role, "report.view"):
        return Report.objects.none()
    return Report.objects.for_org(organization)


def may_add_photos(record, user, membership):
    from regie.core.exceptions import Forbidden

    raise Forbidden(_("The photos of a report are the resident's: add yours to the request."))


def request_origin(request_obj, membership):
    from regie.core.permissions import can
    from regie.interventions.origins import Origin

    from .models import Report

    report = Report.objects.filter(request_id=request_obj.pk, duplicate_of__isnull=True).order_by("pk").first()
    if report is None:
        return None
    may_see = membership is not None and can(membership.role, "report.view")
    return Origin(
        label=_("From the resident's report"),
        text=f"{report.number} — {report.category.name}",
        url=reverse("portal:report-detail", args=[report.pk]) if may_see else "",
    )


def register_hooks():
    from regie.attachments.registry import Attachable, register
    from regie.interventions.models import InterventionRequest
    from regie.interventions.origins import register_origin

    from .models import Report

    register(
        Attachable(
            model=Report,
            visible=visible_reports,
            may_add=may_add_photos,
            detail_url=lambda record: reverse("portal:report-detail", args=[record.pk]),
        )
    )
    register_origin(request_origin)
    post_save.connect(request_saved, sender=InterventionRequest, dispatch_uid="portal.request_saved")
