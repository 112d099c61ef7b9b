"""The notification centre, for a manager with a long morning: filter to one kind, open a record's group, mark
it read. Screenshots in test-artifacts/screenshots/; axe finds no WCAG 2.1 A/AA violation on the centre."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations


@pytest.fixture
def manager(organization):
    from regie.core.factories import MembershipFactory, UserFactory
    from regie.core.permissions import Role

    user = UserFactory(username="paul.martin", first_name="Paul", last_name="Martin", language="fr")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    return user


def flood(manager, organization):
    """243 unread notifications about 40 requests and work orders, of four kinds."""
    from tests.notifications.helpers import note

    kinds = ("request_submitted", "request_cancelled", "request_reopened", "workorder_assigned")
    for i in range(243):
        kind = kinds[i % 4]
        record = ("workorder" if kind == "workorder_assigned" else "request", 1 + i % 40)
        note(manager, organization, kind, record, title=f"{kind} n°{i}")


def test_manager_filters_opens_a_group_and_marks_it_read(browsing, manager, organization):
    from regie.notifications.models import Notification

    flood(manager, organization)
    page = browsing.open(user=manager, bypass_csp=True)  # axe is injected
    page.goto("/")
    page.get_by_role("banner").locator(".notifications-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    violations = axe_violations(page)
    assert not violations, "axe on the notification centre:\n" + "\n".join(violations)
    browsing.shot(page, "01-centre-grouped")

    page.get_by_label("Type", exact=True).select_option("request_cancelled")  # htmx reloads the results
    page.wait_for_url("**kind=request_cancelled**")
    groups = page.locator(".notification-group")
    expect(groups.first.locator(".notification-kind").first).to_have_text("Demande annulée")
    group = groups.filter(has=page.locator("details")).first
    label = group.locator("h2").inner_text().split(" ·")[0]
    group.locator("summary").click()
    expect(group.locator("details .notification").first).to_be_visible()
    assert not axe_violations(page)
    browsing.shot(page, "02-kind-filtered-group-open")

    number = int(label.rsplit("-", 1)[1])
    before = Notification.objects.filter(kind="request_cancelled", object_id=number, read_at=None).count()
    assert before > 1
    group.get_by_role("button", name="Marquer celles-ci comme lues").click()
    expect(page.locator(".message-success")).to_contain_text(f"{before}")
    assert not Notification.objects.filter(kind="request_cancelled", object_id=number, read_at=None).exists()
    assert Notification.objects.filter(read_at=None).count() == 243 - before, "only that group, only that kind"
    expect(page.get_by_label("Type", exact=True)).to_have_value("request_cancelled")  # back to the same filter
    browsing.shot(page, "03-group-read")
