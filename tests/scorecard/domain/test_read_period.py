"""read_period: the one reader of periods, for every way people write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.periods import (
    EARLIEST_YEAR,
    FREQUENCIES,
    LATEST_YEAR,
    PERIODS_PER_YEAR,
    Period,
    parse_period,
    read_period,
    read_year,
)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        # the year, every spelling issue 14 lists
        ("2027/28", "2027-28"),
        ("2027-28", "2027-28"),
        ("27/28", "2027-28"),
        ("27-28", "2027-28"),
        ("2027-2028", "2027-28"),
        ("2027/2028", "2027-28"),
        ("FY 2027/28", "2027-28"),
        ("FY2027-28", "2027-28"),
        ("fy 27/28", "2027-28"),
        ("F/Y 2027/28", "2027-28"),
        ("Financial year 2027-28", "2027-28"),
        ("financial year: 2027/28", "2027-28"),
        # dashes people type, spaces, invisible characters
        ("2027–28", "2027-28"),
        ("2027—28", "2027-28"),
        ("2027−28", "2027-28"),
        ("2027 / 28", "2027-28"),
        ("\ufeff2027-28", "2027-28"),
        ("2027-28\u00a0", "2027-28"),
        # two-digit years as strptime reads them, and a 2-digit start with 4-digit end
        ("99/00", "1999-00"),
        ("68/69", "2068-69"),
        ("69/70", "1969-70"),
        ("24-2025", "2024-25"),
        # parts of the year, after or before it
        ("2024-25 Q2", "2024-25 Q2"),
        ("2024/25 Q2", "2024-25 Q2"),
        ("2024/25 q2", "2024-25 Q2"),
        ("2024-25Q2", "2024-25 Q2"),
        ("Q2 2024-25", "2024-25 Q2"),
        ("Q2 2024/25", "2024-25 Q2"),
        ("Q2, 2024/25", "2024-25 Q2"),
        ("quarter 3 2024-25", "2024-25 Q3"),
        ("2024-25 quarter 4", "2024-25 Q4"),
        ("2024-25 H1", "2024-25 H1"),
        ("H2 24/25", "2024-25 H2"),
        ("2024-25 half 2", "2024-25 H2"),
        ("2024-25 M01", "2024-25 M01"),
        ("2024-25 M1", "2024-25 M01"),
        ("M12 2024-25", "2024-25 M12"),
        ("2024-25 month 6", "2024-25 M06"),
        ("FY 2024/25 Q1", "2024-25 Q1"),
        ("Q1 FY 2024/25", "2024-25 Q1"),
        # the bounds of the range
        ("1900-01", "1900-01"),
        ("2099-00", "2099-00"),
    ],
)
def test_every_spelling_is_read_as_one_period(text: str, normalised: str) -> None:
    assert str(read_period(text)) == normalised
    assert Period.parse(text) == read_period(text) == parse_period(text)


def test_two_spellings_of_a_year_are_one_period() -> None:
    assert read_period("2027/28") == read_period("2027-28") == Period(2027)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2999-00", "'2999-00' is out of range: financial years from 1900-01 to "),
        ("1899-00", "is out of range"),
        ("2100-01", "is out of range"),
        ("2027", "'2027' is not a reporting period: a financial year runs from "),
        ("2027", "write '2027-28' (April 2027 to March 2028) or '2026-27'"),
        ("FY 2027", "write '2027-28'"),
        ("2024-26", "'2024-26' is not a financial year: 26 does not follow 2024"),
        ("27/29", "'27/29' is not a financial year: 29 does not follow 27"),
        ("23-2025", "2025 does not follow 23"),
        ("2024-25 Q5", "a quarter period's index runs from 1 to 4, not 5"),
        ("Q0 2024-25", "a quarter period's index runs from 1 to 4, not 0"),
        ("2024-25 H3", "index runs from 1 to 2, not 3"),
        ("2024-25 M13", "index runs from 1 to 12, not 13"),
        ("2024-25 W1", "expected a financial year such as '2024-25'"),
        ("Q22024-25", "expected a financial year such as '2024-25'"),
        ("next year", "such as '2024-25'"),
        ("", "'' is not a reporting period; expected"),
        ("2024-25 Q2 Q3", "is not a reporting period"),
    ],
)
def test_what_is_not_a_period_is_refused_saying_what_is_expected(
    text: str, message: str
) -> None:
    with pytest.raises(ValueError) as error:
        read_period(text)
    assert message in str(error.value)


def test_the_refusal_gives_examples_of_every_shape() -> None:
    with pytest.raises(ValueError) as error:
        read_period("abc")
    for example in ("'2024-25'", "2024/25", "'2024-25 H1'", "'2024-25 Q2'", "M01"):
        assert example in str(error.value)


@pytest.mark.parametrize(
    ("text", "year"), [("2024/25", "2024-25"), ("FY 24-25", "2024-25")]
)
def test_read_year_reads_a_year(text: str, year: str) -> None:
    assert str(read_year(text)) == year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-25 Q2", "'2024-25 Q2' is a quarter, not a year; expected a year "),
        ("2024-25 H1", "is a half year, not a year"),
        ("abc", "'abc' is not a financial year; expected a year such as '2024-25'"),
        ("2999-00", "is out of range"),
        ("2024", "write '2024-25'"),
    ],
)
def test_read_year_refuses_what_is_not_a_year(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        read_year(text)
    assert message in str(error.value)


periods = st.builds(
    lambda year, frequency, position: Period(
        year, frequency, position % PERIODS_PER_YEAR[frequency] + 1
    ),
    st.integers(min_value=EARLIEST_YEAR, max_value=LATEST_YEAR),
    st.sampled_from(FREQUENCIES),
    st.integers(min_value=0, max_value=11),
)


@given(periods)
def test_the_normalised_form_reads_back_as_the_same_period(period: Period) -> None:
    assert read_period(str(period)) == period


@given(periods, st.sampled_from(["/", "-", " / ", "–"]), st.booleans())
def test_other_spellings_read_as_the_same_period(
    period: Period, separator: str, part_first: bool
) -> None:
    end = (period.year_start + 1) % 100
    year = f"{period.year_start}{separator}{end:02d}"
    if period.frequency == "annual":
        written = f"FY {year}"
    else:
        marker = str(period).split()[1]
        written = f"{marker} {year}" if part_first else f"{year} {marker.lower()}"
    assert read_period(written) == period


@given(st.text(max_size=40))
def test_any_text_is_a_period_or_a_value_error(text: str) -> None:
    try:
        period = read_period(text)
    except ValueError as error:
        assert str(error)
    else:
        assert EARLIEST_YEAR <= period.year_start <= LATEST_YEAR
        assert read_period(str(period)) == period
