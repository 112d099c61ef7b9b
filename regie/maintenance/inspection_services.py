"""Use cases of regulatory inspections: the catalogue, recording an inspection with its report, its observations
turned into corrective requests, lifting them, and the obligations the compliance view reads.

Locks, always in this order: the inspection, then its observations, then the obligation of its asset and type.
The corrective request's workflow locks the request first and lifts its observation through
`lift_for_request` (the request → inspection order: no service locks an inspection and then a request)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.assets.models import Asset, AssetKind
from regie.attachments.services import attach_files
from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Conflict, Forbidden
from regie.core.numbering import next_number
from regie.core.services import (
    archive_record,
    check_same_tenant,
    is_stale,
    lock,
    record_services,
    restore_record,
)
from regie.core.validators import moving_bounds

from .models import (
    Inspection,
    InspectionObligation,
    InspectionType,
    Observation,
    Outcome,
    PeriodicityRule,
    PeriodUnit,
)

INSPECTION_TYPE_FIELDS = (
    "code",
    "name",
    "asset_kind",
    "asset_type_codes",
    "public_access_only",
    "legal_basis",
    "legal_reference",
    "periodicity",
    "periodicity_unit",
    "periodicity_source",
    "performer",
    "to_be_confirmed",
    "alert_days",
    "request_category",
    "notes",
)
RULE_FIELDS = ("inspection_type", "position", "erp_types", "erp_categories", "months", "source", "to_be_confirmed")
INSPECTION_FIELDS = ("asset", "inspection_type", "inspected_on", "contractor", "inspector", "outcome", "summary")
EDITABLE_INSPECTION_FIELDS = ("inspected_on", "contractor", "inspector", "summary")
MAX_OBSERVATIONS = 200  # of one inspection
ACTION = "inspection.manage"

_create_type, _update_type = record_services(InspectionType, "inspection")
_create_rule, _update_rule = record_services(PeriodicityRule, "inspection")


def organization_today(organization, now=None):
    """Today in the organization's time zone."""
    try:
        zone = ZoneInfo(organization.timezone or "Europe/Paris")
    except (ValueError, KeyError):
        zone = timezone.get_default_timezone()
    return timezone.localtime(now or timezone.now(), zone).date()


def due_after(day, periodicity, unit):
    """The date an inspection done on `day` is next due."""
    if unit == PeriodUnit.WEEKS:
        return day + timedelta(weeks=periodicity)
    return day + relativedelta(months=periodicity)


# The catalogue ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_inspection_type(*, by, organization, data, m2m=None):
    """Add an inspection type to the catalogue; the obligations of the assets it applies to follow."""
    obj = _create_type(by=by, organization=organization, data=data, m2m=m2m)
    refresh_obligations(organization, inspection_types=[obj])
    return obj


@transaction.atomic
def update_inspection_type(instance, *, by, data, m2m=None, expected_updated_at=None):
    obj = _update_type(instance, by=by, data=data, m2m=m2m, expected_updated_at=expected_updated_at)
    refresh_obligations(obj.organization, inspection_types=[obj])
    return obj


@transaction.atomic
def create_rule(*, by, organization, data, m2m=None):
    """Add a periodicity rule (public-access types × categories → months) to an inspection type."""
    obj = _create_rule(by=by, organization=organization, data=data, m2m=m2m)
    refresh_obligations(organization, inspection_types=[obj.inspection_type])
    return obj


@transaction.atomic
def update_rule(instance, *, by, data, m2m=None, expected_updated_at=None):
    obj = _update_rule(instance, by=by, data=data, m2m=m2m, expected_updated_at=expected_updated_at)
    refresh_obligations(obj.organization, inspection_types=[obj.inspection_type])
    return obj


# Which assets owe which inspections -------------------------------------------------------------------------


def erp_of(attributes):
    """(public-access type, category) from an asset's attributes ("" when it has none)."""
    attributes = attributes or {}
    erp_type = str(attributes.get("erp_type") or "").strip().upper()[:2]
    category = str(attributes.get("erp_category") or "").strip()[:1]
    return erp_type, category


def periodicity_for(inspection_type, rules, asset_type_code, kind, attributes):
    """(periodicity, unit, to be confirmed) that `inspection_type` asks of an asset, or None when it owes none:
    another family, another asset type, not a public-access building when the type wants one, or a rule that
    says "not owed" (a 5th-category building without sleeping quarters: no periodic commission visit)."""
    if kind != inspection_type.asset_kind:
        return None
    codes = inspection_type.type_codes()
    if codes and (asset_type_code or "").upper() not in codes:
        return None
    erp_type, category = erp_of(attributes)
    if inspection_type.public_access_only and not erp_type:
        return None
    for rule in rules:
        if rule.matches(erp_type, category):
            if rule.months is None:
                return None
            return rule.months, PeriodUnit.MONTHS, rule.to_be_confirmed or inspection_type.to_be_confirmed
    return inspection_type.periodicity, inspection_type.periodicity_unit, inspection_type.to_be_confirmed


def _buildings_of(organization, assets):
    """asset id → the id of the building it is (or is in), from the assets' paths: one query for the ancestors."""
    ancestors = {}
    for asset in assets:  # the path holds the ancestors' keys and the asset's own, base 36
        ancestors[asset["id"]] = [int(key, 36) for key in asset["path"].split("/") if key] or [asset["id"]]
    wanted = {key for keys in ancestors.values() for key in keys}
    buildings = set(
        Asset.objects.filter(organization=organization, pk__in=wanted, asset_type__kind=AssetKind.BUILDING)
        .values_list("pk", flat=True)
        .iterator()
    )
    return {
        asset_id: next((key for key in reversed(keys) if key in buildings), None)
        for asset_id, keys in ancestors.items()
    }


@transaction.atomic
def refresh_obligations(organization, *, inspection_types=None, assets=None, today=None):
    """Bring the obligations in line with the catalogue and the registry: an obligation for each active asset and
    inspection type that applies to it (with the periodicity its attributes choose), none where it no longer
    applies unless the asset was inspected for it. Returns (added, changed, removed)."""
    types = list(
        InspectionType.objects.filter(organization=organization, archived_at__isnull=True)
        if inspection_types is None
        else InspectionType.objects.filter(pk__in=[t.pk for t in inspection_types])
    )
    rules = {}
    for rule in PeriodicityRule.objects.filter(inspection_type__in=types, archived_at__isnull=True).order_by(
        "position", "pk"
    ):
        rules.setdefault(rule.inspection_type_id, []).append(rule)
    kinds = {t.asset_kind for t in types if t.archived_at is None}
    asset_rows = Asset.objects.filter(organization=organization, archived_at__isnull=True, asset_type__kind__in=kinds)
    if assets is not None:
        asset_rows = asset_rows.filter(pk__in=[a.pk for a in assets])
    asset_rows = list(asset_rows.values("id", "path", "attributes", "asset_type__code", "asset_type__kind"))
    building_of = _buildings_of(organization, asset_rows)
    wanted = {}
    for inspection_type in types:
        if inspection_type.archived_at is not None:
            continue
        for row in asset_rows:
            owed = periodicity_for(
                inspection_type,
                rules.get(inspection_type.pk, ()),
                row["asset_type__code"],
                row["asset_type__kind"],
                row["attributes"],
            )
            if owed is not None:
                wanted[(row["id"], inspection_type.pk)] = (owed, building_of.get(row["id"]))
    existing = InspectionObligation.objects.filter(organization=organization, inspection_type__in=types)
    if assets is not None:
        existing = existing.filter(asset__in=[a.pk for a in assets])
    existing = {(o.asset_id, o.inspection_type_id): o for o in existing.select_related("inspection_type")}
    types_by_pk = {t.pk: t for t in types}
    added, changed, removed = [], [], []
    for key, ((periodicity, unit, to_confirm), building_id) in wanted.items():
        obligation = existing.get(key)
        if obligation is None:
            added.append(
                InspectionObligation(
                    organization=organization,
                    asset_id=key[0],
                    inspection_type_id=key[1],
                    building_id=building_id,
                    periodicity=periodicity,
                    periodicity_unit=unit,
                    to_be_confirmed=to_confirm,
                )
            )
        elif _followed(obligation) != (periodicity, unit, to_confirm, building_id):
            obligation.periodicity, obligation.periodicity_unit = periodicity, unit
            obligation.to_be_confirmed, obligation.building_id = to_confirm, building_id
            _set_dates(obligation, types_by_pk[key[1]])
            changed.append(obligation)
    for key, obligation in existing.items():
        if key not in wanted and obligation.last_inspection_id is None:
            removed.append(obligation.pk)
    InspectionObligation.objects.bulk_create(added, batch_size=1000)
    InspectionObligation.objects.bulk_update(
        changed,
        ["periodicity", "periodicity_unit", "to_be_confirmed", "building", "next_due_on", "alert_on"],
        batch_size=1000,
    )
    InspectionObligation.objects.filter(pk__in=removed).delete()  # derived rows, never inspected: nothing is lost
    return len(added), len(changed), len(removed)


def _followed(obligation):
    return obligation.periodicity, obligation.periodicity_unit, obligation.to_be_confirmed, obligation.building_id


def _set_dates(obligation, inspection_type):
    if obligation.last_inspected_on is None:
        obligation.next_due_on = obligation.alert_on = None
        return
    last = obligation.last_inspected_on
    obligation.next_due_on = due_after(last, obligation.periodicity, obligation.periodicity_unit)
    obligation.alert_on = obligation.next_due_on - timedelta(days=inspection_type.alert_days)


def _follow(inspection):
    """Update the obligation of the inspection's asset and type (created when the asset did not owe it: an
    inspection done anyway is followed too), with its asset locked in the obligation's row lock."""
    obligation = (
        InspectionObligation.objects.select_for_update()
        .filter(asset_id=inspection.asset_id, inspection_type_id=inspection.inspection_type_id)
        .first()
    )
    inspection_type = inspection.inspection_type
    if obligation is None:
        asset = inspection.asset
        owed = periodicity_for(
            inspection_type,
            list(inspection_type.rules.filter(archived_at__isnull=True).order_by("position", "pk")),
            asset.asset_type.code,
            asset.asset_type.kind,
            asset.attributes,
        ) or (inspection_type.periodicity, inspection_type.periodicity_unit, inspection_type.to_be_confirmed)
        rows = [{"id": asset.pk, "path": asset.path}]
        obligation = InspectionObligation.objects.create(
            organization=inspection.organization,
            asset=asset,
            inspection_type=inspection_type,
            building_id=_buildings_of(inspection.organization, rows)[asset.pk],
            periodicity=owed[0],
            periodicity_unit=owed[1],
            to_be_confirmed=owed[2],
        )
    inspections = Inspection.objects.filter(
        asset_id=inspection.asset_id, inspection_type_id=inspection.inspection_type_id, archived_at__isnull=True
    )
    last = inspections.order_by("-inspected_on", "-pk").first()
    obligation.last_inspection = last
    obligation.last_inspected_on = last.inspected_on if last else None
    obligation.open_inspections = inspections.filter(closed_at__isnull=True).count()
    _set_dates(obligation, inspection_type)
    obligation.save(
        update_fields=["last_inspection", "last_inspected_on", "open_inspections", "next_due_on", "alert_on"]
    )
    return obligation


# Inspections ----------------------------------------------------------------------------------------------------


def _check_inspection(obj, today):
    errors = {}
    if obj.inspected_on and obj.inspected_on > today:
        errors["inspected_on"] = [_("An inspection cannot be dated in the future: give the day it took place.")]
    inspection_type, asset = obj.inspection_type, obj.asset
    if inspection_type is not None and asset is not None:
        kind = asset.asset_type.kind
        codes = inspection_type.type_codes()
        if kind != inspection_type.asset_kind or (codes and asset.asset_type.code.upper() not in codes):
            errors["asset"] = [
                _("“%(type)s” applies to %(kind)s, not to this asset.")
                % {"type": inspection_type.name, "kind": inspection_type.get_asset_kind_display().lower()}
            ]
        if inspection_type.archived_at is not None:
            errors["inspection_type"] = [_("This inspection type is archived.")]
    if obj.contractor_id is None and not (obj.inspector or "").strip():
        errors["inspector"] = [_("Give the inspecting body: a contractor, or its name.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_inspection(*, by, organization, data, files=()):
    """Record an inspection carried out (never in the future, in the organization's time zone), with its report
    file(s): closed at once when compliant, open otherwise until its observations are recorded and lifted."""
    authorize(by, organization, ACTION)
    obj = Inspection(organization=organization, **{k: v for k, v in data.items() if k in INSPECTION_FIELDS})
    obj.number = "pending"
    obj.next_due_on = timezone.localdate()  # set below, from the obligation's periodicity
    obj.full_clean(exclude=["number", "next_due_on"])
    check_same_tenant(obj)
    _check_inspection(obj, organization_today(organization))
    obj.number = next_number(organization, "CTR")
    if obj.outcome == Outcome.COMPLIANT:
        obj.closed_at = timezone.now()
    obj.save()
    audit.record(obj, action=audit.Action.CREATE, by=by, changes=audit.diff({}, audit.snapshot(obj)))
    if files:
        attach_files(by=by, organization=organization, record=obj, uploads=files, audit_event=False)
    obligation = _follow(obj)
    if obligation.next_due_on:
        obj.next_due_on = obligation.next_due_on
        obj.save(update_fields=["next_due_on"])
    return obj


@transaction.atomic
def update_inspection(inspection, *, by, data, expected_updated_at=None):
    """Correct an inspection's date, body or summary (its outcome stands: record observations instead)."""
    obj = lock(inspection)
    authorize(by, obj.organization, ACTION)
    if is_stale(obj, expected_updated_at):
        raise Conflict()
    fields = [k for k in data if k in EDITABLE_INSPECTION_FIELDS]
    before = audit.snapshot(obj, fields)
    for name in fields:
        setattr(obj, name, data[name])
    obj.full_clean(exclude=moving_bounds(obj, fields))
    check_same_tenant(obj)
    _check_inspection(obj, organization_today(obj.organization))
    obj.save(update_fields=[*fields, "updated_at"])
    obligation = _follow(obj)
    if obligation.last_inspection_id == obj.pk and obligation.next_due_on != obj.next_due_on:
        obj.next_due_on = obligation.next_due_on
        obj.save(update_fields=["next_due_on"])
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes)
    return obj


@transaction.atomic
def archive_inspection(inspection, *, by, reason=""):
    """Archive an inspection recorded by mistake: the obligation goes back to the previous one."""
    obj = archive_record(inspection, by=by, action=ACTION, reason=reason)
    _follow(obj)
    return obj


@transaction.atomic
def restore_inspection(inspection, *, by):
    obj = restore_record(inspection, by=by, action=ACTION)
    _follow(obj)
    return obj


def may_add_report(obj, user, membership):
    """Report files on an inspection: whom may manage inspections, until the inspection is archived."""
    from regie.core.permissions import can

    if membership is None or not can(membership.role, ACTION):
        raise Forbidden(_("Only the technical services' managers can add files to an inspection."))
    if obj.archived_at is not None:
        raise Conflict(_("This inspection is archived."), code="archived")


# Observations ---------------------------------------------------------------------------------------------------


def _lock_inspection(inspection_id):
    return (
        Inspection.objects.select_for_update().select_related("organization", "inspection_type").get(pk=inspection_id)
    )


@transaction.atomic
def add_observation(inspection, *, by, text, severity):
    """Add an observation to an open inspection (a closed one takes none: record a new inspection)."""
    obj = _lock_inspection(inspection.pk)
    authorize(by, obj.organization, ACTION)
    if obj.closed_at is not None:
        raise Conflict(
            _("This inspection is closed: it takes no more observations. Record a new inspection."), code="closed"
        )
    if obj.observations.count() >= MAX_OBSERVATIONS:
        message = _("An inspection has at most %(max)s observations.") % {"max": MAX_OBSERVATIONS}
        raise ValidationError({"text": [message]})
    observation = Observation(
        organization=obj.organization, inspection=obj, text=(text or "").strip(), severity=severity
    )
    observation.full_clean(exclude=["inspection"])
    observation.save()
    audit.record(
        obj,
        action=audit.Action.UPDATE,
        by=by,
        changes={"observation": [None, observation.text[:200]], "severity": [None, observation.severity]},
    )
    return observation


def _lock_observation(observation):
    """The observation's inspection locked first, then the observation re-read."""
    inspection = _lock_inspection(observation.inspection_id)
    fresh = Observation.objects.select_for_update().get(pk=observation.pk)
    fresh.inspection = inspection
    return fresh


def corrective_request_data(observation):
    inspection = observation.inspection
    title = _("Inspection %(number)s: %(text)s") % {"number": inspection.number, "text": observation.text}
    description = _("Observation (%(severity)s) of the inspection %(number)s “%(type)s” of %(date)s:\n%(text)s") % {
        "severity": observation.get_severity_display().lower(),
        "number": inspection.number,
        "type": inspection.inspection_type.name,
        "date": inspection.inspected_on.strftime("%d/%m/%Y"),
        "text": observation.text,
    }
    asset = inspection.asset
    return {
        "title": title[:160],
        "description": description[:5000],
        "asset": asset,
        "location": (asset.address or asset.name)[:200],
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "category": _corrective_category(inspection),
    }


def _corrective_category(inspection):
    """The category of corrective requests: the inspection type's, else the organization's first active one (none:
    a clear error)."""
    from regie.interventions.models import Category

    chosen = inspection.inspection_type.request_category
    if chosen is not None and chosen.archived_at is None:
        return chosen
    category = Category.objects.owned_by(inspection.organization).active().order_by("sort_name", "pk").first()
    if category is None:
        raise ValidationError(_("Your organization has no request category yet: add one before filing requests."))
    return category


@transaction.atomic
def create_corrective_request(observation, *, by):
    """Turn an open observation into a corrective request (submitted at once), linked both ways."""
    from regie.interventions.services.requests import create_request

    obj = _lock_observation(observation)
    authorize(by, obj.organization, ACTION)
    if obj.lifted_at is not None:
        raise Conflict(_("This observation is lifted: it needs no request."), code="lifted")
    if obj.request_id is not None:
        raise Conflict(_("This observation already has its corrective request."), code="has_request")
    request_obj, _created = create_request(by=by, organization=obj.organization, data=corrective_request_data(obj))
    obj.request = request_obj
    obj.save(update_fields=["request", "updated_at"])
    audit.record(obj.inspection, action=audit.Action.UPDATE, by=by, changes={"request": [None, request_obj.number]})
    return obj


def _lift(obj, *, by, note):
    obj.lifted_at = timezone.now()
    obj.lifted_by = by
    obj.lift_note = note
    obj.save(update_fields=["lifted_at", "lifted_by", "lift_note", "updated_at"])
    inspection = obj.inspection
    audit.record(inspection, action=audit.Action.UPDATE, by=by, changes={"lifted": [None, obj.text[:200]]}, reason=note)
    _close_when_lifted(inspection, by=by)


def _close_when_lifted(inspection, *, by):
    """Close the (locked) inspection once every observation is lifted: read after the lock, so of two lifted
    at once the second to commit sees the first and closes it."""
    if inspection.closed_at is not None:
        return
    observations = Observation.objects.filter(inspection=inspection, archived_at__isnull=True)
    if not observations.exists() or observations.filter(lifted_at__isnull=True).exists():
        return
    inspection.closed_at = timezone.now()
    inspection.save(update_fields=["closed_at", "updated_at"])
    audit.record(inspection, action=audit.Action.UPDATE, by=by, changes={"closed_at": [None, "closed"]})
    _follow(inspection)


@transaction.atomic
def lift_observation(observation, *, by, note):
    """Lift an observation by hand, with a note saying how it was dealt with."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say how the observation was dealt with.")]})
    obj = _lock_observation(observation)
    authorize(by, obj.organization, ACTION)
    obj.lift_note = note
    obj.full_clean(exclude=["inspection", "request"])
    if obj.lifted_at is not None:
        raise Conflict(_("This observation is already lifted."), code="lifted")
    _lift(obj, by=by, note=note)
    return obj


@transaction.atomic
def archive_observation(observation, *, by, reason=""):
    """Archive an observation recorded by mistake (its inspection closes if it was the last one open)."""
    locked = _lock_observation(observation)
    obj = archive_record(locked, by=by, action=ACTION, reason=reason)
    _close_when_lifted(locked.inspection, by=by)
    return obj


@transaction.atomic
def restore_observation(observation, *, by):
    locked = _lock_observation(observation)
    if locked.lifted_at is None and locked.inspection.closed_at is not None:
        raise Conflict(_("Its inspection is closed: record a new inspection instead."), code="closed")
    return restore_record(locked, by=by, action=ACTION)


def lift_for_request(request_obj, *, by=None):
    """The request's work is done: lift the observation it was filed for (called in the request's transaction,
    the request locked by its workflow). Returns the observations lifted."""
    lifted = []
    for observation in Observation.objects.filter(request_id=request_obj.pk, lifted_at__isnull=True):
        obj = _lock_observation(observation)
        if obj.lifted_at is None:
            note = _("Work of request %(number)s done.") % {"number": request_obj.number}
            _lift(obj, by=by, note=note)
            lifted.append(obj)
    return lifted
