"""The residents' tracking page of a report (by its secret token), their actions on it (not fixed, rating,
erasing their data: plain POST forms, no JavaScript needed), its photos, and the public map of reports."""

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from regie.attachments.views import file_response
from regie.core.compression import gzipped
from regie.core.forms import model_form_field
from regie.core.pagination import page_of_request
from regie.core.views import add_errors, redirect_to

from .. import public_selectors as selectors
from .. import throttle
from ..models import PublicStatus, Report, ReportUpdate, ServiceCategory, Triage
from ..services import resident
from ..services.answers import answer_lines
from ..services.routing import offered_services
from .context import PortalView

P = PublicStatus
DONE_MESSAGES = {
    "reopened": gettext_lazy("Thank you: the report is back in the queue of the technical services."),
    "rated": gettext_lazy("Thank you for your rating."),
    "erased": gettext_lazy(
        "Your personal data has been erased: you will no longer receive messages about this report."
    ),
}


def private(response):
    """The token is in the URL: never cached, never indexed, never sent to another site as a referrer.

    `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null` with a form's POST, which
    Django's CSRF check refuses (403), so no resident action would work; same-origin POSTs carry the real origin
    and other sites still get no referrer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


class NotFixedForm(forms.Form):
    comment = model_form_field(
        ReportUpdate, "text", required=False, label=gettext_lazy("What is still wrong? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Your rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a rating from 1 to 5."),
                        "invalid_choice": gettext_lazy("Choose a rating from 1 to 5.")},
    )  # fmt: skip
    rating_comment = model_form_field(
        Report, "rating_comment", required=False, label=gettext_lazy("A comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, erase my e-mail address, name and phone number"),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


def steps(report):
    """The step indicator: [(label, state)] with state done, current or todo."""
    if report.status == P.REJECTED:
        return [(P.RECEIVED.label, "done"), (P.REJECTED.label, "current")]
    last = P.CLOSED if report.status == P.CLOSED else P.FIXED
    path = [P.RECEIVED, P.PLANNED, P.IN_PROGRESS, last]
    here = path.index(report.status) if report.status in path else 0
    return [(s.label, "done" if i < here else "current" if i == here else "todo") for i, s in enumerate(path)]


class TrackMixin:
    """The report of the URL's token on this portal (404 otherwise: unknown, or received by another portal)."""

    http_method_names = ["get", "head", "post"]

    def get_report(self):
        report = selectors.tracked_report(self.organization, self.kwargs["token"])
        if report is None:
            raise Http404
        return report

    def page(self, report, status=200, **forms_):
        zone = _zone(self.organization)
        merged = report.duplicate_of if report.triage == Triage.MERGED else None
        photos = list(selectors.report_photos(report).values_list("pk", flat=True))
        context = {
            "report": report,
            "steps": steps(report),
            "updates": list(report.updates.all()),
            "answers": answer_lines(report.category, report.answers, questions=list(report.category.questions.all())),
            "photos": photos,
            "merged_into": merged,
            "not_fixed_refusal": resident.may_say_not_fixed(report, self.portal_settings),
            "reopen_deadline": resident.reopen_deadline(report, self.portal_settings),
            "rating_refusal": resident.may_rate(report),
            "not_fixed_form": forms_.get("not_fixed_form") or NotFixedForm(),
            "rating_form": forms_.get("rating_form") or RatingForm(),
            "done": DONE_MESSAGES.get(self.request.GET.get("done", "")),
            "time_zone": zone,
        }
        return private(self.render("portal/public/track.html", status=status, **context))

    def track_url(self, report, done=""):
        url = reverse("public:track", args=[self.organization.slug, report.token])
        return f"{url}?done={done}" if done else url


def _zone(organization):
    try:
        return zoneinfo.ZoneInfo(organization.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/Paris")


class TrackView(TrackMixin, PortalView):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        return self.page(self.get_report())


class ResidentActionView(TrackMixin, PortalView):
    """POST only: validate the form, call the service, back to the tracking page (its errors shown there)."""

    http_method_names = ["post"]
    form_class = None
    form_name = ""
    done = ""

    def perform(self, report, form):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = self.form_class(request.POST)
        status = 400
        if form.is_valid():
            try:
                self.perform(report, form)
            except ValidationError as error:
                add_errors(form, error)
            except throttle.Throttled as error:
                form.add_error(None, str(error.message))
                status = 429
            else:
                return private(redirect_to(request, self.track_url(report, self.done)))
        return self.page(self.get_report(), status=status, **{self.form_name: form})


class NotFixedView(ResidentActionView):
    form_class, form_name, done = NotFixedForm, "not_fixed_form", "reopened"

    def perform(self, report, form):
        resident.say_not_fixed(
            report=report, comment=form.cleaned_data["comment"], client_address=throttle.client_address(self.request)
        )


class RateView(ResidentActionView):
    form_class, form_name, done = RatingForm, "rating_form", "rated"

    def perform(self, report, form):
        resident.rate_report(
            report=report,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["rating_comment"],
            client_address=throttle.client_address(self.request),
        )


class EraseView(TrackMixin, PortalView):
    """GET: what erasing means and a confirmation; POST: erase, then the tracking page says it is done."""

    def get(self, request, *args, **kwargs):
        return self.confirmation(self.get_report(), EraseForm())

    def confirmation(self, report, form, status=200):
        return private(self.render("portal/public/erase.html", status=status, report=report, form=form))

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = EraseForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                resident.erase_personal_data(report=report, client_address=throttle.client_address(request))
            except throttle.Throttled as error:
                form.add_error(None, str(error.message))
                status = 429
            else:
                return private(redirect_to(request, self.track_url(report, "erased")))
        return self.confirmation(report, form, status=status)


class PhotoView(TrackMixin, PortalView):
    """A photo of the report (its re-encoded copy, or its thumbnail with ?size=thumbnail): only the report's
    own files, found through its token."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        photo = selectors.report_photos(report).filter(pk=kwargs["photo"]).first()
        if photo is None:
            raise Http404
        response = file_response(photo, thumbnail=request.GET.get("size") == "thumbnail")
        return private(response)


# --- the public map ---------------------------------------------------------------------------------------

GROUPS = [("open", pgettext_lazy("reports", "Open")), ("fixed", gettext_lazy("Recently fixed"))]
LIST_SIZE = 20


class MapFilterForm(forms.Form):
    service = forms.MultipleChoiceField(
        label=gettext_lazy("Services"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Unknown service: choose among the listed ones.")},
    )  # fmt: skip
    status = forms.MultipleChoiceField(
        label=gettext_lazy("Reports"), required=False, widget=forms.CheckboxSelectMultiple, choices=GROUPS,
        error_messages={"invalid_choice": gettext_lazy("Choose open or recently fixed reports.")},
    )  # fmt: skip

    def __init__(self, data, organization):
        super().__init__(data)
        choices = {}
        for code, name in offered_services(organization).values_list("code", "name"):
            choices.setdefault(code, name)
        self.fields["service"].choices = list(choices.items())


class MapMixin:
    def filters(self):
        form = MapFilterForm(self.request.GET, self.organization)
        if not form.is_valid():
            return form, None
        reports = selectors.map_reports(
            self.organization,
            self.portal_settings,
            services=form.cleaned_data["service"],
            groups=form.cleaned_data["status"],
        )
        return form, reports


class MapView(MapMixin, PortalView):
    def get(self, request, *args, **kwargs):
        form, reports = self.filters()
        page = None
        if reports is not None:
            # the services' names by a second query of 20 rows: a join would make SQLite read the reports
            # service by service instead of by the map's indexes (public_selectors.map_rows)
            rows = reports.prefetch_related(Prefetch("category", ServiceCategory.objects.only("name"))).only(
                "number", "status", "created_at", "category"
            )
            page = page_of_request(rows.order_by("-created_at", "-id"), request, LIST_SIZE)
        context = {
            "form": form,
            "page": page,
            "map_config": self.map_config(),
            "time_zone": _zone(self.organization),
        }
        return self.render("portal/public/map.html", status=200 if reports is not None else 400, **context)

    def map_config(self):
        from django.conf import settings

        from regie.assets.map_data import FRANCE, organization_area

        area = organization_area(self.organization)
        # without the organization's area, the script fits the map to the reports it loads (not a MIN/MAX over
        # every report here: a second pass over 20,000 rows for each page)
        return {
            "dataUrl": reverse("public:map-data", args=[self.organization.slug]),
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "bounds": area.bounds if area and area.bounds else FRANCE,
            "fitToReports": area is None or area.bounds is None,
            "area": area.geometry if area else None,
            "strings": {
                "loading": _("Loading the reports…"),
                "failed": _("The reports could not be loaded. Reload the page."),
                "shown": _("%(count)s reports on the map."),
                "shownOne": _("1 report on the map."),
                "none": _("No report to show with these filters."),
                "reports": _("%(count)s reports: zoom in to see them"),
                "reported": _("Reported on"),
                "noTiles": _(
                    "The background map could not be loaded (the tile server may be blocked on this network): "
                    "the reports are still shown, and listed below the map."
                ),
                "tilesOff": _("No background map is configured: the reports are shown on a plain background."),
            },
        }


class MapDataView(MapMixin, PortalView):
    """GeoJSON of the map's reports: number, service, public status, day reported and place — nothing else."""

    def get(self, request, *args, **kwargs):
        form, reports = self.filters()
        if reports is None:
            fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            message = " ".join(m for errors in fields.values() for m in errors)
            return JsonResponse({"code": "invalid", "message": message, "fields": fields}, status=400)
        rows = selectors.map_rows(reports)
        names = selectors.service_names(rows)
        body = selectors.geojson(rows, names, dict(PublicStatus.choices), _zone(self.organization))
        response = HttpResponse(body, content_type="application/geo+json")
        response["Cache-Control"] = "private, max-age=60"
        return gzipped(request, response)  # no personal data, no token: safe to compress
