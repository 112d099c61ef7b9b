"""Notifications written before kinds existed get a kind and their record (migration 0003)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

fill = importlib.import_module("regie.notifications.migrations.0003_notifications_kinds_of_existing_rows")

REQUEST_URL, ORDER_URL = "/interventions/requests/12/", "/interventions/work-orders/7/"


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        ("New request to validate: DI-2026-00042", REQUEST_URL, "request_submitted"),
        ("Nouvelle demande à valider\xa0: DI-2026-00042", REQUEST_URL, "request_submitted"),  # no-break space
        ("Neue Anforderung zur Freigabe: DI-2026-00042", REQUEST_URL, "request_submitted"),
        ("Demande validée par le service : DI-2026-1", REQUEST_URL, "request_validated"),
        ("Zweite Genehmigung erforderlich: DI-2026-1", REQUEST_URL, "request_second_approval"),
        ("Votre demande DI-2026-00042 est approuvée", REQUEST_URL, "request_approved"),
        ("Ihre Anforderung DI-2026-00042 wurde abgelehnt", REQUEST_URL, "request_rejected"),
        ("Travaux réalisés pour votre demande DI-2026-7 : merci d’en prendre acte", REQUEST_URL, "request_completed"),
        ("Request reopened: DI-2026-7", REQUEST_URL, "request_reopened"),
        ("Demande annulée : DI-2026-7", REQUEST_URL, "request_cancelled"),
        ("Intervention qui vous est attribuée : BT-2026-00003", ORDER_URL, "workorder_assigned"),
        ("Arbeitsauftrag für Sie: BT-2026-00003", ORDER_URL, "workorder_assigned"),
        ("Un titre d’une autre version", ORDER_URL, "workorder_assigned"),  # only assignees were told of orders
        ("Un titre d’une autre version", REQUEST_URL, "message"),
        ("Nouvelle demande", "", "message"),
        ("Your request DI-1 is approved, and more", REQUEST_URL, "message"),  # the whole title, not a prefix
    ],
)
def test_kind_of_an_old_notification(title, url, kind):
    assert fill.derive_kind(title, url) == kind


def test_record_of_an_old_notification():
    assert fill.derive_record(REQUEST_URL) == ("interventions", "interventionrequest", 12)
    assert fill.derive_record(ORDER_URL + "?tab=time") == ("interventions", "workorder", 7)
    assert fill.derive_record("/interventions/") is None and fill.derive_record("") is None


def test_every_derived_kind_is_declared():
    from regie.notifications import kinds

    assert set(fill.TITLES) | {fill.MESSAGE} <= set(kinds.registry())


@pytest.mark.django_db(transaction=True)
def test_migration_fills_existing_rows_and_reverses(town):
    from regie.interventions import services

    req, _ = services.create_request(by=town.requester, organization=town.org, data=town.request_data())
    before = [("notifications", "0002_notifications_kind_and_record")]
    after = [("notifications", "0003_notifications_kinds_of_existing_rows")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("notifications", "Notification")
    rows = {
        "known": old.objects.create(
            organization_id=town.org.pk,
            recipient_id=town.head.pk,
            title=f"Nouvelle demande à valider\xa0: {req.number}",
            url=f"/interventions/requests/{req.pk}/",
        ),
        "gone": old.objects.create(
            organization_id=town.org.pk, recipient_id=town.head.pk, title="?", url="/interventions/requests/999999/"
        ),
        "plain": old.objects.create(organization_id=town.org.pk, recipient_id=town.head.pk, title="Bonjour"),
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    from regie.notifications.models import Notification

    known, gone, plain = (Notification.objects.get(pk=rows[name].pk) for name in ("known", "gone", "plain"))
    assert (known.kind, known.record, known.object_repr) == ("request_submitted", req, str(req))
    assert (gone.kind, gone.content_type, gone.object_id) == ("message", None, None), "no link to what is not there"
    assert (plain.kind, plain.content_type) == ("message", None)
    executor = MigrationExecutor(connection)
    executor.migrate([("notifications", "0001_notifications_initial")])  # reversible: back to the moved table
    assert "interventions_notification" in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Notification.objects.filter(pk=known.pk, kind="request_submitted").exists()
