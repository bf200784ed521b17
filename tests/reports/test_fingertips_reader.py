"""The Fingertips data-download reader (issue 19, item 2): pure, no database."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.opendata.fingertips import (
    CALENDAR_YEAR,
    FINANCIAL_PART,
    FINANCIAL_YEAR,
    FINGERTIPS_COLUMNS,
    RANGE,
    REQUIRED_COLUMNS,
    UNMAPPED,
    looks_like_fingertips,
    map_period,
    read_fingertips,
)

SAMPLE = Path(__file__).parent / "samples" / "benchmarking" / "fingertips-download.csv"


def csv_text(
    header: list[str], rows: list[list[str]], end: str = "\n", quote_all: bool = False
) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator=end, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def fingertips_row(**cells: str) -> list[str]:
    """A whole row in Fingertips' column order, Coventry's smoking figure unless
    told otherwise."""
    values = {
        "Indicator ID": "92443",
        "Indicator Name": "Smoking Prevalence in adults (18+) - current smokers (APS)",
        "Area Code": "E08000026",
        "Area Name": "Coventry",
        "Area Type": "Counties & UAs (from Apr 2023)",
        "Sex": "Persons",
        "Age": "18+ yrs",
        "Time period": "2022",
        "Value": "11.6",
        "Lower CI 95.0 limit": "9.1",
        "Upper CI 95.0 limit": "14.1",
        "Lower CI 99.8 limit": "7.8",
        "Upper CI 99.8 limit": "15.4",
    }
    values.update(cells)
    return [values.get(column, "") for column in FINGERTIPS_COLUMNS]


HEADER = list(FINGERTIPS_COLUMNS)


# --- the sample ---------------------------------------------------------------


def test_the_sample_reads_whole() -> None:
    result = read_fingertips(SAMPLE.read_bytes())
    assert result.ok, result.errors
    assert len(result.records) == 28
    assert {record.indicator_id for record in result.records} == {
        "92443",
        "90366",
        "93014",
    }
    coventry = next(
        r
        for r in result.records
        if r.area_code == "E08000026" and r.indicator_id == "93014" and not r.category
    )
    assert coventry.area_name == "Coventry"
    assert coventry.value == Decimal("60.8")
    assert (coventry.lower_95, coventry.upper_95) == (Decimal("57.0"), Decimal("64.5"))
    assert (coventry.lower_99_8, coventry.upper_99_8) == (
        Decimal("54.9"),
        Decimal("66.6"),
    )
    assert (coventry.count, coventry.denominator) == (Decimal(292), Decimal(480))
    assert coventry.period.key == "2021-22"
    assert coventry.period.kind == FINANCIAL_YEAR
    assert coventry.sex == "Persons" and coventry.age == "19+ yrs"
    assert coventry.row == 22  # the header is row 1


def test_the_sample_keeps_categories_notes_and_blank_values() -> None:
    records = read_fingertips(SAMPLE.read_bytes()).records
    decile = [r for r in records if r.category]
    assert len(decile) == 1
    assert decile[0].category == "Most deprived decile (IMD2019)"
    assert decile[0].category_type.startswith("County & UA deprivation deciles")
    walsall = next(
        r for r in records if r.area_code == "E08000030" and r.indicator_id == "92443"
    )
    assert walsall.value is None and walsall.lower_95 is None
    assert walsall.value_note == "Value suppressed: the sample is too small"


def test_the_sample_marks_ranges_and_calendar_years() -> None:
    result = read_fingertips(SAMPLE.read_bytes())
    smoking = [r for r in result.records if r.indicator_id == "92443"]
    assert {r.period.key for r in smoking} == {"2022-23"}
    assert {r.period.kind for r in smoking} == {CALENDAR_YEAR}
    life = [r for r in result.records if r.indicator_id == "90366"]
    assert {(r.period.text, r.period.key, r.period.kind) for r in life} == {
        ("2020 - 22", None, RANGE)
    }
    unmapped = [w for w in result.warnings if w.column == "Time period"]
    assert [w.row for w in unmapped] == [r.row for r in life]
    (group,) = [g for g in result.grouped_warnings() if g.column == "Time period"]
    assert len(group.rows) == 9
    assert "rows 11, 12" in str(group)


# --- periods ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "kind"),
    [
        ("2022/23", "2022-23", FINANCIAL_YEAR),
        ("2022-23", "2022-23", FINANCIAL_YEAR),
        (" 2019/20 ", "2019-20", FINANCIAL_YEAR),
        ("2022/23 Q1", "2022-23 Q1", FINANCIAL_PART),
        ("2023/24 Q4", "2023-24 Q4", FINANCIAL_PART),
        ("2022", "2022-23", CALENDAR_YEAR),
        ("1999", "1999-00", CALENDAR_YEAR),
        ("2020 - 22", None, RANGE),
        ("2018 - 20", None, RANGE),
        ("2018/19 - 20/21", None, RANGE),
        ("2019 Q3", None, UNMAPPED),
        ("Mid-2022", None, UNMAPPED),
        ("", None, UNMAPPED),
    ],
)
def test_map_period(text: str, key: str | None, kind: str) -> None:
    period = map_period(text)
    assert (period.text, period.key, period.kind) == (text, key, kind)
    assert period.note


def test_a_dash_between_two_years_is_a_range_in_fingertips() -> None:
    assert map_period("2021 - 22").key == "2021-22"
    fingertips = map_period("2021 - 22", hyphen_is_range=True)
    assert (fingertips.key, fingertips.kind) == (None, RANGE)
    assert map_period("2021/22", hyphen_is_range=True).key == "2021-22"


def test_the_calendar_year_note_says_how_it_maps() -> None:
    note = map_period("2022").note
    assert "calendar year 2022" in note and "2022-23" in note
    assert "nine of its months" in note


# --- forgiving the file's shape -------------------------------------------------


def test_crlf_bom_case_spacing_extra_columns_and_blank_lines() -> None:
    header = [f"  {column.upper()} " for column in HEADER] + ["Time period range", ""]
    rows = [[*fingertips_row(), "1y", "x"], [""] * 5, fingertips_row(Value="12")]
    text = "\ufeff" + csv_text(header, rows, end="\r\n")
    result = read_fingertips(text.encode("utf-8"))
    assert result.ok, result.errors
    assert [r.value for r in result.records] == [Decimal("11.6"), Decimal(12)]
    assert [r.row for r in result.records] == [2, 4]


def test_only_the_required_columns() -> None:
    header = list(REQUIRED_COLUMNS)
    row = ["92443", "Smoking", "E08000026", "Coventry", "2022/23", "11.6"]
    (record,) = read_fingertips(csv_text(header, [row])).records
    assert record.value == Decimal("11.6")
    assert record.lower_95 is None and record.count is None and record.sex == ""


def test_a_quoted_line_break_is_one_row() -> None:
    rows = [fingertips_row(**{"Value note": "two\nlines"}), fingertips_row(Value="?")]
    result = read_fingertips(csv_text(HEADER, rows))
    assert result.records[0].value_note == "two\nlines"
    assert result.errors[0].row == 3


def test_a_short_row_reads_its_missing_cells_as_blank() -> None:
    row = fingertips_row()[: HEADER.index("Value") + 1]
    (record,) = read_fingertips(csv_text(HEADER, [row])).records
    assert record.value == Decimal("11.6") and record.upper_99_8 is None


def test_windows_1252_is_read_with_a_warning() -> None:
    text = csv_text(HEADER, [fingertips_row(**{"Area Name": "Coventry – city"})])
    result = read_fingertips(text.encode("cp1252"))
    assert result.records[0].area_name == "Coventry – city"
    assert any(w.kind == "not UTF-8" for w in result.warnings)


# --- errors name the row and the column ----------------------------------------


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_a_missing_required_column_is_named(column: str) -> None:
    header = [c for c in HEADER if c != column]
    row = [
        cell for c, cell in zip(HEADER, fingertips_row(), strict=True) if c != column
    ]
    result = read_fingertips(csv_text(header, [row]))
    assert not result.ok and result.records == ()
    (error,) = result.errors
    assert error.column == column and error.row == 1
    assert f"the column '{column}' is missing" in error.message


def test_an_empty_file() -> None:
    result = read_fingertips(b"")
    assert not result.ok
    assert result.errors[0].message == "the file is empty"


@pytest.mark.parametrize(
    "column",
    [
        "Value",
        "Lower CI 95.0 limit",
        "Upper CI 95.0 limit",
        "Lower CI 99.8 limit",
        "Upper CI 99.8 limit",
        "Count",
        "Denominator",
    ],
)
@pytest.mark.parametrize("bad", ["n/a", "12,5", "NaN", "inf", "1.2.3", "*", "12%"])
def test_a_bad_number_names_its_row_and_column(column: str, bad: str) -> None:
    rows = [fingertips_row(), fingertips_row(**{column: bad})]
    result = read_fingertips(csv_text(HEADER, rows))
    assert len(result.records) == 1  # the good row is kept, the bad one left out
    (error,) = result.errors
    assert (error.row, error.column, error.cell) == (3, column, bad)
    assert str(error).startswith(f"row 3, column '{column}': '{bad}' is not a number")


@pytest.mark.parametrize("column", ["Indicator ID", "Area Code", "Time period"])
def test_a_blank_required_cell_names_its_row_and_column(column: str) -> None:
    result = read_fingertips(csv_text(HEADER, [fingertips_row(**{column: " "})]))
    (error,) = result.errors
    assert (error.row, error.column) == (2, column)
    assert "blank" in error.message


def test_an_indicator_id_must_be_a_whole_number() -> None:
    result = read_fingertips(
        csv_text(HEADER, [fingertips_row(**{"Indicator ID": "9x"})])
    )
    (error,) = result.errors
    assert error.column == "Indicator ID"
    assert "not a Fingertips indicator ID" in error.message


def test_errors_are_grouped_by_column_and_kind() -> None:
    rows = [fingertips_row(Value="x") for _ in range(12)] + [fingertips_row(Count="?")]
    result = read_fingertips(csv_text(HEADER, rows))
    groups = result.grouped_errors()
    assert [(g.column, len(g.rows)) for g in groups] == [("Value", 12), ("Count", 1)]
    assert str(groups[0]).startswith(
        "column 'Value', rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more: not a number"
    )


def test_a_lower_limit_above_the_upper_is_a_warning() -> None:
    row = fingertips_row(**{"Lower CI 95.0 limit": "15", "Upper CI 95.0 limit": "9"})
    result = read_fingertips(csv_text(HEADER, [row]))
    assert result.ok and len(result.records) == 1
    (warning,) = [w for w in result.warnings if w.column == "Lower CI 95.0 limit"]
    assert "above the upper limit" in warning.message


def test_looks_like_fingertips() -> None:
    assert looks_like_fingertips(HEADER)
    assert looks_like_fingertips([c.lower() for c in REQUIRED_COLUMNS])
    assert not looks_like_fingertips(["area code", "period", "value"])


# --- properties -------------------------------------------------------------------

numbers = st.decimals(min_value=-(10**12), max_value=10**12, places=6)
optional_numbers = st.one_of(st.none(), numbers)
NUMBER_COLUMNS = [
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
]
FIELDS = [
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "count",
    "denominator",
]


@given(st.lists(st.tuples(*[optional_numbers] * 7), min_size=1, max_size=8))
def test_any_valid_row_round_trips_its_numbers(rows) -> None:
    text = csv_text(
        HEADER,
        [
            fingertips_row(
                **{
                    column: "" if value is None else str(value)
                    for column, value in zip(NUMBER_COLUMNS, row, strict=True)
                }
            )
            for row in rows
        ],
    )
    result = read_fingertips(text)
    assert result.ok, result.errors
    for record, row in zip(result.records, rows, strict=True):
        assert tuple(getattr(record, name) for name in FIELDS) == row


# Text with at least one character that no number has: never a figure.
_NUMBER_CHARACTERS = set("0123456789.+-eE")
garbage = st.text(min_size=1, max_size=12).filter(
    lambda text: (
        text.strip() != ""
        and "\x00" not in text
        and any(not c.isspace() and c not in _NUMBER_CHARACTERS for c in text)
    )
)


@given(st.sampled_from(NUMBER_COLUMNS), garbage)
def test_garbage_in_a_numeric_cell_is_an_error_naming_its_row_and_column(
    column: str, cell: str
) -> None:
    rows = [fingertips_row(), fingertips_row(**{column: cell})]
    # Quoted, as a spreadsheet writes a cell with a line break in it.
    result = read_fingertips(csv_text(HEADER, rows, quote_all=True))
    errors = [e for e in result.errors if e.row == 3]
    assert [e.column for e in errors] == [column]
    assert errors[0].kind == "not a number"
    assert len(result.records) == 1
