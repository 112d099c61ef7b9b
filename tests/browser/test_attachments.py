"""On a phone, an agent adds a before and an after photo to their work order and sees the thumbnails, beside the
photo the referent attached to the request. Screenshot in test-artifacts/screenshots/."""

import io

from playwright.sync_api import expect

from .conftest import MOBILE
from .test_interventions_journey import Cast, log_in
from .test_interventions_roles import file_request


def photo(colour):
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", (1200, 900), colour)
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_agent_adds_before_and_after_photos_on_a_phone(browsing, organization):
    from regie.attachments.services import attach_files
    from regie.interventions import services
    from tests.attachments.images import png, upload

    cast = Cast(organization)
    request = file_request(cast, "Fuite dans la cantine")
    attach_files(
        by=cast.referent, organization=cast.org, record=request, uploads=[upload("fuite.png", png((400, 300)))]
    )
    services.transition_request(request, "validate", by=cast.head)
    services.transition_request(request, "approve", by=cast.manager)
    work_order = services.create_work_order(
        by=cast.manager,
        organization=cast.org,
        request=request,
        data={"team": cast.team},
        m2m={"agents": [cast.agent]},
    )

    page = browsing.open(viewport=MOBILE)
    log_in(page, cast.agent_user)
    page.goto(f"/interventions/work-orders/{work_order.pk}/")
    files = page.locator("#files")
    expect(files.locator("h3").first).to_contain_text(request.number)  # the request's photo, shown here too
    form = files.locator("form[data-upload-form]")
    for stage, name, colour in (("before", "avant.jpg", (150, 60, 40)), ("after", "apres.jpg", (40, 120, 60))):
        form.locator("select[name=stage]").select_option(stage)
        form.locator("input[name=files]").set_input_files(
            files=[{"name": name, "mimeType": "image/jpeg", "buffer": photo(colour)}]
        )
        form.locator("button[type=submit]").click()
        expect(page.locator(".messages .message-success")).to_be_visible()
        thumbnail = page.locator(f"#files li[data-stage={stage}] img")
        expect(thumbnail).to_be_visible()
        # The thumbnails load lazily: bring this one on screen, then wait for it to finish loading (a broken
        # image finishes with no width, so the wait times out and the test fails).
        thumbnail.scroll_into_view_if_needed()
        loaded = thumbnail.evaluate_handle(
            "img => img.complete ? img.naturalWidth > 0 : new Promise(done => {"
            " img.addEventListener('load', () => done(img.naturalWidth > 0), {once: true});"
            " img.addEventListener('error', () => done(false), {once: true}); })"
        )
        assert loaded.json_value(), f"the {stage} thumbnail is broken"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"the page is {width}px wide on a phone"
    page.locator("#files").scroll_into_view_if_needed()
    browsing.shot(page, "work-order-photos", full_page=False)
    from regie.attachments.selectors import attachments_for

    stages = sorted(a.stage for a in attachments_for(work_order, cast.org, shown=False))
    assert stages == ["after", "before"]
