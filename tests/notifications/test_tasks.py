"""Notification e-mails go through the task queue: the request never waits for SMTP, nothing is lost or doubled."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from regie.notifications.models import Notification
from regie.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued():
    """The production path: the database queue and its worker (the suite runs tasks immediately otherwise)."""
    with override_settings(TASKS=DATABASE_QUEUE):  # django.tasks drops its cached backends on this signal
        yield


def test_emails_wait_for_the_worker_and_are_sent_once(town, queued):
    notify(
        [town.head, town.manager],
        organization=town.org,
        kind="message",
        title="Nouvelle demande",
        url="/interventions/",
    )
    rows = Notification.objects.filter(organization=town.org)
    assert rows.count() == 2, "the notification centre has them at once"
    assert mail.outbox == [], "no e-mail inside the request"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([town.head.email, town.manager.email])
    assert all(row.emailed_at is not None for row in rows)
    from regie.notifications.tasks import send_notification_emails

    send_notification_emails.call([row.pk for row in rows])  # a retry sends nothing twice
    assert len(mail.outbox) == 2


def test_an_smtp_failure_loses_nothing(town, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("regie.notifications.tasks.send_mail", broken)
    notify([town.head], organization=town.org, kind="message", title="Nouvelle demande")
    row = Notification.objects.get(organization=town.org)
    assert row.emailed_at is None and mail.outbox == []
    monkeypatch.undo()
    from regie.notifications.tasks import send_notification_emails

    assert send_notification_emails.call([row.pk]) == 1
    row.refresh_from_db()
    assert row.emailed_at is not None and [m.to for m in mail.outbox] == [[town.head.email]]
