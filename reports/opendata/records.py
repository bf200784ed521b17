"""What a reader makes of a file, before anything touches the database.

Both formats read into the same records: a metric (one council row, or the tidy rows
that share a metric), the facts of that metric in a plan for a report year, and its
value and comparator cells. Every record keeps the row and column it came from, so a
warning or an error can name them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from coventry_pm.core.exceptions import ApplicationError
from scorecard.services.values import STORED_PLACES


def column_letter(number: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 → A, 28 → AB)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning or an error, naming the file, row and column it is about.

    Every reader's problem is one of these: the open-data readers name the file,
    the benchmarking readers (reports.opendata.fingertips, long_format) leave
    ``file`` empty, and ``where`` then says "row 3, column 'Value'" (or "the
    file" when neither is known).

    ``kind`` says, in a few words that follow a count ("12 cells …"), what kind of
    warning it is, and ``cell`` the text of the cell it is about, so warnings of
    one kind in one column can be shown as one (outcome.WarningGroup). Both are
    optional: a warning without a kind is grouped by its message's wording."""

    file: str
    row: int | None
    column: str | None
    message: str
    column_number: int | None = None
    kind: str = ""
    cell: str | None = None

    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            column = f"column '{self.column}'"
            if self.column_number:
                column += f" ({column_letter(self.column_number)})"
            parts.append(column)
        return ", ".join(parts) or "the file"

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "column_number": self.column_number,
            "message": self.message,
            "kind": self.kind,
            "cell": self.cell,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(
            file=data["file"],
            row=data.get("row"),
            column=data.get("column"),
            message=data["message"],
            column_number=data.get("column_number"),
            kind=data.get("kind") or "",
            cell=data.get("cell"),
        )


class OpenDataError(ApplicationError):
    """A file cannot be imported. The message names the file, row and column."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem), extra=problem.as_dict())
        self.problem = problem


@dataclass(slots=True)
class ValueCell:
    """One written figure of the metric itself (the place, or one of its groups)."""

    row: int
    column: str
    column_number: int
    period: str
    period_label: str
    data_status: str
    scope: str
    text: str
    revision: int | None = None
    breakdown: str = ""
    breakdown_group: str = ""
    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    # The tidy format states its numbers; a council cell is read from its text.
    numbers_given: bool = False


@dataclass(slots=True)
class ComparatorCell:
    """One written figure of a comparator or of the national series."""

    row: int
    column: str
    column_number: int
    name: str
    kind: str  # "comparator" or "national"
    period: str
    period_label: str
    text: str
    revision: int | None = None
    number: Decimal | None = None
    numbers_given: bool = False


@dataclass(slots=True)
class MemberCell:
    """A place's figure as a tidy member row gives it (scope kind member), and
    the groups the rows for it say the place is a member of: ``(group name,
    version number, the version's first year, row)``. One figure however many
    rows (one per group) repeat it."""

    row: int
    column: str
    column_number: int
    period: str
    period_label: str
    revision: int | None
    area_code: str
    place_name: str
    text: str
    number: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    count: Decimal | None = None
    denominator: Decimal | None = None
    groups: list[tuple[str, int, str, int]] = field(default_factory=list)

    def figure(self) -> tuple[object, ...]:
        return (
            self.period_label,
            self.text,
            self.number,
            self.lower_ci,
            self.upper_ci,
            self.count,
            self.denominator,
        )


@dataclass(slots=True)
class YearFacts:
    """A metric in a plan's publication for one report year, as the file states it.

    None means the file does not say (the column is absent, or a tidy cell is blank
    where blank means "not stated"); an empty string means "stated as none".

    ``year`` is the period the facts are for: a financial year, or the first half
    of one for a half-year file's verdicts ("2017-18 H1"). ``own`` is False for
    what a council file states about a period other than its own report period
    (an earlier year's target or verdict it repeats, or the end-of-year target a
    half-year file states): those fill what nothing has recorded yet and never
    replace what is (the period's own file wins). ``supporting``: the headline
    flag says the metric supports the plan that year without being headline.
    """

    plan: str | None
    year: str
    row: int
    sort_order: int | None = None
    priority: str | None = None
    objective: str | None = None
    headline: bool | None = None
    progress: str | None = None
    target_status: str | None = None
    target: str | None = None
    target_column: str = "Target"
    target_column_number: int | None = None
    listed: bool = False  # the file lists the metric in this year's publication
    own: bool = True
    supporting: bool | None = None

    def key(self) -> tuple[object, ...]:
        return (
            self.sort_order,
            self.priority,
            self.objective,
            self.headline,
            self.progress,
            self.target_status,
            self.target,
        )


@dataclass(slots=True)
class MetricEntry:
    """One metric as a file describes it."""

    row: int
    name: str
    unit: str
    code: str = ""
    direction: str | None = None  # "up", "down" or None when the file does not say
    perspective: str | None = None
    equality_flag: bool | None = None
    marmot_flag: bool | None = None
    lg_inform_id: int | None = None  # LG Inform's metric ID, where the file gives one
    lg_inform_note: str = ""  # what the LG Inform column says when it is no ID
    occurrence: int = 1  # the n-th row of the file with this name and unit
    name_column: str = "Metric"
    facts: dict[tuple[str | None, str], YearFacts] = field(default_factory=dict)
    values: list[ValueCell] = field(default_factory=list)
    comparators: list[ComparatorCell] = field(default_factory=list)
    last_row: int = 0
    # Tidy files only (benchmarking): other places' figures, and the group whose
    # rank the metric's own rows show in each year: year → (group name, row).
    members: list[MemberCell] = field(default_factory=list)
    shown_groups: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedFile:
    """A whole file, read and validated, ready to apply."""

    name: str
    layout: str  # one of LAYOUTS
    rows_read: int
    metrics: list[MetricEntry]
    warnings: list[Problem]
    plans_named: list[str] = field(default_factory=list)
    plan: str | None = None  # the plan whose columns were read (council layouts)
    # Council layouts: the year whose headline list and listing the file states,
    # and the period its own verdict columns are for: the year itself, or its
    # first half for a half-year file ("2017-18 H1").
    report_year: str | None = None
    report_period: str | None = None
    latest_year: str | None = None  # the latest financial year with a figure


COUNCIL_NEWER = "council-2022-30"
COUNCIL_OLDER = "council-2016-24"
TIDY = "tidy"
LAYOUTS = {
    COUNCIL_NEWER: "Council open data, newer layout (plans named in the columns)",
    COUNCIL_OLDER: "Council open data, older layout (2016-24 plan)",
    TIDY: "Tidy format (one row per value)",
}
OLDER_LAYOUT_PLAN = "2016-24"


def read_decimal(text: str) -> Decimal | None:
    """A plain number as the tidy format writes it ("1234.5", "-3", "1,234"), or None
    when the text is not one."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number


def stored(number: Decimal | None) -> Decimal | None:
    """A number rounded to the six places the database keeps."""
    return None if number is None else number.quantize(STORED_PLACES)


def format_number(number: Decimal | None) -> str:
    """A stored number without trailing zeros or exponent ("12.4", "7020118")."""
    if number is None:
        return ""
    normalised = number.normalize()
    if normalised == normalised.to_integral_value():
        normalised = normalised.quantize(Decimal(1))
    text = f"{normalised:f}"
    return "0" if text == "-0" else text
