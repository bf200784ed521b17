"""Reporting periods on the council's financial year (April to March).

The normalised forms are "2024-25" (the year), "2024-25 H1"/"H2", "2024-25 Q1".."Q4"
and "2024-25 M01".."M12", where M01 is April.
"""

from __future__ import annotations

import calendar
import functools
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
# English month names whatever the process's locale (calendar.month_name follows it).
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# The earliest and latest financial years the product accepts: wide enough for every
# published history and plan, narrow enough that a slip ("2999-00") is caught.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2099

# Every dash people type (hyphen, en and em dash, minus, non-breaking hyphen) and the
# slash separate the two years.
_SEPARATOR = r"[-\u2010\u2011\u2012\u2013\u2014\u2212/]"
_YEAR = rf"(?P<start>\d{{4}})\s*{_SEPARATOR}\s*(?P<end>\d{{4}}|\d{{2}})"
_YEAR_ANYWHERE = re.compile(_YEAR)

_WRITTEN_YEAR = rf"(?P<start>\d{{4}}|\d{{2}})\s*{_SEPARATOR}\s*(?P<end>\d{{4}}|\d{{2}})"
# "FY 2024/25", "financial year 2024-25": a prefix that says what the text is.
_PREFIX = r"(?:(?:fy|f/y|financial\s+year)\s*:?\s*)?"
_MARKER = r"(?P<marker>quarter|half|month|[hqm])\s*(?P<index>\d{1,2})"
# The year then the part of it ("2024-25 Q2"), or the part then the year
# ("Q2 2024-25"); the second needs a space or comma so "Q22024-25" is not read.
_PERIOD_FORMS = (
    re.compile(rf"{_PREFIX}{_WRITTEN_YEAR}(?:[\s,]*{_MARKER})?", re.IGNORECASE),
    re.compile(rf"{_MARKER}[\s,]+{_PREFIX}{_WRITTEN_YEAR}", re.IGNORECASE),
)
_CALENDAR_YEAR = re.compile(rf"{_PREFIX}(?P<year>\d{{4}})", re.IGNORECASE)
_MARKER_FREQUENCY = {
    "h": HALF_YEAR,
    "half": HALF_YEAR,
    "q": QUARTER,
    "quarter": QUARTER,
    "m": MONTH,
    "month": MONTH,
}
_INVISIBLE = str.maketrans({"\ufeff": None, "\u00a0": " ", "\u202f": " "})

EXPECTED_PERIOD = (
    "expected a financial year such as '2024-25' (also written 2024/25, 24/25 or "
    "FY 2024-25), optionally with a half, quarter or month: '2024-25 H1', "
    "'2024-25 Q2', 'Q2 2024-25', '2024-25 M01'"
)
_EXPECTED_YEAR = (
    "is not a financial year; expected a year such as '2024-25' (also written "
    "2024/25, 24/25 or FY 2024-25)"
)


def _two_digit_century(two_digits: int) -> int:
    """The full year of a two-digit one, as strptime's %y reads it: 69-99 are the
    1900s, 00-68 the 2000s (a council's figures go back decades, not forward)."""
    return 1900 + two_digits if two_digits >= 69 else 2000 + two_digits


def _financial_year_start(start: str, end: str, written: str) -> int:
    if len(start) == 2:
        if len(end) == 4:
            year_start = int(end) - 1
            if year_start % 100 != int(start):
                raise ValueError(
                    f"'{written}' is not a financial year: {end} does not follow "
                    f"{start}"
                )
        else:
            year_start = _two_digit_century(int(start))
    else:
        year_start = int(start)
    expected = year_start + 1
    if int(end) not in {expected, expected % 100}:
        raise ValueError(
            f"'{written}' is not a financial year: {end} does not follow {start}"
        )
    if not EARLIEST_YEAR <= year_start <= LATEST_YEAR:
        raise ValueError(
            f"'{written}' is out of range: financial years from "
            f"{EARLIEST_YEAR}-{(EARLIEST_YEAR + 1) % 100:02d} to "
            f"{LATEST_YEAR}-{(LATEST_YEAR + 1) % 100:02d} are accepted"
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
        """The period however it is written: the same as read_period."""
        return read_period(text)

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

    def label(self) -> str:
        """The period as people read it: "2025/26", "2025/26 H1", "2025/26 Q2" and,
        for a month, its name and calendar year ("April 2025"). ``str()`` stays the
        key the product stores and the API and exports carry ("2025-26 Q2")."""
        year = f"{self.year_start}/{(self.year_start + 1) % 100:02d}"
        if self.frequency == ANNUAL:
            return year
        if self.frequency == MONTH:
            first = self.start_date()
            return f"{_MONTH_NAMES[first.month - 1]} {first.year}"
        return f"{year} {_MARKERS[self.frequency]}{self.index}"

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


@functools.lru_cache(maxsize=4096)
def _calendar_month(year_start: int, fiscal_month: int, *, last_day: bool) -> date:
    month = (fiscal_month + 2) % 12 + 1
    year = year_start if fiscal_month <= 9 else year_start + 1
    day = calendar.monthrange(year, month)[1] if last_day else 1
    return date(year, month, day)


@functools.lru_cache(maxsize=16384)
def read_period(text: str) -> Period:
    """The one reader of periods: every way people write a year or a part of one.

    The year: "2024-25", "2024/25", "24/25", "2024-2025", "2024 - 25", "2024–25",
    "FY 2024/25", "financial year 2024-25". A part of it, after or before the year:
    "2024-25 Q2", "2024/25 q2", "Q2 2024-25", "quarter 2 2024-25", "2024-25 H1",
    "2024-25 M01" (M01 is April), "2024-25 M1". Case and spacing are forgiven.
    ``str()`` of the result is the normalised form ("2024-25", "2024-25 Q2") that
    the product stores, so two spellings of one period are one period.

    Raises ValueError saying what it expects, with an example. (Cached: periods are
    read over and over on every page, and a Period is immutable.)
    """
    cleaned = text.translate(_INVISIBLE).strip()
    match = None
    for form in _PERIOD_FORMS:
        match = form.fullmatch(cleaned)
        if match is not None:
            break
    if match is None:
        calendar_year = _CALENDAR_YEAR.fullmatch(cleaned)
        if calendar_year is not None:
            year = int(calendar_year["year"])
            raise ValueError(
                f"'{text}' is not a reporting period: a financial year runs from "
                f"April to March, so write '{year}-{(year + 1) % 100:02d}' (April "
                f"{year} to March {year + 1}) or '{year - 1}-{year % 100:02d}'"
            )
        raise ValueError(f"'{text}' is not a reporting period; {EXPECTED_PERIOD}")
    year_start = _financial_year_start(match["start"], match["end"], text)
    if match["marker"] is None:
        return Period(year_start)
    frequency = _MARKER_FREQUENCY[match["marker"].casefold()]
    try:
        return Period(year_start, frequency, int(match["index"]))
    except ValueError as error:
        raise ValueError(f"'{text}' is not a reporting period: {error}") from None


def period_label(text: object) -> str:
    """A stored period key ("2025-26", "2025-26 Q2") as people read it ("2025/26",
    "2025/26 Q2"): the one function pages, the PDF, email and charts call. Text that
    is no financial-year period (a comparator's "2023" or "Mid-2023 estimate", an
    empty value) is returned as it is, never refused."""
    if isinstance(text, Period):
        return text.label()
    written = "" if text is None else str(text)
    try:
        return read_period(written).label()
    except ValueError:
        return written


def frequency_of(text: str) -> str | None:
    """A stored period key's frequency ("annual", "quarterly", …), or None for text
    that is no period (a comparator's "Mid-2023 estimate")."""
    try:
        return Period.parse(text).frequency
    except ValueError:
        return None


# A stored key inside a sentence: "2024-25", "2024-25 Q2", "2024-25 H1", "2024-25 M06".
_KEY_IN_TEXT = re.compile(r"(?<![\d/-])\d{4}-\d{2}(?: (?:[HQ]\d|M\d\d))?(?![\d/-])")


def with_period_labels(text: object) -> str:
    """A sentence with each stored period key in it as people read it: "Improved
    from 1,000 (2023-24) to 1,100 (2024-25)" reads "... (2023/24) to ... (2024/25)".
    For the reasons and sentences the engine stored with their verdicts; a span that
    is no financial year ("2022-30", a plan's years) is left as it is."""
    written = "" if text is None else str(text)
    return _KEY_IN_TEXT.sub(lambda match: period_label(match[0]), written)


def parse_period(text: str) -> Period:
    """Same as read_period, for callers that know it by this name."""
    return read_period(text)


def read_year(text: str) -> Period:
    """A financial year (not a part of one) however it is written, or ValueError
    saying what is expected."""
    try:
        period = read_period(text)
    except ValueError as error:
        message = str(error).replace(
            f"is not a reporting period; {EXPECTED_PERIOD}", _EXPECTED_YEAR
        )
        raise ValueError(message) from None
    if period.frequency != ANNUAL:
        raise ValueError(
            f"'{text}' is a {period.frequency.replace('_', ' ')}, not a year; "
            f"expected a year such as '{period.year()}'"
        )
    return period


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
