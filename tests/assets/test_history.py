"""The asset's history reads its typed attributes: one line per changed attribute, labelled by the type's
definition, each value formatted by its data type (number with unit, French date, choice, Oui/Non, another asset
by code and name), added and removed values said as such; the same lines on the asset page and in the log."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from regie.assets import services
from regie.assets.factories import AssetFactory, AssetTypeFactory, AttributeDefinitionFactory
from regie.assets.models import AssetKind, AttributeDefinition
from regie.core import audit
from regie.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DataType = AttributeDefinition.DataType


@pytest.fixture
def light_type(org_a):
    kind = AssetTypeFactory(organization=org_a, code="PL", name="Point lumineux", kind=AssetKind.STREET_LIGHT)
    for position, (code, label, data_type, extra) in enumerate(
        [
            ("height", "Hauteur du mât", DataType.NUMBER, {"unit": "m"}),
            ("power", "Puissance", DataType.NUMBER, {"unit": "W"}),
            ("installed_on", "Date de pose", DataType.DATE, {}),
            ("lamp", "Type de lampe", DataType.CHOICE, {"choices": ["LED", "Sodium haute pression"]}),
            ("dimmable", "Gradable", DataType.BOOLEAN, {}),
            ("cabinet", "Armoire", DataType.REFERENCE, {}),
            ("note", "Remarque", DataType.TEXT, {}),
        ]
    ):
        AttributeDefinitionFactory(
            asset_type=kind, code=code, label=label, data_type=data_type, position=position, **extra
        )
    return kind


@pytest.fixture
def cabinets(org_a):
    return (
        AssetFactory(organization=org_a, code="ARM-01", name="Armoire de la place"),
        AssetFactory(organization=org_a, code="ARM-02", name="Armoire du stade"),
    )


def _changed(asset, by, attributes):
    services.update_asset(asset, by=by, data={"attributes": attributes})
    return AuditEvent.objects.filter(object_id=asset.pk, action="update").latest("id")


def _lines(event, **kwargs):
    with translation.override("fr"):
        return [tuple(line) for line in audit.change_lines(event, limit=None, **kwargs)]


def test_each_changed_attribute_is_one_line_formatted_by_its_data_type(org_a, admin_a, light_type, cabinets):
    light = AssetFactory(
        organization=org_a, asset_type=light_type, code="PL-0042", name="Mât 42",
        attributes={"height": "12", "power": "1500", "installed_on": "2019-03-14", "lamp": "Sodium haute pression",
                    "dimmable": False, "cabinet": "ARM-01", "note": "Peint en vert"},
    )  # fmt: skip
    event = _changed(
        light, admin_a,
        {"height": "14.5", "power": "12000", "installed_on": "2024-11-05", "lamp": "LED", "dimmable": True,
         "cabinet": "ARM-02", "note": "Peint en vert"},
    )  # fmt: skip
    assert event.changes["attributes"][0]["height"] == "12"  # stored as the dicts they are
    assert _lines(event) == [
        ("Hauteur du mât", "12\u00a0m", "14,5\u00a0m", "changed"),
        ("Puissance", "1500\u00a0W", "12\u00a0000\u00a0W", "changed"),
        ("Date de pose", "14/03/2019", "05/11/2024", "changed"),
        ("Type de lampe", "Sodium haute pression", "LED", "changed"),
        ("Gradable", "Non", "Oui", "changed"),
        ("Armoire", "ARM-01 — Armoire de la place", "ARM-02 — Armoire du stade", "changed"),
    ]  # the unchanged note has no line


def test_added_and_removed_values_are_said_as_such(org_a, admin_a, light_type, cabinets):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"height": "8", "note": "Penché"})
    event = _changed(light, admin_a, {"height": "8", "cabinet": "ARM-01", "dimmable": False})
    assert _lines(event) == [
        ("Gradable", "—", "Non", "added"),  # False is a value, not an absence
        ("Armoire", "—", "ARM-01 — Armoire de la place", "added"),
        ("Remarque", "Penché", "—", "removed"),
    ]


def test_labels_follow_the_language_and_unknown_codes_stay_readable(org_a, admin_a, light_type):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"dimmable": True})
    event = AuditEvent.objects.create(
        organization=org_a, content_type=audit.ContentType.objects.get_for_model(light), object_id=light.pk,
        object_repr=str(light), action="update", changes={"attributes": [{"dimmable": True, "old_code": "x"}, {}]},
    )  # fmt: skip
    with translation.override("de"):
        lines = [tuple(line) for line in audit.change_lines(event, limit=None)]
    assert lines == [("Gradable", "Ja", "—", "removed"), ("old_code", "x", "—", "removed")]


def test_an_archived_definition_still_labels_older_values(org_a, admin_a, light_type):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"note": "a"})
    event = _changed(light, admin_a, {"note": "b"})
    AttributeDefinition.objects.filter(asset_type=light_type, code="note").update(archived_at=event.at)
    assert _lines(event) == [("Remarque", "a", "b", "changed")]


def test_one_page_reads_the_definitions_once_per_asset(org_a, admin_a, light_type, django_assert_num_queries):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"height": "8"})
    events = [_changed(light, admin_a, {"height": str(h)}) for h in (9, 10, 11)]
    for event in events:  # the content types are cached, as on a page
        audit.change_lines(event)
    with django_assert_num_queries(1):
        audit.with_change_lines(events)
    assert [tuple(e.change_lines[0])[1:3] for e in events] == [("8\u00a0m", "9\u00a0m"), ("9\u00a0m", "10\u00a0m"),
                                                            ("10\u00a0m", "11\u00a0m")]  # fmt: skip


def test_the_asset_page_history_shows_the_readable_lines(org_a, admin_a, light_type, cabinets, client_for):
    light = AssetFactory(
        organization=org_a, asset_type=light_type, name="Mât 42",
        attributes={"height": "12", "installed_on": "2019-03-14", "note": "Penché"},
    )  # fmt: skip
    _changed(light, admin_a, {"height": "14", "installed_on": "2019-03-14", "cabinet": "ARM-01", "lamp": "LED"})
    services.update_asset(light, by=admin_a, data={"name": "Mât 42 bis"})
    client = client_for(admin_a)
    page = client.get(reverse("assets:asset-detail", args=[light.pk])).content.decode()
    url = reverse("assets:asset-section", args=[light.pk, "history"])
    assert f'hx-get="{url}"' in page and "data-asset-history" not in page  # loaded after the page
    history = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert history.startswith('<div class="timeline" data-asset-history>')
    text = re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", " ", history))
    assert "{" not in history and "&#x27;height&#x27;" not in history  # no raw dict
    assert "Hauteur du mât 12\u00a0m → 14\u00a0m" in text
    assert "Armoire ARM-01 — Armoire de la place (valeur ajoutée)" in text
    assert "Type de lampe LED (valeur ajoutée)" in text
    assert "Remarque Penché (valeur retirée)" in text
    assert "Date de pose" not in text  # unchanged
    assert "Nom Mât 42 → Mât 42 bis" in text  # other fields by their labels too
    assert history.count('data-change="added"') == 2 and history.count('data-change="removed"') == 1


def test_the_audit_log_shows_the_same_lines(org_a, admin_a, light_type, client_for):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"power": "70"})
    _changed(light, admin_a, {"power": "45"})
    html = client_for(admin_a).get(reverse("core:audit-list")).content.decode()
    assert re.search(r"Puissance</span>\s*70\u00a0W → 45\u00a0W", html)


def test_the_history_section_reads_a_fixed_number_of_queries(org_a, admin_a, light_type, client_for):
    light = AssetFactory(organization=org_a, asset_type=light_type, attributes={"height": "8"})
    client = client_for(admin_a)
    url = reverse("assets:asset-section", args=[light.pk, "history"])
    client.get(url, headers={"HX-Request": "true"})  # the session's first read
    counts = []
    for changes in (1, 12):
        for height in range(changes):
            _changed(light, admin_a, {"height": str(20 + height)})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
        counts.append(len(captured))
    assert counts == [counts[0], counts[0]] and counts[0] <= 8, (
        counts
    )  # session, user, memberships, shares, asset, events (actors), labels
