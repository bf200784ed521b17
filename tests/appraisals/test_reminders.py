"""Reminders by email: an appraisal step due, a one-to-one overdue. They say what is
due and when, never what the appraisal says, and are not repeated within a week."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from appraisals import services
from appraisals.models import Appraisal, Reminder
from appraisals.tasks import (
    send_appraisal_reminders_task,
    send_one_to_one_reminders_task,
)
from tests.appraisals.conftest import YEAR

pytestmark = pytest.mark.django_db

# Two weeks before the mid-year review is due (31 October 2025).
BEFORE_MID_YEAR = dt.date(2025, 10, 20)


@pytest.fixture
def with_email(employee, manager, officer, director, hr):
    for person in (employee, manager, officer, director, hr):
        person.email = f"{person.username}@example.org"
        person.save()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_employee_and_line_manager_are_reminded_of_the_next_step(
    with_email, appraisal, objective, employee, manager
):
    services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    services.appraisal_start(employee=manager, user=manager, year=YEAR)
    mail.outbox.clear()
    sent = services.appraisal_due_reminders_send(today=BEFORE_MID_YEAR)
    alex = [m for m in mail.outbox if "employee@example.org" in m.to]
    assert len(alex) == 1
    assert alex[0].subject == (
        "Appraisal 2025/26: mid-year review is due by 31 October 2025"
    )
    assert f"/appraisals/{appraisal.pk}/" in alex[0].body
    about_alex = [m for m in mail.outbox if str(employee) in m.body]
    assert {address for m in about_alex for address in m.to} == {"manager@example.org"}
    assert sent == len(mail.outbox)


def test_people_who_have_not_started_are_reminded(with_email, officer, manager):
    services.appraisal_due_reminders_send(today=dt.date(2025, 5, 20))
    to_officer = [m for m in mail.outbox if m.to == ["officer@example.org"]]
    assert len(to_officer) == 1
    assert "start the appraisal and agree objectives is due by 31 May 2025" in (
        to_officer[0].body
    )


def test_nothing_is_sent_when_the_next_step_is_weeks_away(
    with_email, appraisal, objective, manager
):
    services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    mail.outbox.clear()
    services.appraisal_due_reminders_send(today=dt.date(2025, 7, 1))
    assert not [m for m in mail.outbox if "employee@example.org" in m.to]


def test_a_reminder_is_not_repeated_within_a_week(with_email, appraisal):
    first = services.appraisal_due_reminders_send(today=dt.date(2025, 5, 20))
    assert first
    assert services.appraisal_due_reminders_send(today=dt.date(2025, 5, 21)) == 0
    assert services.appraisal_due_reminders_send(today=dt.date(2025, 5, 27)) == first
    assert Reminder.objects.count() == 2 * first


def test_elected_members_and_partners_are_never_reminded(
    with_email, cabinet_member, councillor, partner
):
    for person in (cabinet_member, councillor, partner):
        person.email = f"{person.username}@example.org"
        person.save()
    services.appraisal_due_reminders_send(today=dt.date(2025, 5, 20))
    assert not {"cabinet@example.org", "scrutiny@example.org"} & set(recipients())
    assert "partner@example.org" not in recipients()


def test_an_overdue_one_to_one_reminds_the_manager_and_the_employee(
    with_email, appraisal, objective, employee, manager
):
    Appraisal.objects.update(created_at=timezone.make_aware(dt.datetime(2025, 4, 2, 9)))
    services.one_to_one_record(
        appraisal=appraisal,
        user=employee,
        date=dt.date(2025, 8, 1),
        notes="Private: talked about a family crisis.",
        today=dt.date(2025, 8, 1),
    )
    mail.outbox.clear()
    sent = services.one_to_one_reminders_send(today=dt.date(2025, 9, 20))
    assert sent == 2
    assert recipients() == ["employee@example.org", "manager@example.org"]
    to_manager = next(m for m in mail.outbox if m.to == ["manager@example.org"])
    assert "was due by 12 September 2025; the last was on 1 August 2025" in (
        to_manager.body
    )
    for message in mail.outbox:
        assert "family crisis" not in message.body
        assert objective.title not in message.body


def test_a_recent_one_to_one_means_no_reminder(with_email, appraisal, manager):
    services.one_to_one_record(
        appraisal=appraisal,
        user=manager,
        date=dt.date(2025, 9, 1),
        notes="x",
        today=dt.date(2025, 9, 1),
    )
    assert services.one_to_one_reminders_send(today=dt.date(2025, 9, 20)) == 0


def test_people_without_an_email_address_are_skipped(appraisal):
    assert services.appraisal_due_reminders_send(today=dt.date(2025, 5, 20)) == 0
    assert not mail.outbox


def test_the_tasks_send_the_reminders(with_email, appraisal, manager, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2025, 9, 20))
    assert send_appraisal_reminders_task.delay().get() >= 2
    mail.outbox.clear()
    # Alex's appraisal was started "now", long after 20 September 2025: backdate it.
    Appraisal.objects.update(created_at=timezone.make_aware(dt.datetime(2025, 4, 2, 9)))
    assert send_one_to_one_reminders_task.delay().get() == 2
    assert recipients() == ["employee@example.org", "manager@example.org"]
