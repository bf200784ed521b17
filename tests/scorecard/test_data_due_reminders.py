"""The data-due reminders: one email to each active officer who owes figures due
within a week or overdue, and to nobody else."""

import datetime as dt

import pytest
from django.core import mail

from scorecard.notifications import data_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db


def test_one_email_to_each_officer_who_owes_figures(officer, employee, manager):
    for person in (officer, employee, manager):
        person.email = f"{person.username}@coventry.gov.uk"
        person.save()
    factories.MetricFactory(
        code="HO9", name="Rent collected", team=officer.team, owner=officer
    )
    sent = data_due_reminders(today=dt.date(2025, 6, 1))
    assert sent == 1
    (email,) = mail.outbox
    assert email.to == [officer.email]
    assert email.subject == "Figures due: 1 metric"
    assert "Rent collected, 2024/25" in email.body
    assert "/my-updates/" in email.body


def test_no_email_to_an_inactive_officer_or_one_who_owes_nothing(officer):
    officer.email = "officer@coventry.gov.uk"
    officer.save()
    metric = factories.MetricFactory(code="HO9", team=officer.team, owner=officer)
    officer.is_active = False
    officer.save()
    assert data_due_reminders(today=dt.date(2025, 6, 1)) == 0
    officer.is_active = True
    officer.save()
    factories.MetricValueFactory(metric=metric, period="2024-25")
    assert data_due_reminders(today=dt.date(2025, 6, 1)) == 0
    assert mail.outbox == []
