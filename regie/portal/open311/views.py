"""Open311 GeoReport v2 endpoints: plain Django views, public, authenticated by `api_key` on POST (so exempt
from CSRF: no cookie is read), answering in the format of their extension, errors in the specification's format
with their HTTP code — never a 500, nothing stored half-way (the submission service is one transaction)."""

import logging
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.db.models import Max
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from regie.assets.models import Asset
from regie.attachments.models import Attachment
from regie.attachments.views import file_response
from regie.core.exceptions import DomainError

from .. import throttle
from ..models import PublicStatus, Report, ServiceCategory
from ..services import keys
from ..services.submission import Submission, submit_report
from ..status import open311_statuses
from . import presenters
from .errors import Open311Error, error_response, from_validation
from .formats import respond, w3c
from .jurisdiction import enabled_portals, key_serves, portal_and_limit, portal_for

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
MAX_IDS = 100
BAD_KEYS_PER_HOUR = 60  # wrong api_keys from one address before it is refused for the hour
ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_.-]{1,20})\](\[\])?$")
TEXT_LIMIT = 10_000  # what any one field may be before the services' own bounds say more


@method_decorator([csrf_exempt, login_not_required], name="dispatch")
class Open311View(View):
    tenant_exempt_reason = "Open311 GeoReport v2: public, jurisdiction_id names the organization, api_key on POST"
    http_method_names = ["get", "head", "options"]
    root = "errors"

    def dispatch(self, request, *args, **kwargs):
        self.fmt = kwargs.pop("fmt", "json")
        try:
            return super().dispatch(request, *args, **kwargs)
        except Open311Error as error:
            return error_response(self.fmt, error.status, error.messages)
        except ValidationError as error:
            error = from_validation(error)
            return error_response(self.fmt, error.status, error.messages)
        except throttle.Throttled as error:
            return error_response(self.fmt, 429, [str(error.message)])
        except DomainError as error:
            status = error.status if error.status in (400, 403, 404, 409) else 400
            return error_response(self.fmt, status, [str(error.message)])
        except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation, BadRequest, UnicodeDecodeError):
            return error_response(self.fmt, 400, [_("The request could not be read.")])

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error_response(self.fmt, 405, [_("Method not allowed.")])
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response

    def param(self, name, limit=TEXT_LIMIT):
        """A text parameter from the query string (GET) or the body then the query string (POST), without NULs."""
        value = self.request.POST.get(name) if self.request.method == "POST" else None
        if value is None:
            value = self.request.GET.get(name, "")
        if len(value) > limit:
            raise Open311Error(400, _("%(name)s: at most %(n)s characters.") % {"name": name, "n": limit})
        return value.replace("\x00", "").strip()

    def portal(self, key=None):
        return portal_for(self.param("jurisdiction_id", 100), key)


def discovery_document(request):
    changed = ServiceCategory.objects.filter(archived_at__isnull=True).aggregate(at=Max("updated_at"))["at"]
    changeset = w3c(changed or datetime(2026, 1, 1, tzinfo=UTC))
    portals = list(enabled_portals().values_list("slug", flat=True)[:200])
    return {
        "changeset": changeset,
        "contact": _("The technical services of each organization (its portal's contact page)."),
        "key_service": _("Ask the organization's administrator for an application key (Citizen portal → Keys)."),
        "endpoints": [
            {
                "specification": presenters.SPECIFICATION,
                "url": request.build_absolute_uri(reverse("open311:base")).rstrip("/"),
                "changeset": changeset,
                "type": "production",
                "formats": ["application/json", "text/xml"],
                "jurisdictions": portals,
            }
        ],
    }


class BaseView(Open311View):
    """/open311/v2/: the discovery document (JSON), so the base URL answers something useful."""

    def get(self, request):
        return respond("json", "discovery", discovery_document(request))


class DiscoveryView(Open311View):
    def get(self, request):
        return respond(self.fmt, "discovery", discovery_document(request))


class ServiceListView(Open311View):
    def get(self, request):
        portal = self.portal()
        return respond(self.fmt, "services", [presenters.service_item(s) for s in presenters.services_of(portal)])


class ServiceDefinitionView(Open311View):
    def get(self, request, service_code):
        service = presenters.service_for(self.portal(), service_code)
        if service is None:
            raise Open311Error(404, _("service_code “%(code)s” was not found.") % {"code": service_code})
        return respond(self.fmt, "service_definition", presenters.definition(service))


class RequestsView(Open311View):
    http_method_names = ["get", "post", "head", "options"]

    def get(self, request):
        portal = self.portal()
        reports = presenters.reports_of(portal)
        ids = [part.strip() for part in self.param("service_request_id", 2000).split(",") if part.strip()]
        # the ids override every other parameter (specification)
        found = presenters.by_service_request_ids(reports, portal, ids[:MAX_IDS]) if ids else self.filtered(reports)
        rows = found.order_by("-created_at", "-id")[:MAX_REQUESTS]
        return respond(self.fmt, "service_requests", [presenters.request_item(r, portal, request) for r in rows])

    def filtered(self, reports):
        codes = [c.strip() for c in self.param("service_code", 1000).split(",") if c.strip()]
        if codes:
            reports = reports.filter(category__code__in=codes[:50])
        statuses = self.param("status", 100)
        if statuses:
            wanted = open311_statuses(statuses)
            if not wanted:
                raise Open311Error(400, _("status: open or closed (comma-separated)."))
            reports = reports.filter(status__in=wanted)
        start, end = self.moment("start_date"), self.moment("end_date")
        if start and end and start > end:
            raise Open311Error(400, _("start_date must be before end_date."))
        # the specification's default range: the most recent 90 days (or 90 days from the one date given)
        if start is None and end is None:
            start = timezone.now() - timedelta(days=DEFAULT_DAYS)
        elif start is None:
            start = end - timedelta(days=DEFAULT_DAYS)
        elif end is None:
            end = start + timedelta(days=DEFAULT_DAYS)
        if start is not None:
            reports = reports.filter(created_at__gte=start)
        if end is not None:
            reports = reports.filter(created_at__lte=end)
        return reports

    def moment(self, name):
        text = self.param(name, 40)
        if not text:
            return None
        try:
            moment = parse_datetime(text.replace(" ", "+"))  # a "+" not encoded in a query string is a space
        except ValueError:
            moment = None
        if moment is None:
            raise Open311Error(400, _("%(name)s: a date-time such as 2026-05-14T08:30:00Z.") % {"name": name})
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)
        return moment

    def post(self, request):
        key = self.application_key()
        portal, reports_per_hour = portal_and_limit(self.param("jurisdiction_id", 100), key)
        if not key_serves(key, portal):
            raise Open311Error(403, _("This api_key is not registered for this jurisdiction."))
        submission = self.submission(portal)
        report = submit_report(
            portal_organization=portal,
            submission=submission,
            client_address=throttle.client_address(request),
            application=key,
            reports_per_hour=reports_per_hour,
        )
        notice = _("Your report was passed to %(organization)s.") % {"organization": report.organization.name}
        answer = [{"service_request_id": presenters.service_request_id(report, portal), "service_notice": notice,
                   "account_id": None}]  # fmt: skip
        return respond(self.fmt, "service_requests", answer)

    def application_key(self):
        clear = self.param("api_key", keys.MAX_KEY_LENGTH + 1)
        if not clear:
            raise Open311Error(403, _("api_key was not provided."))
        key = keys.active_key(clear)
        if key is None:
            throttle.hit("open311-bad-key", throttle.client_address(self.request), BAD_KEYS_PER_HOUR)
            raise Open311Error(403, _("Invalid or revoked api_key."))
        keys.mark_used(key)
        return key

    def submission(self, portal):
        code = self.param("service_code", 100)
        if not code:
            raise Open311Error(400, _("service_code was not provided."))
        service = presenters.service_for(portal, code)
        if service is None:
            message = _("service_code “%(code)s” is not a service of this jurisdiction.")
            raise Open311Error(400, message % {"code": code[:20]})
        latitude, longitude = self.coordinates()
        address = self.param("address_string", 500)
        asset = self.asset(portal, service, self.param("address_id", 100))
        if asset is None and self.param("address_id", 100) and latitude is None and not address:
            raise Open311Error(400, _("address_id: unknown here; give lat and long or address_string."))
        name = " ".join(part for part in (self.param("first_name", 100), self.param("last_name", 100)) if part)
        return Submission(
            category=service,
            description=self.param("description"),
            answers=self.answers(),
            address=address,
            latitude=latitude,
            longitude=longitude,
            asset=asset,
            email=self.param("email", 254),
            name=name,
            phone=self.param("phone", 30),
            photos=self.request.FILES.getlist("media")[:4],
        )

    def coordinates(self):
        values = []
        for name, bound in (("lat", 90), ("long", 180)):
            text = self.param(name, 40)
            if not text:
                values.append(None)
                continue
            try:
                value = Decimal(text.replace(",", "."))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or abs(value) > bound:
                message = _("%(name)s: a number between -%(b)s and %(b)s (WGS 84).")
                raise Open311Error(400, message % {"name": name, "b": bound})
            values.append(value.quantize(Decimal("0.000001")))
        if (values[0] is None) != (values[1] is None):
            raise Open311Error(400, _("Give both lat and long, or neither."))
        return values

    def asset(self, portal, service, public_id):
        """address_id may be the public id of a registered asset (its QR label's): the report then carries it."""
        if not public_id or len(public_id) > 16:
            return None
        owners = {portal.pk, service.organization_id, portal.epci_id} - {None}
        return Asset.objects.filter(public_id=public_id, organization_id__in=owners, archived_at__isnull=True).first()

    def answers(self):
        answers = {}
        for name in list(self.request.POST.keys())[:200]:
            found = ATTRIBUTE.match(name)
            if found:
                values = [v.replace("\x00", "").strip()[:2000] for v in self.request.POST.getlist(name)[:50]]
                answers.setdefault(found.group(1), []).extend(values)
        return {code: values[0] if len(values) == 1 else values for code, values in answers.items()}


class RequestView(Open311View):
    def get(self, request, service_request_id):
        portal = self.portal()
        reports = presenters.by_service_request_ids(presenters.reports_of(portal), portal, [service_request_id])
        report = reports.first()
        if report is None:
            raise Open311Error(404, _("service_request_id “%(id)s” was not found.") % {"id": service_request_id})
        return respond(self.fmt, "service_requests", [presenters.request_item(report, portal, request)])


class TokenView(Open311View):
    def get(self, request, token):
        portal = self.portal()
        pk = presenters.report_pk_of_token(token)
        report = presenters.reports_of(portal).filter(pk=pk).first() if pk else None
        if report is None:
            raise Open311Error(404, _("token was not found."))
        answer = [{"token": token, "service_request_id": presenters.service_request_id(report, portal)}]
        return respond(self.fmt, "service_requests", answer)


@method_decorator(login_not_required, name="dispatch")
class MediaView(View):
    """A report's photo as Open311's media_url: the re-encoded copy (no location or camera metadata), by the
    report's service_request_id and the photo's id; never for a rejected report. Remote media are never fetched."""

    tenant_exempt_reason = "Open311 media_url: a public report's re-encoded photo, named by the report and the photo"
    http_method_names = ["get", "head"]

    def get(self, request, service_request_id, attachment_id):
        attachment = (
            Attachment.objects.filter(pk=attachment_id, kind=Attachment.Kind.PHOTO, archived_at__isnull=True)
            .select_related("content_type")
            .first()
        )
        if attachment is None or attachment.content_type.model_class() is not Report:
            raise Http404
        report = (
            Report.objects.filter(pk=attachment.object_id, archived_at__isnull=True)
            .select_related("organization")
            .first()
        )
        number, _sep, slug = service_request_id.partition(presenters.QUALIFIER)
        if (
            report is None
            or report.status == PublicStatus.REJECTED
            or report.number != number
            or (slug and slug != report.organization.slug)
        ):
            raise Http404
        response = file_response(attachment)
        response["Cache-Control"] = "public, max-age=3600"
        response["Access-Control-Allow-Origin"] = "*"
        return response
