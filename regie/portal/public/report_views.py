"""The residents' reporting pages: the portal's home, the report form (two steps without JavaScript: choose the
service, then the form), the possible duplicates ("is it this one?") with "add my voice", and the small public
JSON of the assets one may point at on the map.

Thin views: the form bounds what was typed, `services.submission` checks and stores, `report_selectors` reads.
Nothing personal is ever shown; errors are the form again (400) in the resident's language, too many reports a
friendly page (429), never a 500."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .. import throttle
from ..services.submission import Submission, submit_report, support_report
from . import report_selectors as selectors
from .context import PortalView
from .forms import HONEYPOT, ReportForm, SupportForm


def site_url(name, organization, *args, query=""):
    """A page of the residents' site (on the portal's own host name its URLs have no /p/<slug>/ prefix)."""
    url = reverse(f"public:{name}", args=[organization.slug, *args])
    return f"{url}?{query}" if query else url


def optional_url(name, organization, *args):
    """A page another part of the site provides (the public map, the tracking page), or "" until it exists."""
    try:
        return site_url(name, organization, *args)
    except NoReverseMatch:
        return ""


class HomeView(PortalView):
    """The portal's home: welcome, the services by group, a big "Report a problem", the public map."""

    def get(self, request, organization):
        groups, _first = selectors.services_by_group(self.organization)
        return self.render(
            "portal/public/home.html",
            groups=groups,
            report_url=site_url("report", self.organization),
            map_url=optional_url("map", self.organization),
        )


class ReportView(PortalView):
    """GET: choose a service (step 1), or the form of the service given by ?service= (step 2), with the asset of
    ?asset= (the QR label) preselected. POST: the form; possible duplicates first when the resident was not shown
    those of this place; then the report, and 303 to its tracking page."""

    http_method_names = ["get", "head", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        data = request.POST if request.method == "POST" else request.GET
        self.service = selectors.offered_service(self.organization, data.get("service", "").strip())
        self.asset = selectors.public_asset(self.organization, data.get("asset", "").strip(), self.service)

    def get(self, request, organization):
        if self.service is None:
            return self.choose(status=200 if not request.GET.get("service") else 400)
        initial = {"service": self.service.code, "asset": self.asset.public_id if self.asset else ""}
        form = ReportForm(initial=initial, service=self.service)
        nearby = self.nearby()
        if nearby is not None:
            form.initial["seen"] = self.place_key()
        return self.form_page(form, nearby=nearby)

    def post(self, request, organization):
        if request.POST.get(HONEYPOT, "").strip():
            return self.render("portal/public/report_received.html")  # a robot: nothing stored, a neutral answer
        if self.service is None:
            return self.choose(status=400)
        form = ReportForm(request.POST, request.FILES, service=self.service)
        if not form.is_valid():
            return self.form_page(form, status=400)
        data = form.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if not data.get("seen") or data["seen"] != self.place_key(latitude, longitude):
            nearby = self.nearby(latitude, longitude)
            if nearby:  # "is it this one?" before a duplicate is filed; the resident may still send theirs
                form.data = form.data.copy()
                form.data["seen"] = self.place_key(latitude, longitude)
                return self.form_page(form, nearby=nearby, interrupted=bool(request.FILES))
        submission = Submission(
            category=self.service,
            description=data["description"],
            answers=form.raw_answers(),
            address=data.get("address", ""),
            latitude=latitude,
            longitude=longitude,
            asset=self.asset,
            email=data.get("email", ""),
            photos=data.get("photos") or [],
        )
        try:
            report = submit_report(
                portal_organization=self.organization,
                submission=submission,
                client_address=throttle.client_address(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_page(form, status=400)
        except throttle.Throttled as error:
            return self.render("portal/public/report_throttled.html", status=429, message=error.message)
        return HttpResponseRedirect(site_url("track", self.organization, report.token), status=303)

    # --- pages ------------------------------------------------------------------------------------------
    def choose(self, status=200):
        groups, for_asset = selectors.services_by_group(
            self.organization, self.asset.asset_type_id if self.asset else None
        )
        return self.render(
            "portal/public/report_choose.html",
            status=status,
            groups=groups,
            for_asset=for_asset,
            asset=self.asset,
            unknown_service=status == 400,
        )

    def form_page(self, form, *, status=200, nearby=None, interrupted=False):
        return self.render(
            "portal/public/report_form.html",
            status=status,
            form=form,
            service=self.service,
            asset=self.asset,
            nearby=nearby,
            interrupted=interrupted,
            map_config=self.map_config(),
        )

    def map_config(self):
        from django.conf import settings

        asset = self.asset
        return {
            "assetsUrl": site_url("report-assets", self.organization) if self.service.asset_types.all() else "",
            "nearbyUrl": site_url("report-nearby", self.organization),
            "service": self.service.code,
            "center": [float(asset.latitude), float(asset.longitude)] if asset and asset.latitude is not None else None,
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "strings": {
                "noTiles": _("The background map cannot be loaded: tap where the problem is all the same."),
                "placed": _("Place marked on the map."),
                "locating": _("Looking for your position…"),
                "located": _("Your position is marked on the map."),
                "notLocated": _("Your position is not available: tap the map or type the address."),
                "chooseAsset": _("Choose this one"),
                "assetChosen": _("Chosen: %s"),
                "assetsShown": _("%s registered items shown: tap one if the problem is on it."),
            },
        }

    # --- duplicates -------------------------------------------------------------------------------------
    def place_key(self, latitude=None, longitude=None):
        if latitude is None and self.asset is not None and self.asset.latitude is not None:
            latitude, longitude = self.asset.latitude, self.asset.longitude
        return selectors.place_key(self.service, latitude, longitude, self.asset)

    def nearby(self, latitude=None, longitude=None):
        """The open reports that may be the same (None when the place is not known yet)."""
        if latitude is None and self.asset is not None and self.asset.latitude is not None:
            latitude, longitude = self.asset.latitude, self.asset.longitude
        if self.asset is None and (latitude is None or longitude is None):
            return None
        return selectors.nearby_reports(
            self.organization, self.service, latitude=latitude, longitude=longitude, asset=self.asset,
            metres=self.portal_settings.nearby_m,
        )  # fmt: skip


class NearbyView(ReportView):
    """GET report/nearby?service=&latitude=&longitude=&asset= — the "is it this one?" list as an HTML fragment,
    which the form's script shows once the service and the place are known."""

    http_method_names = ["get", "head"]

    def get(self, request, organization):
        fields = ReportForm.base_fields
        try:
            latitude = fields["latitude"].clean(request.GET.get("latitude") or None)
            longitude = fields["longitude"].clean(request.GET.get("longitude") or None)
        except ValidationError:
            return self.render("portal/public/report_nearby.html", status=400, nearby=None)
        nearby = self.nearby(latitude, longitude) if self.service is not None else None
        return self.render(
            "portal/public/report_nearby.html",
            nearby=nearby,
            seen=self.place_key(latitude, longitude) if nearby is not None else "",
        )


class SupportView(PortalView):
    """POST report/support/ — "add my voice" to an open report (with an optional e-mail to follow it)."""

    http_method_names = ["post"]

    def post(self, request, organization):
        form = SupportForm(request.POST)
        if not form.is_valid():
            bad_email = "support_email" in form.errors
            return self.render("portal/public/report_supported.html", status=400, report=None, invalid_email=bad_email)
        report = selectors.supportable_report(self.organization, form.cleaned_data["report"])
        if report is None:
            return self.render("portal/public/report_supported.html", status=404, report=None)
        try:
            email = form.cleaned_data.get("support_email", "")
            report = support_report(report=report, email=email, client_address=throttle.client_address(request))
        except ValidationError:
            return self.render("portal/public/report_supported.html", status=400, report=None, closed=True)
        except throttle.Throttled:  # the same address already added its voice this hour: thank them all the same
            pass
        return self.render(
            "portal/public/report_supported.html",
            report=selectors.public_summary(report),
            map_url=optional_url("map", self.organization),
        )


class AssetsView(PortalView):
    """GET report/assets.json?service=&bbox=s,w,n,e — the registered assets of the service's kinds in the
    viewport (code, name, point, QR token), bounded; nothing else about them."""

    def get(self, request, organization):
        service = selectors.offered_service(self.organization, request.GET.get("service", "").strip())
        if service is None:
            return JsonResponse({"code": "invalid", "message": _("This service is not offered here.")}, status=400)
        box = selectors.parse_box(request.GET.get("bbox"))
        if box is None:
            message = _("Give the map's view as south,west,north,east, a few kilometres at most.")
            return JsonResponse({"code": "invalid", "message": message}, status=400)
        rows, truncated = selectors.pointable_assets(self.organization, service, box)
        assets = [
            {"public_id": r["public_id"], "code": r["code"], "name": r["name"],
             "lat": float(r["latitude"]), "long": float(r["longitude"])}
            for r in rows
        ]  # fmt: skip
        response = JsonResponse({"assets": assets, "truncated": truncated})
        response["Cache-Control"] = "private, max-age=60"
        return response
