"""Reporting periods on the council's financial year (April to March).

The normalised forms are "2024-25" (the year), "2024-25 H1"/"H2", "2024-25 Q1".."Q4"
and "2024-25 M01".."M12", where M01 is April.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

ANNUAL = "annual"
HALF_YEAR = "half_year"
QUARTER = "quarter"
MONTH = "month"

# How many periods of each frequency make a financial year.
PERIODS_PER_YEAR: dict[str, int] = {ANNUAL: 1, HALF_YEAR: 2, QUARTER: 4, MONTH: 12}
FREQUENCIES: tuple[str, ...] = tuple(PERIODS_PER_YEAR)

_MARKERS: dict[str, str] = {HALF_YEAR: "H", QUARTER: "Q", MONTH: "M"}
_FREQUENCY_FROM_MARKER = {marker: frequency for frequency, marker in _MARKERS.items()}

_YEAR = r"(?P<start>\d{4})\s*[-/]\s*(?P<end>\d{4}|\d{2})"
_PERIOD = re.compile(
    rf"\s*{_YEAR}(?:\s+(?P<marker>[HQM])\s*(?P<index>\d{{1,2}}))?\s*", re.IGNORECASE
)
_YEAR_ANYWHERE = re.compile(_YEAR)


def _financial_year_start(start: str, end: str, written: str) -> int:
    year_start = int(start)
    expected = year_start + 1
    if int(end) not in {expected, expected % 100}:
        raise ValueError(
            f"'{written}' is not a financial year: {end} does not follow {start}"
        )
    return year_start


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a financial year starting in April of `year_start`.

    `index` is 1-based within the year (always 1 for the year itself). Ordering is
    only meaningful between periods of one frequency; compare `end_date()` otherwise.
    """

    year_start: int
    frequency: str = ANNUAL
    index: int = 1

    def __post_init__(self) -> None:
        if self.frequency not in PERIODS_PER_YEAR:
            raise ValueError(
                f"unknown period frequency '{self.frequency}'; "
                f"expected one of {', '.join(FREQUENCIES)}"
            )
        count = PERIODS_PER_YEAR[self.frequency]
        if not 1 <= self.index <= count:
            raise ValueError(
                f"a {self.frequency.replace('_', ' ')} period's index runs from 1 to "
                f"{count}, not {self.index}"
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a normalised period ("2024-25", "2024-25 Q1", "2024-25 M01" …).

        "2024/25" and "2024-2025" are accepted for the year too. Raises ValueError
        naming the text when it is not a period.
        """
        match = _PERIOD.fullmatch(text)
        if match is None:
            raise ValueError(
                f"'{text}' is not a reporting period; expected a financial year such "
                "as '2024-25', optionally followed by H1-H2, Q1-Q4 or M01-M12"
            )
        year_start = _financial_year_start(match["start"], match["end"], text)
        if match["marker"] is None:
            return cls(year_start)
        frequency = _FREQUENCY_FROM_MARKER[match["marker"].upper()]
        try:
            return cls(year_start, frequency, int(match["index"]))
        except ValueError as error:
            raise ValueError(f"'{text}' is not a reporting period: {error}") from None

    @classmethod
    def containing(cls, day: date, frequency: str = ANNUAL) -> Period:
        """The period of the given frequency that ``day`` falls in."""
        fiscal_month = (day.month - 4) % 12 + 1
        year_start = day.year if day.month >= 4 else day.year - 1
        length = 12 // PERIODS_PER_YEAR[frequency]
        return cls(year_start, frequency, (fiscal_month - 1) // length + 1)

    def __str__(self) -> str:
        year = f"{self.year_start}-{(self.year_start + 1) % 100:02d}"
        if self.frequency == ANNUAL:
            return year
        width = 2 if self.frequency == MONTH else 1
        return f"{year} {_MARKERS[self.frequency]}{self.index:0{width}d}"

    def previous(self) -> Period:
        """The period just before this one, of the same frequency."""
        if self.index > 1:
            return Period(self.year_start, self.frequency, self.index - 1)
        return Period(
            self.year_start - 1, self.frequency, PERIODS_PER_YEAR[self.frequency]
        )

    def next(self) -> Period:
        """The period just after this one, of the same frequency."""
        if self.index < PERIODS_PER_YEAR[self.frequency]:
            return Period(self.year_start, self.frequency, self.index + 1)
        return Period(self.year_start + 1, self.frequency, 1)

    def same_period_last_year(self) -> Period:
        """The same period a year earlier: the comparison for seasonal metrics."""
        return Period(self.year_start - 1, self.frequency, self.index)

    def year(self) -> Period:
        """The financial year containing this period."""
        return Period(self.year_start)

    def _months(self) -> tuple[int, int]:
        """First and last month of the period, counted from April as month 1."""
        length = 12 // PERIODS_PER_YEAR[self.frequency]
        return (self.index - 1) * length + 1, self.index * length

    def start_date(self) -> date:
        """The first day of the period."""
        first, _ = self._months()
        return _calendar_month(self.year_start, first, last_day=False)

    def end_date(self) -> date:
        """The last day of the period (31 March of the next year for the year)."""
        _, last = self._months()
        return _calendar_month(self.year_start, last, last_day=True)


def _calendar_month(year_start: int, fiscal_month: int, *, last_day: bool) -> date:
    month = (fiscal_month + 2) % 12 + 1
    year = year_start if fiscal_month <= 9 else year_start + 1
    day = calendar.monthrange(year, month)[1] if last_day else 1
    return date(year, month, day)


def parse_period(text: str) -> Period:
    """Same as Period.parse, for callers that prefer a function."""
    return Period.parse(text)


_HALF = re.compile(r"\b(?:half|mid)[\s-]*year\b|\bh\s*(?P<half>[12])\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b(?:q|quarter)\s*(?P<quarter>[1-4])\b", re.IGNORECASE)
_MONTH = re.compile(r"\bm\s*(?P<month>\d{1,2})\b", re.IGNORECASE)


def period_from_column(text: str) -> Period:
    """The reporting period named in a council column header.

    "2021-22 end of year …" and "2015/16 end of year …" are the year; "2023-24 half
    year" is H1 (the council's half-year report covers April to September); "Q2",
    "quarter 2", "H2" and "M06" name those periods. Words after the period ("metric
    value", "indicator scope") are ignored. Raises ValueError when no financial year
    is named.
    """
    match = _YEAR_ANYWHERE.search(text)
    if match is None:
        raise ValueError(f"no financial year such as '2024-25' in the column '{text}'")
    year_start = _financial_year_start(match["start"], match["end"], text)
    rest = text[match.end() :]
    try:
        if (half := _HALF.search(rest)) is not None:
            return Period(year_start, HALF_YEAR, int(half["half"] or 1))
        if (quarter := _QUARTER.search(rest)) is not None:
            return Period(year_start, QUARTER, int(quarter["quarter"]))
        if (month := _MONTH.search(rest)) is not None:
            return Period(year_start, MONTH, int(month["month"]))
    except ValueError as error:
        raise ValueError(f"the column '{text}' names no period: {error}") from None
    return Period(year_start)


PROVISIONAL = "provisional"
REVISED = "revised"
ESTIMATED = "estimated"
FINAL = "final"
DATA_STATUSES: tuple[str, ...] = (PROVISIONAL, REVISED, ESTIMATED, FINAL)

_STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PROVISIONAL, re.compile(r"provisional|\bprov\b|[(\[]p[)\]]", re.IGNORECASE)),
    (REVISED, re.compile(r"revised|revision|[(\[]r[)\]]", re.IGNORECASE)),
    (ESTIMATED, re.compile(r"estimate|\best\b|[(\[]e[)\]]", re.IGNORECASE)),
)


def data_status_from_label(label: str) -> str:
    """The data status a period label carries: provisional, revised, estimated, final.

    "2023/24 provisional" is provisional, "2022 (r)" revised, "Mid-2023 estimate"
    estimated; a label that says none of these is final. When a label says more than
    one, the first of provisional, revised, estimated wins.
    """
    for status, pattern in _STATUS_PATTERNS:
        if pattern.search(label):
            return status
    return FINAL
