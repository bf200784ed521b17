"""Reading Fingertips' data download (OHID's public health profiles) as CSV.

Pure: text or bytes in, typed records and grouped errors out. Nothing here touches
the database or saves anything; issue 19's importer maps the records to metrics,
places and periods and applies issue 11's dry run, confirmation and undo.

**The columns, checked.** Issue 19 lists the columns of the download as: Indicator
ID, Indicator Name, Parent Code, Parent Name, Area Code, Area Name, Area Type, Sex,
Age, Category Type, Category, Time period, Value, Lower CI 95.0 limit, Upper CI 95.0
limit, Lower CI 99.8 limit, Upper CI 99.8 limit, Count, Denominator, Value note,
Recent Trend, Compared to England value or percentiles, Compared to percentiles,
Time period Sortable, New data, Compared to goal. That is the header Fingertips'
own code writes (``CsvBuilderIndicatorDataHeaderWriter`` in OHID's fingertips-open
repository), with one difference the issue does not say: the column after
"Compared to England value or percentiles" is named after the parent area type,
"Compared to percentiles" only when the parent is England, otherwise for example
"Compared to Counties & UAs (from Apr 2021) value or percentiles". Newer downloads
add "Time period range" after "Compared to goal" (seen in the column lists of
published pipelines that read the files). fingertipsR, the R client, reads Value,
both pairs of limits, Count and Denominator as numbers and Indicator ID and Time
period Sortable as integers, as this reader does. So this reader:

- needs Indicator ID, Indicator Name, Area Code, Area Name, Time period and Value
  (a missing one is an error naming it);
- reads the others when present, and ignores any other column (the comparison
  columns, whatever their name, are Fingertips' own verdicts: not read);
- forgives a byte-order mark, CRLF line ends, upper or lower case and extra spaces
  in the header, blank lines and blank optional cells.

**Periods.** "Time period" is kept as given, with the product's period key where
it maps exactly or by a stated rule (``map_period``):

- a financial year "2022/23" (or "2022-23") → "2022-23"; its quarters and months
  as the product's period reader reads them ("2022/23 Q1" → "2022-23 Q1");
- a calendar year "2022" → "2022-23", the financial year that holds nine of its
  twelve months (April to December 2022), marked as a calendar year so the page
  can say so;
- a range of years, pooled ("2020 - 22", "2018/19 - 20/21"), and anything else are
  kept as text and marked unmapped: no one product period holds them. Fingertips
  writes financial years with a slash, so in its files two years joined by a dash
  ("2021 - 22") are a two-year range, not the financial year 2021-22.

Numbers are ``Decimal``, so a figure read is the figure written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from reports.opendata.records import Problem
from scorecard.domain.periods import read_period

# ---------------------------------------------------------------------------
# What every reader returns
# ---------------------------------------------------------------------------

FINANCIAL_YEAR = "financial year"
FINANCIAL_PART = "part of a financial year"
CALENDAR_YEAR = "calendar year"
RANGE = "range of years"
UNMAPPED = "unmapped"


@dataclass(frozen=True, slots=True)
class MappedPeriod:
    """A source's period text, and the product's period key where it maps."""

    text: str
    key: str | None
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One row of a benchmarking source: one area's figure for one period.

    ``row`` is the row of the file it came from, as a spreadsheet numbers it (the
    header is row 1), so a warning about it can name it. Text fields are "" when
    the source has none; numbers are None when the cell is blank.
    """

    row: int
    indicator_id: str
    indicator_name: str
    area_code: str
    area_name: str
    period: MappedPeriod
    value: Decimal | None
    lower_95: Decimal | None = None
    upper_95: Decimal | None = None
    lower_99_8: Decimal | None = None
    upper_99_8: Decimal | None = None
    count: Decimal | None = None
    denominator: Decimal | None = None
    area_type: str = ""
    sex: str = ""
    age: str = ""
    category_type: str = ""
    category: str = ""
    value_note: str = ""


class ReadProblem(Problem):
    """A reader's error or warning: the open-data importer's Problem with no file
    name (the reader is not told it), built from what a reader knows: the row and
    column (either may be None), the message, and ``kind``, a few words that follow
    a count ("3 rows: not a number"), so problems of one kind in one column can be
    shown as one (``ProblemGroup``)."""

    def __init__(
        self,
        row: int | None,
        column: str | None,
        message: str,
        kind: str,
        cell: str | None = None,
    ) -> None:
        super().__init__(
            file="", row=row, column=column, message=message, kind=kind, cell=cell
        )


def read_problem(
    row: int | None,
    column: str | None,
    message: str,
    kind: str,
    cell: str | None = None,
) -> ReadProblem:
    """A reader's problem, naming its row and column (either may be None)."""
    return ReadProblem(row, column, message, kind, cell)


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """Problems of one kind in one column, shown as one line."""

    kind: str
    column: str | None
    rows: tuple[int, ...]
    first: ReadProblem

    def __str__(self) -> str:
        where = f"column '{self.column}'" if self.column else "the file"
        if not self.rows:
            return f"{where}: {self.first.message}"
        shown = ", ".join(str(row) for row in self.rows[:10])
        more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
        noun = "row" if len(self.rows) == 1 else "rows"
        return (
            f"{where}, {noun} {shown}{more}: {self.kind} (first: {self.first.message})"
        )


def group_problems(problems: Sequence[ReadProblem]) -> tuple[ProblemGroup, ...]:
    """Problems grouped by column and kind, in the order each group first appears."""
    groups: dict[tuple[str | None, str], list[ReadProblem]] = {}
    for problem in problems:
        groups.setdefault((problem.column, problem.kind), []).append(problem)
    return tuple(
        ProblemGroup(
            kind=kind,
            column=column,
            rows=tuple(p.row for p in members if p.row is not None),
            first=members[0],
        )
        for (column, kind), members in groups.items()
    )


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader made of a file: the records it read, and what it could not."""

    records: tuple[SourceRecord, ...]
    errors: tuple[ReadProblem, ...] = ()
    warnings: tuple[ReadProblem, ...] = ()
    columns: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def grouped_errors(self) -> tuple[ProblemGroup, ...]:
        return group_problems(self.errors)

    def grouped_warnings(self) -> tuple[ProblemGroup, ...]:
        return group_problems(self.warnings)


# ---------------------------------------------------------------------------
# Shared reading helpers (the long-format reader uses them too)
# ---------------------------------------------------------------------------

BAD_NUMBER = "not a number"
MISSING_CELL = "a required cell is blank"
MISSING_COLUMN = "a required column is missing"
BAD_INTERVAL = "the lower limit is above the upper limit"
NOT_MAPPED = "the period does not map to one product period"
UNREADABLE = "the file cannot be read"

_SPACES = re.compile(r"\s+")
# Plain decimals and scientific notation only: no NaN, no infinity, no "1,234".
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def normalise_header(text: str) -> str:
    """A header cell as compared: no BOM, lower case, single spaces."""
    return _SPACES.sub(" ", text.replace("\ufeff", "").strip()).casefold()


def decode(data: str | bytes) -> tuple[str, list[ReadProblem]]:
    """The text of a download: UTF-8 (with or without a byte-order mark), or
    Windows-1252 with a warning when it is not UTF-8."""
    warnings: list[ReadProblem] = []
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings.append(
                read_problem(
                    None,
                    None,
                    "the file is not UTF-8; it was read as Windows-1252, so check "
                    "the area and indicator names",
                    "not UTF-8",
                )
            )
    else:
        text = data
    return text.removeprefix("\ufeff"), warnings


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each non-blank row. The number is the row as a
    spreadsheet shows it (the header is row 1, a blank row still counts, and a
    quoted cell with line breaks is one row). CRLF and LF are both read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for number, cells in enumerate(reader, start=1):
        if any(cell.strip() for cell in cells):
            yield number, cells


def read_number(text: str) -> Decimal | None:
    """A cell's number, None for a blank cell; ValueError for anything else."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"'{text}' is not a number")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"'{text}' is not a number") from None


def cell_text(cells: Sequence[str], index: int | None) -> str:
    """A row's cell at ``index``, stripped; "" where the row has no such cell."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def row_numbers(
    line: int,
    cells: Sequence[str],
    index_of: Mapping[str, int],
    columns: Mapping[str, str],
) -> tuple[dict[str, Decimal | None], list[ReadProblem]]:
    """The numbers of one row, for each key of ``columns`` (key → the header its
    cell is under; ``index_of``: key → the cell's position): the number, or None
    for a blank cell or a column the file lacks; and an error naming the row and
    column for each cell that is not a number. Both readers read numbers so."""
    numbers: dict[str, Decimal | None] = {}
    errors: list[ReadProblem] = []
    for key, column in columns.items():
        raw = cell_text(cells, index_of.get(key))
        try:
            numbers[key] = read_number(raw)
        except ValueError:
            errors.append(
                read_problem(
                    line,
                    column,
                    f"'{raw}' is not a number (expected a figure such as 12.5, "
                    "or a blank cell)",
                    BAD_NUMBER,
                    raw,
                )
            )
    return numbers, errors


_RANGE = re.compile(
    r"\d{4}(?:\s*[/-]\s*\d{2,4})?\s*(?:-|–|to)\s*\d{2,4}(?:\s*/\s*\d{2,4})?"
)
_CALENDAR_YEAR = re.compile(r"\d{4}")


_HYPHENED_YEARS = re.compile(r"\d{4}\s*[-\u2013]\s*\d{2,4}")


def map_period(text: str, *, hyphen_is_range: bool = False) -> MappedPeriod:
    """The product period a source's period text maps to (see the module's
    docstring): a financial year or a part of one exactly, a calendar year to the
    financial year holding nine of its months, a range or anything else unmapped.

    ``hyphen_is_range``: Fingertips writes a financial year with a slash
    ("2021/22") and a range of calendar years with a dash ("2020 - 22", and a
    two-year range "2021 - 22"), so for its files two years joined by a dash are a
    range, never a financial year.
    """
    cleaned = _SPACES.sub(" ", text.strip())
    if hyphen_is_range and _HYPHENED_YEARS.fullmatch(cleaned):
        return MappedPeriod(
            text,
            None,
            RANGE,
            f"'{text}' pools several calendar years; no one product period holds "
            "it, so it is kept as text",
        )
    if _CALENDAR_YEAR.fullmatch(cleaned):
        year = int(cleaned)
        key = f"{year}-{(year + 1) % 100:02d}"
        return MappedPeriod(
            text,
            key,
            CALENDAR_YEAR,
            f"calendar year {year} (January to December), shown against {key}, the "
            f"financial year that holds nine of its months (April to December "
            f"{year})",
        )
    try:
        period = read_period(cleaned)
    except ValueError:
        period = None
    if period is not None:
        key = str(period)
        if period.frequency == "annual":
            return MappedPeriod(text, key, FINANCIAL_YEAR, f"financial year {key}")
        return MappedPeriod(text, key, FINANCIAL_PART, f"{key}")
    if _RANGE.fullmatch(cleaned):
        return MappedPeriod(
            text,
            None,
            RANGE,
            f"'{text}' pools several years; no one product period holds it, so it is "
            "kept as text",
        )
    return MappedPeriod(
        text, None, UNMAPPED, f"'{text}' is not a period the product can place"
    )


# ---------------------------------------------------------------------------
# The Fingertips reader
# ---------------------------------------------------------------------------

INDICATOR_ID = "Indicator ID"
INDICATOR_NAME = "Indicator Name"
AREA_CODE = "Area Code"
AREA_NAME = "Area Name"
AREA_TYPE = "Area Type"
SEX = "Sex"
AGE = "Age"
CATEGORY_TYPE = "Category Type"
CATEGORY = "Category"
TIME_PERIOD = "Time period"
VALUE = "Value"
LOWER_95 = "Lower CI 95.0 limit"
UPPER_95 = "Upper CI 95.0 limit"
LOWER_99_8 = "Lower CI 99.8 limit"
UPPER_99_8 = "Upper CI 99.8 limit"
COUNT = "Count"
DENOMINATOR = "Denominator"
VALUE_NOTE = "Value note"

REQUIRED_COLUMNS = (
    INDICATOR_ID,
    INDICATOR_NAME,
    AREA_CODE,
    AREA_NAME,
    TIME_PERIOD,
    VALUE,
)
OPTIONAL_TEXT_COLUMNS = (AREA_TYPE, SEX, AGE, CATEGORY_TYPE, CATEGORY, VALUE_NOTE)
NUMBER_COLUMNS = (VALUE, LOWER_95, UPPER_95, LOWER_99_8, UPPER_99_8, COUNT, DENOMINATOR)
# Every column Fingertips writes, in its order (the parent comparison column's
# name varies: see the docstring).
FINGERTIPS_COLUMNS = (
    INDICATOR_ID,
    INDICATOR_NAME,
    "Parent Code",
    "Parent Name",
    AREA_CODE,
    AREA_NAME,
    AREA_TYPE,
    SEX,
    AGE,
    CATEGORY_TYPE,
    CATEGORY,
    TIME_PERIOD,
    VALUE,
    LOWER_95,
    UPPER_95,
    LOWER_99_8,
    UPPER_99_8,
    COUNT,
    DENOMINATOR,
    VALUE_NOTE,
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
)
_INDICATOR_ID = re.compile(r"\d+")


def looks_like_fingertips(headers: Sequence[str]) -> bool:
    """Whether a header row is Fingertips' (its required columns are all there)."""
    present = {normalise_header(header) for header in headers}
    return all(normalise_header(column) in present for column in REQUIRED_COLUMNS)


def read_fingertips(data: str | bytes) -> ReadResult:
    """Read a Fingertips data download. Never raises for a bad file: a missing
    required column is an error naming it (and no rows are read); a bad cell is an
    error naming its row and column, and that row is left out."""
    text, warnings = decode(data)
    rows = csv_rows(text)
    first = next(rows, None)
    if first is None:
        return ReadResult(
            (), (read_problem(None, None, "the file is empty", UNREADABLE),)
        )
    header_line, header = first
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        positions.setdefault(normalise_header(heading), index)
    index_of = {
        column: positions[normalise_header(column)]
        for column in (*REQUIRED_COLUMNS, *OPTIONAL_TEXT_COLUMNS, *NUMBER_COLUMNS)
        if normalise_header(column) in positions
    }
    missing = [column for column in REQUIRED_COLUMNS if column not in index_of]
    if missing:
        return ReadResult(
            (),
            tuple(
                read_problem(
                    header_line,
                    column,
                    f"the column '{column}' is missing; a Fingertips download has "
                    f"the columns {', '.join(REQUIRED_COLUMNS)} (and more)",
                    MISSING_COLUMN,
                )
                for column in missing
            ),
            tuple(warnings),
            tuple(header),
        )
    records: list[SourceRecord] = []
    errors: list[ReadProblem] = []
    number_columns = {column: column for column in NUMBER_COLUMNS}
    for line, cells in rows:

        def cell(column: str, cells: list[str] = cells) -> str:
            return cell_text(cells, index_of.get(column))

        numbers, row_errors = row_numbers(line, cells, index_of, number_columns)
        for column in (INDICATOR_ID, AREA_CODE, TIME_PERIOD):
            if not cell(column):
                row_errors.append(
                    read_problem(line, column, f"the {column} is blank", MISSING_CELL)
                )
        indicator_id = cell(INDICATOR_ID)
        if indicator_id and not _INDICATOR_ID.fullmatch(indicator_id):
            row_errors.append(
                read_problem(
                    line,
                    INDICATOR_ID,
                    f"'{indicator_id}' is not a Fingertips indicator ID (a whole "
                    "number such as 90366)",
                    "not an indicator ID",
                    indicator_id,
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        period = map_period(cell(TIME_PERIOD), hyphen_is_range=True)
        if period.key is None:
            warnings.append(
                read_problem(line, TIME_PERIOD, period.note, NOT_MAPPED, period.text)
            )
        warnings.extend(
            interval_warnings(
                line, numbers, ((LOWER_95, UPPER_95), (LOWER_99_8, UPPER_99_8))
            )
        )
        records.append(
            SourceRecord(
                row=line,
                indicator_id=indicator_id,
                indicator_name=cell(INDICATOR_NAME),
                area_code=cell(AREA_CODE),
                area_name=cell(AREA_NAME),
                period=period,
                value=numbers[VALUE],
                lower_95=numbers[LOWER_95],
                upper_95=numbers[UPPER_95],
                lower_99_8=numbers[LOWER_99_8],
                upper_99_8=numbers[UPPER_99_8],
                count=numbers[COUNT],
                denominator=numbers[DENOMINATOR],
                area_type=cell(AREA_TYPE),
                sex=cell(SEX),
                age=cell(AGE),
                category_type=cell(CATEGORY_TYPE),
                category=cell(CATEGORY),
                value_note=cell(VALUE_NOTE),
            )
        )
    return ReadResult(tuple(records), tuple(errors), tuple(warnings), tuple(header))


def interval_warnings(
    line: int,
    numbers: dict[str, Decimal | None],
    pairs: Sequence[tuple[str, str]],
) -> list[ReadProblem]:
    """A warning for each (lower, upper) pair of columns whose lower limit is above
    its upper limit."""
    found = []
    for lower_column, upper_column in pairs:
        lower, upper = numbers.get(lower_column), numbers.get(upper_column)
        if lower is not None and upper is not None and lower > upper:
            found.append(
                read_problem(
                    line,
                    lower_column,
                    f"the lower limit {lower} is above the upper limit {upper} "
                    f"('{upper_column}'); the figure will not be compared",
                    BAD_INTERVAL,
                )
            )
    return found
