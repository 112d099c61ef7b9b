"""Deny by default: the only routes reachable without signing in, and the only routes outside the tenant mechanism.

`tests/security/test_routes.py` fails when a route answers anonymously without being listed here, and when
a listed route is no longer public (or no longer exists), so this list can neither leak nor go stale.
"""

# Route name → why it must work before signing in.
PUBLIC_ROUTES = {
    "login": "the sign-in page",
    "password_reset": "asks for a password-reset e-mail",
    "password_reset_done": "confirms the reset e-mail was sent",
    "password_reset_confirm": "the link of the reset (and invitation) e-mail",
    "password_reset_complete": "confirms the new password",
    "set-language": "the language switcher works on the sign-in page",
    "schema": "the OpenAPI schema of the public API",
    "api-docs": "the API documentation",
    "api:token-login": "exchanges a user name and password for an API token",
    "admin:login": "the admin site's own sign-in page",
    "healthz": "load balancers probe it: database and Redis reachable (says nothing else)",
    "planning:ical-feed": "iCalendar feed: calendar clients cannot sign in, its secret token is the credential",
    "shorturls:short-url": "an asset's QR label: residents see what it is and how to report a problem on it",
    # Open311 GeoReport v2 (docs/portal-open311.md): applications read without a key and POST with an api_key
    "open311:discovery": "Open311 discovery document: where the GeoReport v2 endpoint is and which formats it speaks",
    "open311:base": "Open311 GeoReport v2 base URL (answers with the discovery document)",
    "open311:services": "Open311 service list: the public catalogue of what residents may report",
    "open311:service": "Open311 service definition: a service's extra questions",
    "open311:requests": "Open311 requests: public list (no personal data); POST authenticated by an application key",
    "open311:request": "Open311 one request: its public status (no personal data)",
    "open311:token": "Open311 token → service_request_id (an Open311 token, never the resident's tracking token)",
    "open311:media": "Open311 media_url: a public report's re-encoded photo (no location or camera metadata)",
    "public:home": "the residents' portal home of an organization (no account needed)",
    "public:report": "the residents' report form (no account needed; honeypot, rate limits)",
    "public:report-nearby": "the open reports near a place, public fields only (is it this one?)",
    "public:report-support": "a resident adds their voice to an open report (rate limited, no account)",
    "public:report-assets": "the registered assets residents may point at on the map: code, name, point only",
    # the residents' site (regie/portal/public): no account; the tracking token is the resident's credential
    "public:track": "a resident follows their report: its secret token in the link is the credential",
    "public:track-not-fixed": "the resident says their fixed report is not (token in the link, CSRF)",
    "public:track-rate": "the resident rates how their report was handled (token in the link, CSRF)",
    "public:track-erase": "the resident erases their personal data (token in the link, confirmation, CSRF)",
    "public:track-photo": "the photos of a report on its tracking page (re-encoded copies, found by the token)",
    "public:map": "the public map of open and recently fixed reports (no personal data)",
    "public:map-data": "the public map's GeoJSON (number, service, public status, day, place: no personal data)",
}

# Route name → why it needs a signed-in user but no organization: it acts on the caller's own account only.
# (Views of the project say it themselves with a `tenant_exempt_reason` attribute; these are Django's own.)
ACCOUNT_ROUTES = {
    "logout": "ends the caller's own session",
    "password_change": "changes the caller's own password",
    "password_change_done": "confirms the caller's own password change",
}

# Where an anonymous request to a protected HTML route may be sent.
LOGIN_ROUTES = ("login", "admin:login")
