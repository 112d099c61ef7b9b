"""Signature capture on a phone (390 × 844): an agent completes a work order that asks for a signature, the person
on site draws it with the mouse in the pad, "Clear" empties it, an empty pad is refused, and the work order's page
shows the signature and who signed. Screenshots: test-artifacts/screenshots/test_signature_on_a_phone-*.png."""

import pytest
from playwright.sync_api import expect

from .conftest import MOBILE
from .test_mobile import field_work, no_axe_violation, no_horizontal_overflow  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def draw(page, canvas, points):
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    page.mouse.move(x0 + points[0][0] * box["width"], y0 + points[0][1] * box["height"])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x0 + x * box["width"], y0 + y * box["height"], steps=6)
    page.mouse.up()


SIGNATURE = [(0.1, 0.7), (0.2, 0.25), (0.3, 0.75), (0.42, 0.3), (0.55, 0.7), (0.68, 0.2), (0.85, 0.6)]


def test_signature_on_a_phone(browsing, field_work):  # noqa: F811
    from regie.interventions import services
    from regie.interventions.models import WorkOrder

    cast = field_work
    WorkOrder.objects.filter(pk=cast.work_order.pk).update(signature_required=True)
    services.transition_work_order(WorkOrder.objects.get(pk=cast.work_order.pk), "start", by=cast.agent_user)
    url = f"/interventions/work-orders/{cast.work_order.pk}/"

    # axe on the pad (axe is injected as an inline script: that context lets the CSP through)
    audit = browsing.open(viewport=MOBILE, user=cast.agent_user, bypass_csp=True)
    audit.goto(url)
    expect(audit.locator("[data-signature] canvas")).to_be_visible()
    no_axe_violation(audit, "the work order to complete, with the signature pad")

    # the agent's phone, with the real CSP: the pad's scripts are the app's own files
    page = browsing.open(viewport=MOBILE, user=cast.agent_user)
    page.goto(url)
    form = page.get_by_role("form", name="Terminer avec un compte rendu")
    canvas = form.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert 280 <= box["width"] <= 390 and box["height"] >= 150, box  # a finger's room on a phone
    no_horizontal_overflow(page, "the work order with the signature pad")
    form.get_by_label("Compte rendu : travaux réalisés").fill("Serrure de la porte de la cantine changée.")
    form.get_by_text("Oui", exact=True).click()
    form.get_by_label("Nom du signataire").fill("Claire Martin")

    # an empty pad is refused with the message on the field
    browsing.allow(r"HTTP 400 POST .*/step/", r"/step/: console error: Failed to load resource")
    form.get_by_role("button", name="Terminer avec un compte rendu").click()
    refused = page.get_by_role("form", name="Terminer avec un compte rendu")
    expect(refused.get_by_text("Signez dans le cadre.")).to_be_visible()
    browsing.shot(page, "refused")

    refused.get_by_label("Compte rendu : travaux réalisés").fill("Serrure de la porte de la cantine changée.")
    refused.get_by_text("Oui", exact=True).click()
    refused.get_by_label("Nom du signataire").fill("Claire Martin")
    canvas = refused.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    hidden = refused.locator("[data-signature-input]")
    draw(page, canvas, SIGNATURE[:3])
    assert hidden.input_value().startswith("data:image/png;base64,")
    refused.get_by_role("button", name="Effacer").click()
    assert hidden.input_value() == ""
    draw(page, canvas, SIGNATURE)
    assert hidden.input_value().startswith("data:image/png;base64,")
    browsing.shot(page, "signed", full_page=False)
    refused.get_by_role("button", name="Terminer avec un compte rendu").click()

    expect(page.locator("[data-signature-shown]")).to_be_visible()
    expect(page.locator("[data-signature-shown] figcaption")).to_contain_text("Signé par Claire Martin")
    image = page.get_by_role("img", name="Signature de Claire Martin")
    expect(image).to_be_visible()
    # the image is decoded after the page: wait for it (an image that never loads fails here, after the timeout)
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=5000)
    page.locator("[data-signature-shown]").scroll_into_view_if_needed()
    browsing.shot(page, "shown", full_page=False)
    work_order = WorkOrder.objects.get(pk=cast.work_order.pk)
    assert work_order.state == "done" and work_order.signed_by_name == "Claire Martin"

    audit.goto(url)
    expect(audit.locator("[data-signature-shown]")).to_be_visible()
    no_axe_violation(audit, "the completed work order with its signature")
    desktop = browsing.open(user=cast.manager, bypass_csp=True)
    desktop.goto(url)
    desktop.locator("[data-signature-shown]").scroll_into_view_if_needed()
    browsing.shot(desktop, "desktop", full_page=False)
