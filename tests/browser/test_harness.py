"""The harness itself: it notices what it promises to notice."""

from django.urls import reverse


def test_csp_violations_and_console_errors_are_caught(browsing):
    page = browsing.open()
    page.goto(reverse("login"))
    assert page.evaluate("document.documentElement.classList.contains('js')"), "app.js did not run"
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    browsing.check()

    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }""")
    for _ in range(40):  # the violation event reaches the console asynchronously
        if any("CSP violation: script-src" in p for p in browsing.problems):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.injected") is None, "the CSP let an injected inline script run"
    problems, browsing.problems = browsing.problems, []
    assert any("CSP violation: script-src" in p for p in problems), problems
