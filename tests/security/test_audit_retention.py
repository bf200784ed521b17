"""The access audit keeps each event ACCESS_AUDIT_RETENTION_DAYS days; a nightly
task (and a command) deletes older ones."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from coventry_pm.audit import services
from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.services import access_event_record
from coventry_pm.audit.tasks import delete_expired_access_events_task

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 3, 12, 0))


def event_aged(days: float, username: str = "someone") -> AccessEvent:
    event = access_event_record(kind=AccessEvent.Kind.SIGN_IN, username=username)
    AccessEvent.objects.filter(pk=event.pk).update(
        at=NOW - datetime.timedelta(days=days)
    )
    return event


def kept() -> set[str]:
    return set(AccessEvent.objects.values_list("username", flat=True))


def test_the_default_retention_is_documented_and_a_year():
    assert django_settings.ACCESS_AUDIT_RETENTION_DAYS == 365
    example = Path(__file__).resolve().parents[2] / ".env.example"
    assert "# ACCESS_AUDIT_RETENTION_DAYS=365" in example.read_text()


def test_events_older_than_the_retention_period_are_deleted(settings):
    settings.ACCESS_AUDIT_RETENTION_DAYS = 30
    event_aged(29.9, "recent")
    event_aged(30.1, "old")
    event_aged(400, "ancient")

    deleted = services.access_events_delete_expired(now=NOW)

    assert deleted == 2
    assert kept() == {"recent"}


def test_a_retention_of_zero_keeps_every_event(settings):
    settings.ACCESS_AUDIT_RETENTION_DAYS = 0
    event_aged(5000, "ancient")
    assert services.access_events_delete_expired(now=NOW) == 0
    assert kept() == {"ancient"}


def test_many_old_events_are_deleted_in_batches(settings, monkeypatch):
    monkeypatch.setattr(services, "DELETE_BATCH", 3)
    for n in range(8):
        event_aged(1000, f"old-{n}")
    event_aged(1, "recent")
    assert services.access_events_delete_expired(days=365, now=NOW) == 8
    assert kept() == {"recent"}


def test_the_nightly_task_deletes_what_has_expired(settings):
    settings.ACCESS_AUDIT_RETENTION_DAYS = 365
    event_aged(3000, "ancient")
    AccessEvent.objects.create(kind=AccessEvent.Kind.SIGN_IN, username="today")
    assert delete_expired_access_events_task.delay().get() == 1
    assert kept() == {"today"}


def test_the_task_is_on_beats_schedule():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["delete-expired-access-events"]
    assert schedule["task"] == (
        "coventry_pm.audit.tasks.delete_expired_access_events_task"
    )


def test_the_command_deletes_with_a_period_given_once(settings):
    settings.ACCESS_AUDIT_RETENTION_DAYS = 365
    AccessEvent.objects.create(kind=AccessEvent.Kind.SIGN_IN, username="today")
    old = AccessEvent.objects.create(kind=AccessEvent.Kind.SIGN_IN, username="old")
    AccessEvent.objects.filter(pk=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=100)
    )
    out = StringIO()
    call_command("delete_expired_access_events", "--days", "90", stdout=out)
    assert "Deleted 1 access events older than 90 days." in out.getvalue()
    assert kept() == {"today"}


def test_the_audit_page_says_how_long_events_are_kept(client, insight, settings):
    settings.ACCESS_AUDIT_RETENTION_DAYS = 180
    client.force_login(insight)
    page = client.get("/audit/").content.decode()
    assert "Each event is kept for 180 days, then deleted." in page
