"""Residents' reports of the demo: some 200 per commune (scaled by the history share), received on each portal,
routed as the submission service routes them (a service the body handles for its members goes to the body), in
every triage state — to triage, turned into a request of the history (its public status follows the request's
state), merged into another, rejected with a public reason — with their public updates. Written in bulk
(`regie.demo.bulk.Table`), numbered from each organization's sequence as the service numbers them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from regie.core.numbering import next_numbers
from regie.demo.bulk import Table
from regie.interventions.models import InterventionRequest

from ..models import PublicStatus, Report, ReportUpdate, Triage
from ..models.reports import new_token
from ..services.submission import NUMBER_PREFIX
from ..status import FROM_REQUEST
from .catalogue import DESCRIPTIONS, UPDATES

PER_COMMUNE = 200
PER_BODY = 40
P = PublicStatus
STEPS = (P.RECEIVED, P.PLANNED, P.IN_PROGRESS, P.FIXED)  # the way to fixed; closed and rejected end elsewhere


def create_reports(demo):
    now = timezone.now()
    rows, updates = [], []
    requests_of = {}
    for key, org in demo.orgs.items():
        portal = org.extra.get("portal")
        if portal is None:
            continue
        organization = org.organization
        rng = demo.rng("portal_reports", key)
        body = organization.epci
        offered = list(portal["services"])
        if body is not None:
            body_key = next(k for k, o in demo.orgs.items() if o.organization.pk == body.pk)
            offered += [s for s in demo.orgs[body_key].extra.get("portal", {}).get("services", ()) if s.serves_members]
        if not offered:
            continue
        catalogue = org.extra.get("assets", {}).get("catalogue")
        points = [a for items in (catalogue.by_type.values() if catalogue else ()) for a in items if a.latitude]
        count = max(10, round((PER_COMMUNE if body is not None or organization.kind == "commune" else PER_BODY)
                              * demo.history))  # fmt: skip
        for n in range(count):
            service = rng.choice(offered)
            handler = service.organization
            if handler.pk not in requests_of:
                requests_of[handler.pk] = list(
                    InterventionRequest.objects.filter(organization=handler)
                    .order_by("-id")
                    .values_list("id", "state", "created_at")[:3000]
                )
            row = _report(rng, n, now, organization, handler, service, points, portal["key"], requests_of[handler.pk])
            rows.append(row)
    _merge(rows, demo.rng("portal_reports", "merge"))
    _number(rows)
    table = Table(Report, with_ids=True)
    ids = table.reserve(len(rows))
    for row, pk in zip(rows, ids, strict=True):
        row["id"] = pk
    for row in rows:
        if row.get("duplicate_of"):
            row["duplicate_of_id"] = row.pop("duplicate_of")["id"]
        updates += row.pop("_updates")
    table.insert([table.row(r) for r in rows])
    for update, row in updates:
        update["report_id"], update["organization_id"] = row["id"], row["organization_id"]
    table = Table(ReportUpdate)
    table.insert([table.row(u) for u, _row in updates])
    return len(rows)


def _report(rng, n, now, portal, handler, service, points, key, requests):
    triage = rng.choices([Triage.NEW, Triage.CONVERTED, Triage.MERGED, Triage.REJECTED], [20, 62, 6, 12])[0]
    request_id, status = None, P.RECEIVED
    created = now - timedelta(days=rng.uniform(0, 20) if triage == Triage.NEW else rng.uniform(0, 360))
    if triage == Triage.CONVERTED and requests:
        request_id, state, request_created = rng.choice(requests)
        status = FROM_REQUEST.get(state, P.RECEIVED)
        created = min(request_created - timedelta(hours=rng.uniform(1, 48)), now)
    elif triage == Triage.CONVERTED:
        triage = Triage.NEW
    elif triage == Triage.REJECTED:
        status = P.REJECTED
    place = rng.choice(points) if points else None
    asset_id = None
    if place is not None and service.code in ("ECL", "AJ", "SIG", "EV") and rng.random() < 0.6:
        asset_id = place.pk
    texts = DESCRIPTIONS.get(service.code, ("Problème sur l'espace public.",))
    row = {
        "organization_id": handler.pk,
        "received_by_id": portal.pk,
        "category_id": service.pk,
        "channel": "open311" if rng.random() < 0.15 else "web",
        "description": rng.choice(texts).format(n=rng.randint(1, 90)),
        "address": place.place if place is not None else f"{rng.randint(1, 60)} rue de la Mairie",
        "latitude": _jitter(rng, place.latitude) if place is not None else None,
        "longitude": _jitter(rng, place.longitude) if place is not None else None,
        "asset_id": asset_id,
        "token": new_token(),
        "triage": triage,
        "status": status,
        "request_id": request_id,
        "supporters": rng.choice([0, 0, 0, 1, 2, 5]),
        "created_at": created,
        "language": "fr",
        "number": "",
    }
    if row["channel"] == "open311":
        row["application_id"] = key.pk
    if rng.random() < 0.5:
        row["email"] = f"habitant.{portal.slug}.{n}@example.org"
    if status == P.REJECTED:
        row["public_reason"] = rng.choice(UPDATES["rejected"])
    row["_updates"] = _updates(rng, row, now)
    row["updated_at"] = row["_updates"][-1][0]["created_at"]
    if status in (P.FIXED, P.CLOSED, P.REJECTED):
        row["ended_at"] = row["updated_at"]
        if status == P.FIXED and rng.random() < 0.5:
            row["rating"] = rng.choice([3, 4, 4, 5, 5, 5])
            row["rated_at"] = row["ended_at"] + timedelta(hours=rng.uniform(1, 72))
    return row


def _jitter(rng, value):
    return (Decimal(value) + Decimal(rng.uniform(-0.0004, 0.0004))).quantize(Decimal("0.000001"))


def _updates(rng, row, now):
    """The public steps of a report, from "received" to its status, a few hours or days apart."""
    at = row["created_at"]
    steps = [P.RECEIVED]
    status = row["status"]
    if status in STEPS:
        steps = list(STEPS[: STEPS.index(status) + 1])
    elif status in (P.CLOSED, P.REJECTED):
        steps.append(status)
    result = []
    for step in steps:
        text = ""
        if step != P.RECEIVED:
            at = min(at + timedelta(hours=rng.uniform(2, 120)), now)
            if step == P.REJECTED:
                text = row.get("public_reason", "")
            elif rng.random() < 0.8:
                text = rng.choice(UPDATES[step])
        result.append(({"status": step, "text": text, "created_at": at, "updated_at": at}, row))
    return result


def _merge(rows, rng):
    """Merged reports point at an earlier report of the same service handled by the same organization."""
    by_service = {}
    for row in sorted(rows, key=lambda r: r["created_at"]):
        if row["triage"] == Triage.MERGED:
            earlier = [r for r in by_service.get(row["category_id"], ()) if r["triage"] != Triage.MERGED]
            if earlier:
                target = rng.choice(earlier)
                row["duplicate_of"] = target
                row["status"] = target["status"]
                row["ended_at"] = target.get("ended_at")
                row["_updates"][0][0]["text"] = "Un signalement identique était déjà en cours : nous l'avons rattaché."
            else:
                row["triage"] = Triage.NEW
        by_service.setdefault(row["category_id"], []).append(row)


def _number(rows):
    """Each handling organization's numbers, in the order the reports came."""
    from regie.core.models import Organization

    by_org = {}
    for row in sorted(rows, key=lambda r: r["created_at"]):
        by_org.setdefault(row["organization_id"], []).append(row)
    for org_id, own in by_org.items():
        numbers = next_numbers(Organization.objects.get(pk=org_id), NUMBER_PREFIX, len(own))
        for row, number in zip(own, numbers, strict=True):
            row["number"] = number
