"""The publication schedule, worked out from a metric's frequency and its data-entry
due date (``entry_lag_days`` after a period ends). Pure Python (no database).

A metric's next figure is the one for the period after its latest published one
(or, with nothing published, the latest period that has ended). It is due
``entry_lag_days`` after that period ends: the same due date officers see on "My
updates". Once that day has passed without an approved figure the publication is
overdue, and the schedule says by how many days and how many periods are missing:
information is shared by default, and a late figure is shown as late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.periods import Period, period_label


class ScheduleState(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"  # the period has ended; the figure is not due yet
    UPCOMING = "upcoming"  # the period has not ended

    @property
    def label(self) -> str:
        return {
            ScheduleState.OVERDUE: "Overdue",
            ScheduleState.DUE: "Being prepared",
            ScheduleState.UPCOMING: "Scheduled",
        }[self]


@dataclass(frozen=True)
class ScheduleEntry:
    next_period: str
    next_due: dt.date
    state: ScheduleState
    days_overdue: int  # 0 unless overdue
    periods_missing: int  # ended periods with no published figure

    def describe(self, today: dt.date) -> str:
        if self.state == ScheduleState.OVERDUE:
            days = f"{self.days_overdue} day{'s' if self.days_overdue != 1 else ''}"
            missing = (
                f" ({self.periods_missing} periods missing)"
                if self.periods_missing > 1
                else ""
            )
            return (
                f"Overdue by {days}: the {period_label(self.next_period)} figure was "
                f"due on {self.next_due:%-d %B %Y}{missing}."
            )
        days_left = (self.next_due - today).days
        return (
            f"The {period_label(self.next_period)} figure is due by "
            f"{self.next_due:%-d %B %Y} "
            f"(in {days_left} day{'s' if days_left != 1 else ''})."
        )


def due_date(period: Period, entry_lag_days: int) -> dt.date:
    return period.end_date() + dt.timedelta(days=entry_lag_days)


def schedule_entry(
    *,
    frequency: str,
    entry_lag_days: int,
    last_published: str | None,
    today: dt.date,
) -> ScheduleEntry:
    """When the metric's next figure is due, and whether it is late.

    ``last_published`` is the latest period of the metric's own frequency with an
    approved figure (None when there is none)."""
    latest_ended = Period.containing(today, frequency).previous()
    if last_published is None:
        owed = latest_ended
    else:
        owed = Period.parse(last_published).next()
    due = due_date(owed, entry_lag_days)
    missing = 0
    period = owed
    while period.end_date() < today and missing < 1000:
        missing += 1
        period = period.next()
    if due < today:
        state = ScheduleState.OVERDUE
    elif owed.end_date() < today:
        state = ScheduleState.DUE
    else:
        state = ScheduleState.UPCOMING
    return ScheduleEntry(
        next_period=str(owed),
        next_due=due,
        state=state,
        days_overdue=(today - due).days if state == ScheduleState.OVERDUE else 0,
        periods_missing=missing,
    )
