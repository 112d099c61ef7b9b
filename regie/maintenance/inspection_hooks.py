"""What the inspections plug into elsewhere, from MaintenanceConfig.ready(): report files (regie.attachments), the
origin shown on a corrective request's page (regie.interventions.origins), the lifting of an observation when its
request's work is done, the compliance section of an asset's page (regie.assets.sections), and the catalogue
seeded for each new organization."""

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regie.interventions.states import REQUEST_GROUPS

WORK_DONE = REQUEST_GROUPS["finished"]  # done, closed: the work is done (not "closed without work")


def visible_inspections(organization, membership):
    from regie.core.permissions import can

    from .models import Inspection

    if membership is None or not can(membership.role, "inspection.view"):
        return Inspection.objects.none()
    return Inspection.objects.for_org(organization)


def request_origin(request_obj, membership):
    from regie.core.permissions import can
    from regie.interventions.origins import Origin

    from .models import Observation

    observation = Observation.objects.filter(request_id=request_obj.pk).select_related("inspection").first()
    if observation is None:
        return None
    inspection = observation.inspection
    may_see = membership is not None and can(membership.role, "inspection.view")
    return Origin(
        label=_("From the inspection observation"),
        text=f"{inspection.number} — {observation.text[:120]}",
        url=reverse("maintenance:inspection-detail", args=[inspection.pk]) if may_see else "",
    )


def request_saved(sender, instance, update_fields=None, created=False, **kwargs):
    """A corrective request reaching done (or closed) lifts its observation, in the request's transaction."""
    if created or instance.state not in WORK_DONE or (update_fields is not None and "state" not in update_fields):
        return
    from .inspection_services import lift_for_request

    lift_for_request(instance)


def organization_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new organization starts with the catalogue (once its creation commits)."""
    if not created or raw:
        return
    from .catalogue_seed import seed_catalogue

    transaction.on_commit(lambda: seed_catalogue(instance))


def asset_compliance(asset, request):
    from .compliance import obligations

    rows = list(obligations(request.organization).filter(asset=asset).order_by("inspection_type__sort_name"))
    return {"obligations": rows}


def register_inspection_hooks():
    from regie.assets.sections import AssetSection, register_section
    from regie.attachments.registry import Attachable, register
    from regie.core.models import Organization
    from regie.interventions.models import InterventionRequest
    from regie.interventions.origins import register_origin

    from .inspection_services import may_add_report
    from .models import Inspection

    register(
        Attachable(
            model=Inspection,
            visible=visible_inspections,
            may_add=may_add_report,
            detail_url=lambda record: reverse("maintenance:inspection-detail", args=[record.pk]),
            documents_only=True,
        )
    )
    register_origin(request_origin)
    register_section(
        AssetSection(
            key="inspections",
            label=_("Regulatory inspections"),
            template="maintenance/inspections/_asset_compliance.html",
            context=asset_compliance,
            permission="inspection.view",
            weight=45,
            lazy=True,  # the asset's obligations and open observations, loaded after the page
        )
    )
    post_save.connect(request_saved, sender=InterventionRequest, dispatch_uid="maintenance.request_saved")
    post_save.connect(organization_saved, sender=Organization, dispatch_uid="maintenance.organization_saved")
