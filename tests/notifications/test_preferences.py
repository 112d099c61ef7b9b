"""Notification e-mails as each person wants them: one per notification, a daily summary, or none."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from regie.core.models import User
from regie.notifications.models import Notification
from regie.notifications.services import notify

pytestmark = pytest.mark.django_db

URL = "/notifications/e-mails/"


def tell(town, *users, title="Nouvelle demande DI-2026-000123", url="/interventions/requests/1/"):
    notify(users, organization=town.org, kind="message", title=title, url=url)


def test_each_notification_is_mailed_by_default(town, django_capture_on_commit_callbacks):
    assert town.manager.email_notifications == User.EmailNotifications.EACH
    with django_capture_on_commit_callbacks(execute=True):
        tell(town, town.manager)
    assert [m.to for m in mail.outbox] == [[town.manager.email]]


def test_digest_gathers_the_days_unread_notifications_in_one_mail(town, django_capture_on_commit_callbacks):
    User.objects.filter(pk=town.manager.pk).update(email_notifications="digest", language="de")
    town.manager.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            tell(town, town.manager, title=f"Neue Anfrage {n}")
        tell(town, town.head)  # the head kept one e-mail each
    assert [m.to for m in mail.outbox] == [[town.head.email]], "no immediate e-mail for a digest reader"
    Notification.objects.filter(recipient=town.manager, title="Neue Anfrage 0").update(read_at=timezone.now())
    old = Notification.objects.create(organization=town.org, recipient=town.manager, title="Alt")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    call_command("send_notification_digests", verbosity=0)
    digest = mail.outbox[-1]
    assert digest.to == [town.manager.email] and len(mail.outbox) == 2
    assert digest.subject == "Régie: 2 ungelesene Benachrichtigungen", "in the reader's language"
    assert "Neue Anfrage 1" in digest.body and "Neue Anfrage 2" in digest.body
    assert "Neue Anfrage 0" not in digest.body and "Alt" not in digest.body, "read or too old: not recalled"
    assert str(town.org) in digest.body and "/notifications/" in digest.body
    call_command("send_notification_digests", verbosity=0)
    assert len(mail.outbox) == 2, "a notification is recalled once"


def test_no_email_when_switched_off(town, django_capture_on_commit_callbacks):
    User.objects.filter(pk=town.manager.pk).update(email_notifications="off")
    town.manager.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        tell(town, town.manager)
    call_command("send_notification_digests", verbosity=0)
    assert mail.outbox == [] and Notification.objects.filter(recipient=town.manager).count() == 1


def test_the_choice_is_made_in_the_notification_centre(town, client_for):
    web = client_for(town.manager)
    page = web.get("/notifications/").content.decode()
    assert f'action="{URL}"' in page and re.search(r'<input[^>]*value="each"[^>]*checked', page)
    response = web.post(URL, {"email_notifications": "digest"})
    assert response.status_code == 302
    town.manager.refresh_from_db()
    assert town.manager.email_notifications == "digest"
    response = web.post(URL, {"email_notifications": "hourly"})
    assert response.status_code == 400 and "email_notifications" in response.context["preference_form"].errors
    town.manager.refresh_from_db()
    assert town.manager.email_notifications == "digest", "a bad choice changes nothing"
    assert web.get(URL).status_code == 405
