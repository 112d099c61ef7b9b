"""The printable sheet of QR labels (ReportLab): one label per asset of a filtered selection, 24 to an A4 page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from regie.assets import labels
from regie.assets.factories import AssetFactory, AssetTypeFactory
from regie.assets.models import AssetKind
from regie.core.permissions import Role

from .qr_reader import urls_on_labels

pytestmark = pytest.mark.django_db

URL = reverse("assetlabels:labels")


@pytest.fixture
def school(org_a):
    building = AssetTypeFactory(organization=org_a, code="BAT", kind=AssetKind.BUILDING)
    boiler_type = AssetTypeFactory(organization=org_a, code="CHAUD", kind=AssetKind.EQUIPMENT)
    school = AssetFactory(organization=org_a, asset_type=building, code="BAT-1", name="École Jules-Ferry")
    for n in range(30):
        AssetFactory(
            organization=org_a, asset_type=boiler_type, parent=school, code=f"EQ-{n:02d}", name=f"Équipement n° {n}"
        )
    AssetFactory(organization=org_a, asset_type=boiler_type, code="EQ-OUT", name="Ailleurs")
    return school


@pytest.fixture
def qr_values(monkeypatch):
    """The values the QR widgets were given (what the printed codes hold: `test_the_printed_codes_read_back`)."""
    seen = []
    original = labels.QrCodeWidget

    def widget(value, **kwargs):
        seen.append(value)
        return original(value, **kwargs)

    monkeypatch.setattr(labels, "QrCodeWidget", widget)
    return seen


def pdf_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_a_buildings_equipment_on_a_sheet_of_labels(client_for, make_member, org_a, school, qr_values, settings):
    settings.REGIE_PUBLIC_URL = "https://patrimoine.ville-a.example"
    user = make_member(org_a, Role.AGENT)
    response = client_for(user).get(URL, {"within": school.pk, "kind": AssetKind.EQUIPMENT})
    reader = pdf_of(response)
    assert len(reader.pages) == 2  # 30 labels, 24 a page
    equipment = school.children.order_by("path")
    expected = [f"https://patrimoine.ville-a.example/a/{asset.public_id}" for asset in equipment]
    assert qr_values == expected
    text = "".join(page.extract_text() for page in reader.pages)
    for asset in equipment:
        assert asset.code in text and f"patrimoine.ville-a.example/a/{asset.public_id}" in text
    assert "Ville A" in text and "Équipement n° 7" in text and "EQ-OUT" not in text
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.27, abs=0.1)  # A4


def test_the_short_urls_use_the_request_host_without_the_setting(client_for, admin_a, school, qr_values, settings):
    settings.ALLOWED_HOSTS = ["regie.ville-a.example"]
    response = client_for(admin_a).get(URL, {"search": "BAT-1"}, HTTP_HOST="regie.ville-a.example")
    assert len(pdf_of(response).pages) == 1
    assert qr_values == [f"http://regie.ville-a.example/a/{school.public_id}"]


def test_too_many_labels_get_a_clear_message(client_for, admin_a, school, monkeypatch):
    monkeypatch.setattr(labels, "MAX_LABELS", 10)
    response = client_for(admin_a).get(URL, {"within": school.pk})
    assert response.status_code == 413
    assert "31 éléments correspondent\u00a0: 10 étiquettes au plus" in response.content.decode()  # French by default


def test_bad_filters_are_refused(client_for, admin_a, school):
    assert client_for(admin_a).get(URL, {"kind": "spaceship"}).status_code == 400
    assert client_for(admin_a).get(URL, {"attr.nothing": "x"}).status_code == 400


def test_labels_are_tenant_scoped(client_for, admin_b, school, qr_values):
    client = client_for(admin_b)
    assert client.get(URL, {"within": school.pk}).status_code == 400  # not one of its assets: an invalid choice
    reader = pdf_of(client.get(URL))
    assert len(reader.pages) == 1 and qr_values == []


def test_signing_in_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_qr_drawing_holds_the_url():
    drawing = labels.qr_drawing("https://x.example/a/abcdefghij", 90)
    assert drawing.contents[0].value == "https://x.example/a/abcdefghij"
    assert drawing.width == 90


def test_the_printed_codes_read_back(client_for, admin_a, school, settings):
    """A phone's reading of the sheet: the PDF rendered to an image and its QR codes decoded."""
    settings.REGIE_PUBLIC_URL = "https://patrimoine.ville-a.example"
    response = client_for(admin_a).get(URL, {"within": school.pk, "kind": AssetKind.EQUIPMENT})
    assert response.status_code == 200
    read = urls_on_labels(response.content)
    first_page = list(school.children.order_by("path")[:24])
    assert sorted(read) == sorted(f"https://patrimoine.ville-a.example/a/{asset.public_id}" for asset in first_page)
