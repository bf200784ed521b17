"""The publication schedule's rule: the period after the latest published one is
due entry_lag_days after it ends, and is overdue once that day has passed."""

import datetime as dt

import pytest

from performance.schedule import ScheduleState, schedule_entry

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("frequency", "lag", "last", "period", "due", "state", "overdue", "missing"),
    [
        # A quarterly figure whose next quarter (Q2, to 30 Sep) was due on 23 Nov.
        ("quarter", 54, "2026-27 Q1", "2026-27 Q2", "2026-11-23", "overdue", 3, 1),
        # Due on 30 Oct: overdue by 27 days.
        ("quarter", 30, "2026-27 Q1", "2026-27 Q2", "2026-10-30", "overdue", 27, 1),
        # Q2 is in; Q3 has not ended.
        ("quarter", 30, "2026-27 Q2", "2026-27 Q3", "2027-01-30", "upcoming", 0, 0),
        # Q2 ended, its figure is not due until 29 Nov: being prepared.
        ("quarter", 60, "2026-27 Q1", "2026-27 Q2", "2026-11-29", "due", 0, 1),
        # Due today is not yet overdue.
        ("quarter", 57, "2026-27 Q1", "2026-27 Q2", "2026-11-26", "due", 0, 1),
        # Annual: 2025-26 published, 2026-27 not yet ended.
        ("annual", 90, "2025-26", "2026-27", "2027-06-29", "upcoming", 0, 0),
        # Annual, a year behind: 2024-25 published, 2025-26 was due on 29 June.
        ("annual", 90, "2024-25", "2025-26", "2026-06-29", "overdue", 150, 1),
        # Far behind: three quarters missing.
        ("quarter", 30, "2025-26 Q4", "2026-27 Q1", "2026-07-30", "overdue", 119, 2),
        # Nothing published: the latest ended period is owed.
        ("month", 10, None, "2026-27 M07", "2026-11-10", "overdue", 16, 1),
        ("half_year", 30, "2026-27 H1", "2026-27 H2", "2027-04-30", "upcoming", 0, 0),
    ],
)
def test_next_figure_and_its_state(
    frequency, lag, last, period, due, state, overdue, missing
):
    entry = schedule_entry(
        frequency=frequency, entry_lag_days=lag, last_published=last, today=TODAY
    )
    assert entry.next_period == period
    assert entry.next_due == dt.date.fromisoformat(due)
    assert entry.state == ScheduleState(state)
    assert entry.days_overdue == overdue
    assert entry.periods_missing == missing


def test_an_overdue_figure_is_described_honestly():
    entry = schedule_entry(
        frequency="quarter", entry_lag_days=54, last_published="2026-27 Q1", today=TODAY
    )
    assert entry.describe(TODAY) == (
        "Overdue by 3 days: the 2026/27 Q2 figure was due on 23 November 2026."
    )


def test_an_upcoming_figure_says_when():
    entry = schedule_entry(
        frequency="annual", entry_lag_days=90, last_published="2025-26", today=TODAY
    )
    assert entry.describe(TODAY) == (
        "The 2026/27 figure is due by 29 June 2027 (in 215 days)."
    )
