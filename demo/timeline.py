"""The demo's calendar: the day its dates are written as on (REFERENCE_DAY), the
years its specs count from the latest complete financial year, and `Timeline`, which
turns them into the years, quarters and dates of the day the demo is loaded on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from scorecard.domain.periods import QUARTER, Period

# --------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------

# The dates of actions, updates and case studies below are written as on this day;
# loaded on another day, they keep their distance from it.
REFERENCE_DAY = dt.date(2026, 11, 26)

# Years in the metric specs are counted from the latest complete financial year (0):
# -1 is the year before it, NEXT_YEAR the year in progress. `Timeline.year` names them.
FIRST_YEAR = -4
LATEST = 0
NEXT_YEAR = 1
FIGURE_YEARS: tuple[int, ...] = tuple(range(FIRST_YEAR, LATEST + 1))
TARGET_YEARS: tuple[int, ...] = (*FIGURE_YEARS, NEXT_YEAR)
REPORT_YEARS: tuple[int, ...] = (-2, -1, LATEST)
BREAKDOWN_YEARS: tuple[int, ...] = (-1, LATEST)
# Quarterly metrics show two years of quarters before the latest one in.
QUARTERS_SHOWN = 9


@dataclass(frozen=True)
class Timeline:
    """The demo's calendar on the day it is loaded: every year, quarter and date the
    demo writes comes from here.

    Figures cover the five financial years to the latest complete one (the year
    before the one containing today), the headline report years are the last three
    of them, and targets run one year further. Quarterly figures run for two years up
    to the quarter before the last complete one (that one is still to come, unless a
    metric's owner is up to date). Actions, updates and case studies keep their
    distance from today, as written on REFERENCE_DAY.
    """

    today: dt.date

    @property
    def latest_year(self) -> Period:
        return Period.containing(self.today).previous()

    def year(self, offset: int) -> str:
        """The financial year `offset` years after the latest complete one."""
        return str(Period(self.latest_year.year_start + offset))

    def years(self, offsets: Iterable[int]) -> tuple[str, ...]:
        return tuple(self.year(offset) for offset in offsets)

    @property
    def last_complete_quarter(self) -> Period:
        return Period.containing(self.today, QUARTER).previous()

    def quarters(self, *, latest_in: bool = False) -> tuple[Period, ...]:
        """The quarters with figures, oldest first: QUARTERS_SHOWN of them to the
        quarter before the last complete one, and that one too when `latest_in`."""
        quarter = self.last_complete_quarter.previous()
        shown = [quarter]
        while len(shown) < QUARTERS_SHOWN:
            quarter = quarter.previous()
            shown.append(quarter)
        shown.reverse()
        if latest_in:
            shown.append(self.last_complete_quarter)
        return tuple(shown)

    def day(self, written: dt.date) -> dt.date:
        """A date written as on REFERENCE_DAY, as far from today as it was from then."""
        return written + (self.today - REFERENCE_DAY)

    def before_today(self, day: dt.date) -> dt.date:
        """The day, or yesterday if it is later: what has happened has happened by
        now (a year's figures due in June arrived early when loaded in April)."""
        return min(day, self.today - dt.timedelta(days=1))

    def describe(self) -> str:
        return (
            f"As on {self.today:%-d %B %Y}: figures to {self.latest_year}, quarters "
            f"to {self.last_complete_quarter.previous()}."
        )


UTC = dt.UTC


def time_on(day: dt.date, hour: int = 10) -> dt.datetime:
    """The demo's time of day on `day` (10:00 UTC unless told), for its stamps."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
