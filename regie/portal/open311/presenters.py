"""What Open311 shows of the catalogue and of reports: the specification's fields, never a name, an e-mail, a
phone, the resident's tracking token or an internal comment."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from regie.attachments.models import Attachment
from regie.core.prepared import PreparedQuery

from ..models import CategoryQuestion, PublicStatus, Report, ReportUpdate, ServiceCategory
from ..services.routing import offered, offered_services
from ..status import OPEN311

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
QUALIFIER = "@"  # SIG-2026-000012@roannais-agglomeration: a report numbered by another organization


# --- services ---------------------------------------------------------------------------------------------
def services_of(portal):
    """The portal's services with `has_questions`, one per code (the portal's own before its body's)."""
    questions = CategoryQuestion.objects.filter(category=OuterRef("pk"), archived_at__isnull=True)
    rows = offered_services(portal).annotate(has_questions=Exists(questions))
    seen, result = set(), []
    for service in sorted(rows, key=lambda s: s.organization_id != portal.pk):
        if service.code not in seen:
            seen.add(service.code)
            result.append(service)
    return sorted(result, key=lambda s: (s.position, s.sort_name, s.pk))


def _offered_of_code(portal_id, body_id, code):
    """`offered_services` of one code, in one shape whether the portal has a body or not (`body_id` 0: none)."""
    return ServiceCategory.objects.filter(offered(portal_id, body_id), code=code)


_OFFERED_OF_CODE = PreparedQuery(_offered_of_code, portal_id=int, body_id=int, code=str)  # every Open311 POST


def service_for(portal, code):
    """The offered service of this code (the portal's own first), or None."""
    if not code or len(code) > 20:
        return None
    found = _OFFERED_OF_CODE(portal_id=portal.pk, body_id=portal.epci_id or 0, code=code)
    found.sort(key=lambda s: s.organization_id != portal.pk)
    return found[0] if found else None


def service_item(service):
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": bool(service.has_questions),
        "type": "realtime",
        "keywords": service.keywords,
        "group": service.group,
    }


def definition(service):
    questions = service.questions.filter(archived_at__isnull=True).order_by("position", "id")
    return {
        "service_code": service.code,
        "attributes": [
            {
                "variable": True,
                "code": q.code,
                "datatype": q.kind,
                "required": q.required,
                "datatype_description": q.help,
                "order": order,
                "description": q.label,
                "values": [{"key": c["key"], "name": c["name"]} for c in q.choices],
            }
            for order, q in enumerate(questions, start=1)
        ],
    }


# --- requests ---------------------------------------------------------------------------------------------
def reports_of(portal):
    """The reports a jurisdiction answers for: received by its portal or handled by it; with the latest public
    message and the first photo."""
    notes = (
        ReportUpdate.objects.filter(report=OuterRef("pk"), by_resident=False, archived_at__isnull=True)
        .exclude(text="")
        .order_by("-created_at", "-id")
        .values("text")[:1]
    )
    photo = (
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Report),
            object_id=OuterRef("pk"),
            kind=Attachment.Kind.PHOTO,
            archived_at__isnull=True,
        )
        .order_by("id")
        .values("id")[:1]
    )
    return (
        Report.objects.filter(Q(received_by=portal) | Q(organization=portal), archived_at__isnull=True)
        .select_related("organization", "category", "asset")
        .annotate(status_notes=Subquery(notes), photo_id=Subquery(photo))
    )


def service_request_id(report, portal):
    number = report.number
    if report.organization_id == portal.pk:
        return number
    return f"{number}{QUALIFIER}{report.organization.slug}"


def by_service_request_ids(reports, portal, ids):
    """`reports` narrowed to these service_request_ids (unknown ones are simply absent)."""
    condition = Q(pk__in=[])
    for value in ids:
        number, _sep, slug = value.partition(QUALIFIER)
        if slug:
            condition |= Q(number=number, organization__slug=slug) & ~Q(organization=portal)
        else:
            condition |= Q(number=number, organization=portal)
    return reports.filter(condition)


def request_item(report, portal, request):
    rejected = report.status == PublicStatus.REJECTED
    notes = report.public_reason if rejected and report.public_reason else report.status_notes
    media = None
    if report.photo_id and not rejected:
        sid = service_request_id(report, portal)
        media = request.build_absolute_uri(reverse("open311:media", args=[sid, report.photo_id]))
    return {
        "service_request_id": service_request_id(report, portal),
        "status": OPEN311.get(report.status, "open"),
        "status_notes": notes or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.organization.name,
        "service_notice": None,
        "requested_datetime": report.created_at,
        "updated_datetime": report.updated_at,
        "expected_datetime": None,
        "address": report.address or None,
        "address_id": report.asset.public_id if report.asset_id else None,
        "zipcode": None,
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": media,
    }


# --- tokens -----------------------------------------------------------------------------------------------
def _mac(pk):
    return hmac.new(settings.SECRET_KEY.encode(), f"open311-token:{pk}".encode(), hashlib.sha256).hexdigest()[:24]


def token_of(report):
    """The Open311 token of a report: its id and a keyed hash of it (never the resident's tracking token)."""
    return f"{report.pk}-{_mac(report.pk)}"


def report_pk_of_token(token):
    pk, _sep, mac = (token or "").partition("-")
    if not pk.isdigit() or len(pk) > 18 or not hmac.compare_digest(mac, _mac(int(pk))):
        return None
    return int(pk)
