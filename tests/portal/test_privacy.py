"""RGPD: reporters' personal data erased once the retention period after closure has passed."""

import datetime

import pytest
from django.utils import timezone

from regie.portal.factories import PortalSettingsFactory
from regie.portal.models import Report, ReportFollower
from regie.portal.services import privacy

pytestmark = pytest.mark.django_db


def test_expired_reports_lose_their_personal_data_once(town, monkeypatch):
    now = timezone.now()
    PortalSettingsFactory(organization=town.org, retention_months=6)
    old = town.report(email="a@example.org", name="Ana", phone="0601", ended_at=now - datetime.timedelta(days=200))
    recent = town.report(email="b@example.org", ended_at=now - datetime.timedelta(days=100))
    open_one = town.report(email="c@example.org")
    ReportFollower.objects.create(organization=town.org, report=old, email="f@example.org")
    monkeypatch.setattr(privacy, "BATCH", 1)
    assert privacy.anonymise_expired(now) == 1
    old.refresh_from_db()
    assert (old.email, old.name, old.phone) == ("", "", "") and old.anonymised_at == now
    assert not ReportFollower.objects.filter(report=old).exists()
    assert Report.objects.get(pk=recent.pk).email == "b@example.org"
    assert Report.objects.get(pk=open_one.pk).email == "c@example.org"
    assert privacy.anonymise_expired(now) == 0  # idempotent
    assert privacy.anonymise_expired(now + datetime.timedelta(days=90), organizations=[town.org]) == 1


def test_the_default_retention_is_twelve_months(town):
    now = timezone.now()
    report = town.report(email="a@example.org", ended_at=now - datetime.timedelta(days=300))
    assert privacy.anonymise_expired(now) == 0
    assert privacy.anonymise_expired(now + datetime.timedelta(days=70)) == 1
    assert Report.objects.get(pk=report.pk).email == ""
