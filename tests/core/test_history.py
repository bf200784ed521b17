"""change_history: what changed, written as a person reads it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coventry_pm.core.history import change_history
from scorecard.models import Target
from tests import factories

pytestmark = pytest.mark.django_db


def agree(target, user, when):
    target.status = Target.Status.AGREED
    target.agreed_by = user
    target.agreed_at = when
    target.save()


def test_a_change_names_the_person_and_writes_the_time_in_uk_style():
    cabinet = factories.UserFactory(first_name="Aisha", last_name="Khan")
    target = factories.TargetFactory(text="95%", status=Target.Status.ENDORSED)
    # 11:54 in London in winter (GMT) and in summer (BST, an hour ahead of UTC).
    agree(target, cabinet, dt.datetime(2026, 11, 26, 11, 54, 53, tzinfo=dt.UTC))

    [change, _created] = change_history(target.history.all())

    assert change.what == "Changed"
    assert sorted(change.fields) == [
        ("Agreed at", "—", "26 Nov 2026 11:54"),
        ("Agreed by", "—", "Aisha Khan"),
        ("Status", "Endorsed by the manager", "Agreed"),
    ]


def test_a_time_is_shown_in_the_councils_zone():
    target = factories.TargetFactory(text="95%")
    target.agreed_at = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)
    target.save()

    [change, _created] = change_history(target.history.all())

    assert change.fields == [("Agreed at", "—", "1 Jun 2026 09:30")]


def test_a_person_since_deleted_is_shown_by_their_id():
    target = factories.TargetFactory(text="95%")
    agree(target, factories.UserFactory(), timezone.now())
    # The history keeps the id of someone no longer there.
    target.history.filter(agreed_by__isnull=False).update(agreed_by_id=999_999)

    [change, _created] = change_history(target.history.all())

    assert ("Agreed by", "—", "#999999 (deleted)") in change.fields


def test_the_people_named_are_read_in_one_query_however_many_changes():
    target = factories.TargetFactory(text="95%")
    for _ in range(5):
        agree(target, factories.UserFactory(), timezone.now())
    records = target.history.all()
    with CaptureQueriesContext(connection) as queries:
        changes = change_history(records, "Target")
    assert len(changes) == 6
    # The history with its users, then the people the changes name.
    assert len(queries) == 2
