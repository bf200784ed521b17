"""The long-format reader with a column mapping (issue 19, item 2): pure."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.opendata.fingertips import (
    CALENDAR_YEAR,
    FINANCIAL_YEAR,
    FINGERTIPS_COLUMNS,
    RANGE,
    SourceRecord,
)
from reports.opendata.long_format import ColumnMapping, read, suggest_mapping

SAMPLES = Path(__file__).parent / "samples" / "benchmarking"
LG_INFORM = SAMPLES / "lg-inform-long.csv"
EXPLORE_LOCAL = SAMPLES / "ons-explore-local-statistics.csv"

MAPPING = ColumnMapping(
    area_code="Area code",
    area_name="Area name",
    period="Period",
    value="Value",
    lower="Lower",
    upper="Upper",
    count="Count",
    denominator="Denominator",
)
HEADER = [
    "Area code",
    "Area name",
    "Period",
    "Value",
    "Lower",
    "Upper",
    "Count",
    "Denominator",
]


def csv_text(header: list[str], rows: list[list[str]], quote_all: bool = False) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator="\n", quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def row(**cells: str) -> list[str]:
    values = {
        "Area code": "E08000026",
        "Area name": "Coventry",
        "Period": "2023/24",
        "Value": "22.9",
        "Lower": "20.1",
        "Upper": "25.7",
        "Count": "229",
        "Denominator": "1000",
    }
    values.update(cells)
    return [values[column] for column in HEADER]


# --- suggesting a mapping ---


def test_suggest_mapping_for_lg_inform() -> None:
    headers = ["area", "area label", "area long label", "period", "value"]
    assert suggest_mapping(headers) == ColumnMapping(
        area_code="area", area_name="area label", period="period", value="value"
    )


def test_suggest_mapping_for_explore_local_statistics() -> None:
    headers = [
        "indicator",
        "areacd",
        "areanm",
        "period",
        "value",
        "lci",
        "uci",
        "status",
    ]
    assert suggest_mapping(headers) == ColumnMapping(
        area_code="areacd",
        area_name="areanm",
        period="period",
        value="value",
        lower="lci",
        upper="uci",
        indicator_name="indicator",
    )


def test_suggest_mapping_for_the_older_explore_local_statistics_files() -> None:
    mapping = suggest_mapping(["\ufeffAREACD", "AREANM", "Period", "Value"])
    assert (mapping.area_code, mapping.area_name, mapping.period, mapping.value) == (
        "AREACD",
        "AREANM",
        "Period",
        "Value",
    )


def test_suggest_mapping_for_a_fingertips_shaped_file() -> None:
    mapping = suggest_mapping(list(FINGERTIPS_COLUMNS))
    assert mapping == ColumnMapping(
        area_code="Area Code",
        area_name="Area Name",
        period="Time period",
        value="Value",
        lower="Lower CI 95.0 limit",
        upper="Upper CI 95.0 limit",
        count="Count",
        denominator="Denominator",
        indicator_id="Indicator ID",
        indicator_name="Indicator Name",
    )


def test_suggest_mapping_reads_a_99_8_interval() -> None:
    headers = [
        "Area code",
        "Period",
        "Value",
        "Lower CI 99.8 limit",
        "Upper CI 99.8 limit",
    ]
    mapping = suggest_mapping(headers)
    assert (mapping.lower, mapping.upper, mapping.interval_level) == (
        "Lower CI 99.8 limit",
        "Upper CI 99.8 limit",
        "99.8",
    )
    (record,) = read(
        csv_text(headers, [["E08000026", "2023/24", "5", "4", "6"]]), mapping
    ).records
    assert (record.lower_99_8, record.upper_99_8) == (Decimal(4), Decimal(6))


def test_suggest_mapping_guesses_nothing_from_unknown_headers() -> None:
    mapping = suggest_mapping(["Foo", "Bar", ""])
    assert mapping == ColumnMapping()
    assert mapping.missing() == ("area_code", "period", "value")


def test_the_first_of_two_equal_headers_is_used() -> None:
    mapping = suggest_mapping(["Area code", "AREA CODE", "period", "value"])
    assert mapping.area_code == "Area code"


# --- the mapping itself ---


def test_the_mapping_is_saved_and_restored() -> None:
    saved = MAPPING.as_dict()
    assert saved["area_code"] == "Area code" and saved["interval_level"] == "95"
    assert ColumnMapping.from_dict({**saved, "unknown": "x"}) == MAPPING


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        (
            ColumnMapping(period="Period", value="Value"),
            "which column holds the area code",
        ),
        (ColumnMapping(area_code="A", value="Value"), "which column holds the period"),
        (ColumnMapping(area_code="A", period="P"), "which column holds the value"),
        (
            ColumnMapping(area_code="A", period="P", value="V", lower="L"),
            "both its lower and its upper limit",
        ),
        (
            ColumnMapping(area_code="A", period="P", value="V", interval_level="90"),
            "95 or 99.8, not '90'",
        ),
        (
            ColumnMapping(area_code="A", period="P", value="a"),
            "mapped to both the area code and the value",
        ),
    ],
)
def test_a_bad_mapping_is_refused_in_words(mapping, problem) -> None:
    assert any(problem in p for p in mapping.problems())
    result = read(csv_text(HEADER, [row()]), mapping)
    assert not result.ok and result.records == ()
    assert any(problem in e.message for e in result.errors)


# --- the samples ---


def test_the_lg_inform_sample_reads_through_its_suggested_mapping() -> None:
    text = LG_INFORM.read_text()
    mapping = suggest_mapping(text.splitlines()[0].split(","))
    result = read(text, mapping)
    assert result.ok, result.errors
    assert len(result.records) == 16
    first = result.records[0]
    assert first == SourceRecord(
        row=2,
        indicator_id="",
        indicator_name="",
        area_code="E08000026",
        area_name="Coventry",
        period=first.period,
        value=Decimal("23.4"),
    )
    assert (first.period.key, first.period.kind) == ("2022-23", FINANCIAL_YEAR)
    walsall = next(r for r in result.records if r.area_code == "E08000030")
    assert walsall.value is None
    assert {r.period.key for r in result.records} == {"2022-23", "2023-24"}


def test_the_explore_local_statistics_sample_keeps_intervals_and_periods() -> None:
    data = EXPLORE_LOCAL.read_bytes()
    headers = data.decode().splitlines()[0].split(",")
    result = read(data, suggest_mapping(headers))
    assert result.ok, result.errors
    assert len(result.records) == 16
    coventry = result.records[0]
    assert coventry.indicator_name == "Healthy life expectancy"
    assert (coventry.value, coventry.lower_95, coventry.upper_95) == (
        Decimal("59.8"),
        Decimal("57.1"),
        Decimal("62.5"),
    )
    assert coventry.lower_99_8 is None
    assert (coventry.period.key, coventry.period.kind) == (None, RANGE)
    income = [r for r in result.records if r.indicator_name.startswith("Gross")]
    assert {(r.period.key, r.period.kind) for r in income} == {
        ("2021-22", CALENDAR_YEAR)
    }
    assert all(r.lower_95 is None for r in income)
    # the eight pooled healthy life expectancy rows are warned about, as one group
    (group,) = result.grouped_warnings()
    assert group.column == "period" and len(group.rows) == 8


def test_an_interval_at_99_8_goes_to_the_99_8_limits() -> None:
    mapping = ColumnMapping.from_dict({**MAPPING.as_dict(), "interval_level": "99.8"})
    (record,) = read(csv_text(HEADER, [row()]), mapping).records
    assert (record.lower_99_8, record.upper_99_8) == (Decimal("20.1"), Decimal("25.7"))
    assert record.lower_95 is None and record.upper_95 is None


# --- errors name the row and the column ---


def test_a_mapped_column_missing_from_the_file_is_named() -> None:
    header = [h for h in HEADER if h != "Upper"]
    rows = [[c for h, c in zip(HEADER, row(), strict=True) if h != "Upper"]]
    result = read(csv_text(header, rows), MAPPING)
    (error,) = result.errors
    assert (error.row, error.column) == (1, "Upper")
    assert "mapped to the upper limit" in error.message


def test_headers_match_whatever_their_case_and_spacing() -> None:
    header = [f" {h.upper()}  " for h in HEADER]
    assert read(csv_text(header, [row()]), MAPPING).ok


@pytest.mark.parametrize("column", ["Value", "Lower", "Upper", "Count", "Denominator"])
def test_a_bad_number_names_its_row_and_the_files_column(column: str) -> None:
    result = read(csv_text(HEADER, [row(), row(**{column: "c."})]), MAPPING)
    assert len(result.records) == 1
    (error,) = result.errors
    assert (error.row, error.column, error.cell) == (3, column, "c.")


@pytest.mark.parametrize("column", ["Area code", "Period"])
def test_a_blank_required_cell_is_named(column: str) -> None:
    (error,) = read(csv_text(HEADER, [row(**{column: ""})]), MAPPING).errors
    assert (error.row, error.column) == (2, column)


def test_an_empty_file() -> None:
    assert read("", MAPPING).errors[0].message == "the file is empty"


def test_a_lower_limit_above_the_upper_is_a_warning() -> None:
    result = read(csv_text(HEADER, [row(Lower="30")]), MAPPING)
    assert result.ok
    assert [w.column for w in result.warnings] == ["Lower"]


# --- properties ---

numbers = st.decimals(min_value=-(10**12), max_value=10**12, places=6)
optional_numbers = st.one_of(st.none(), numbers)
NUMBER_HEADERS = ["Value", "Lower", "Upper", "Count", "Denominator"]
FIELDS = ["value", "lower_95", "upper_95", "count", "denominator"]


@given(st.lists(st.tuples(*[optional_numbers] * 5), min_size=1, max_size=8))
def test_any_valid_row_round_trips_its_numbers(generated) -> None:
    rows = [
        row(
            **{
                column: "" if value is None else str(value)
                for column, value in zip(NUMBER_HEADERS, numbers_, strict=True)
            }
        )
        for numbers_ in generated
    ]
    result = read(csv_text(HEADER, rows), MAPPING)
    assert result.ok, result.errors
    for record, expected in zip(result.records, generated, strict=True):
        assert tuple(getattr(record, name) for name in FIELDS) == expected


_NUMBER_CHARACTERS = set("0123456789.+-eE")
garbage = st.text(min_size=1, max_size=12).filter(
    lambda text: (
        "\x00" not in text
        and any(not c.isspace() and c not in _NUMBER_CHARACTERS for c in text)
    )
)


@given(st.sampled_from(NUMBER_HEADERS), garbage)
def test_garbage_in_a_numeric_cell_is_an_error_naming_its_row_and_column(
    column: str, cell: str
) -> None:
    text = csv_text(HEADER, [row(), row(**{column: cell})], quote_all=True)
    result = read(text, MAPPING)
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert len(result.records) == 1
