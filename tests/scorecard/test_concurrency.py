"""Concurrent edits never silently overwrite each other (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection

from coventry_pm.core.exceptions import ConflictError
from scorecard.models import MetricValue, Submission
from scorecard.services import submission_save
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's in-memory test database is one connection",
)


@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_the_same_version_one_wins_one_is_told(officer):
    colleague = factories.UserFactory(
        username="colleague", roles=["officer"], team=officer.team
    )
    metric = factories.MetricFactory(team=officer.team)
    submission = submission_save(
        user=officer, metric=metric, period="2024-25", value_text="10"
    )
    version = submission.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(user, text):
        try:
            barrier.wait()
            submission_save(
                user=user,
                metric=metric,
                period="2024-25",
                value_text=text,
                submission=Submission.objects.get(pk=submission.pk),
                expected_version=version,
            )
            outcomes[text] = "saved"
        except ConflictError as error:
            outcomes[text] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(officer, "11")),
        threading.Thread(target=save, args=(colleague, "12")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(type(o).__name__ for o in outcomes.values()) == [
        "ConflictError",
        "str",
    ]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    latest = MetricValue.objects.filter(submission=submission.pk).order_by("-revision")
    assert latest[0].value_text == winner
    assert Submission.objects.get(pk=submission.pk).version == version + 1
