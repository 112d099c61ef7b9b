"""Playwright harness: Debian's Chromium driven through the sync API against pytest-django's live server.

- `browser` (this package): one headless Chromium, never downloaded by Playwright (`/usr/bin/chromium`). When it is
  missing the tests skip, except under CI (env `CI` set) where they fail with a clear message.
- `browsing` (per test): opens pages in fresh contexts (fr-FR, 1280×800 unless told), records console errors,
  uncaught exceptions and CSP violations, and fails the test on any of them; `browsing.shot(page, step)` saves
  `test-artifacts/screenshots/<test>-<step>.png`.
- `page`: the default page of `browsing`. `axe_violations(page)` runs axe-core (WCAG 2.1 A/AA) on a page opened
  with `browsing.open(bypass_csp=True)` (the app's CSP rightly refuses injected scripts).

Playwright's sync API keeps an event loop running in the main thread, which makes Django's ORM refuse to run
there ("async-unsafe"); the tests only touch the ORM to prepare data, so the documented escape hatch
(DJANGO_ALLOW_ASYNC_UNSAFE) is used, and only while the browser runs: the `browser` fixture is scoped to this
package and restores the environment, so the rest of the suite keeps Django's check.

On SQLite the test database lives in memory and the live server's request threads share its one connection
(Django passes it to them); two requests at once (an HTMX fragment and the page's own list, say) then interleave
on that connection and SQLite answers "bad parameter or other API misuse". `SerialServer` lets one request at a
time reach the application when the connection is shared, as a one-worker server would; on PostgreSQL each
request thread has its own connection and requests stay concurrent.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("REGIE_CHROMIUM", "/usr/bin/chromium"))  # Debian's; never a downloaded one
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
PASSWORD = "correct horse battery staple"

# Reports any CSP violation on the console, where the error listener below sees it.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


class SerialServer(ThreadedWSGIServer):
    """The live server; one request at a time inside the application when the threads share a connection."""

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def serial(environ, start_response):
            with lock:
                return application(environ, start_response)

        return super().set_app(serial)


LiveServerThread.server_class = SerialServer  # pytest-django's live_server builds a LiveServerThread


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


WAIT_MS = 15_000 if os.environ.get("CI") else 5_000


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (make system-deps)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser tests cannot run: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # A loaded CI machine (two xdist workers, each with its browser and live server) can take more than
    # Playwright's 5 s to answer an HTMX fragment; the waits stay bounded, only longer there.
    expect.set_options(timeout=WAIT_MS)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Browsing:
    def __init__(self, browser, live_server, test_name):
        self.browser = browser
        self.base_url = live_server.url
        self.test_name = re.sub(r"[^\w.-]+", "_", test_name)
        self.contexts = []
        self.problems = []
        self.allowed = []

    def open(
        self, *, locale="fr-FR", viewport=DESKTOP, bypass_csp=False, user=None, touch=False, javascript=True,
        geolocation=None,
    ):  # fmt: skip
        """A page in a fresh context; signed in as `user` (a session cookie, no form) when given; `touch`: a touch
        screen (a phone's taps: `locator.tap()`); `javascript=False`: a browser with scripts off; `geolocation`:
        the position the browser gives (`{"latitude": …, "longitude": …}`), permission granted."""
        context = self.browser.new_context(
            base_url=self.base_url, locale=locale, viewport=viewport, bypass_csp=bypass_csp, has_touch=touch,
            java_script_enabled=javascript, geolocation=geolocation,
            permissions=["geolocation"] if geolocation else [],
        )  # fmt: skip
        context.set_default_timeout(WAIT_MS)
        self.contexts.append(context)
        if user is not None:
            self.sign_in(context, user)
        context.add_init_script(CSP_REPORTER)
        page = context.new_page()
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))
        page.on("response", self._response)
        return page

    def sign_in(self, context, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)  # through login(): the user_logged_in signal stamps the session
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.base_url,
                }
            ]
        )

    def _console(self, page, msg):
        if msg.type == "error":
            self.problems.append(f"{page.url}: console {msg.type}: {msg.text}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} {response.request.method} {response.url}")

    def allow(self, *patterns):
        """Tolerate the errors matching these regular expressions (e.g. a form rejected with status 400)."""
        self.allowed += [re.compile(p) for p in patterns]

    def check(self):
        self.problems = [p for p in self.problems if not any(a.search(p) for a in self.allowed)]
        assert not self.problems, "Browser errors:\n" + "\n".join(self.problems)

    def shot(self, page, step, *, full_page=True):
        """Save the page as test-artifacts/screenshots/<test>-<step>.png and fail on any error so far."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{self.test_name}-{step}.png", full_page=full_page)
        self.check()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, transactional_db, request):
    session = Browsing(browser, live_server, request.node.name)
    yield session
    session.close()
    session.check()


@pytest.fixture
def page(browsing):
    return browsing.open()


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations of the page, as readable lines (empty when it passes)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} → " + "; ".join(" ".join(n["target"]) for n in v["nodes"])
        for v in result
    ]


@pytest.fixture
def organization(transactional_db):
    """A commune with a few departments, agents and a team."""
    from regie.core.factories import OrganizationFactory
    from regie.people.factories import AgentFactory, DepartmentFactory, TeamFactory
    from regie.people.models import Department

    org = OrganizationFactory(name="Ville de Montreuil-sur-Loire", slug="montreuil")
    for code, name, kind in [
        ("VOI", "Voirie", Department.Kind.TECHNICAL),
        ("ESP", "Espaces verts", Department.Kind.TECHNICAL),
        ("BAT", "Bâtiments", Department.Kind.TECHNICAL),
        ("ECO", "Écoles", Department.Kind.REQUESTING),
        ("CUL", "Culture", Department.Kind.REQUESTING),
    ]:
        DepartmentFactory(organization=org, code=code, name=name, kind=kind)
    AgentFactory.create_batch(3, organization=org)
    TeamFactory(organization=org, name="Équipe voirie")
    return org


@pytest.fixture
def admin(organization):
    """An administrator of `organization`, password PASSWORD."""
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    user = UserFactory(username="marie.durand", first_name="Marie", last_name="Durand", password=PASSWORD)
    MembershipFactory(organization=organization, user=user, role=Role.ADMIN)
    return user
