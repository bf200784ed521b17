"""parse_value on the wordings councils write: every value shape in the council's
published files (../shared/data/coventry), and the families they belong to."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.values import (
    MAX_SIGNIFICANT_DIGITS,
    VOCATIONAL_GRADE_SCALE,
    Missing,
    ValueKind,
    parse_value,
    rate_base,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "unit", "missing", "warned"),
    [
        # blanks and not available, as the council's files write them
        ("", "%", Missing.BLANK, False),
        (" ", " ", Missing.BLANK, False),
        ("-", "number", Missing.BLANK, False),
        ("N/A", "%", Missing.NOT_AVAILABLE, False),
        ("NA", "%", Missing.NOT_AVAILABLE, False),
        ("n/a", "number", Missing.NOT_AVAILABLE, False),
        ("n / a", "number", Missing.NOT_AVAILABLE, False),
        ("#N/A", "number", Missing.NOT_AVAILABLE, False),
        ("n.a.", "number", Missing.NOT_AVAILABLE, False),
        ("..", "%", Missing.NOT_AVAILABLE, False),
        (":", "%", Missing.NOT_AVAILABLE, False),
        ("x", "%", Missing.NOT_AVAILABLE, False),
        ("[x]", "%", Missing.NOT_AVAILABLE, False),
        ("Not available", "%", Missing.NOT_AVAILABLE, False),
        ("No data", "%", Missing.NOT_AVAILABLE, False),
        ("TBC", "%", Missing.NOT_AVAILABLE, False),
        ("z", "%", Missing.NOT_APPLICABLE, False),
        ("[z]", "%", Missing.NOT_APPLICABLE, False),
        ("Not applicable", "%", Missing.NOT_APPLICABLE, False),
        # suppressed
        ("*", "number", Missing.SUPPRESSED, True),
        ("c", "number", Missing.SUPPRESSED, True),
        ("C", "%", Missing.SUPPRESSED, True),
        ("[c]", "number", Missing.SUPPRESSED, True),
        ("[u]", "number", Missing.SUPPRESSED, True),
        # a bound for a small number (the 2016-17 to 2021-22 files: '<5')
        ("<5", "number", Missing.BOUND, True),
        ("< 10", "number", Missing.BOUND, True),
        ("fewer than 5", "number", Missing.BOUND, True),
        (">95%", "%", Missing.BOUND, True),
        ("≤3", "number", Missing.BOUND, True),
        # periods before the measure began (the 2016-17 to 2019-20 files)
        ("New Indicator", "%", Missing.NEW_SERIES, False),
        ("New Indicator", "average score", Missing.NEW_SERIES, False),
        ("Revised Indicator", "%", Missing.NEW_SERIES, False),
        ("New Flash Fact", "%", Missing.NEW_SERIES, False),
        ("new measure from 2018/19", "%", Missing.NEW_SERIES, False),
    ],
)
def test_markers_of_no_figure_are_empty_and_say_why(
    text: str, unit: str, missing: Missing, warned: bool
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.EMPTY
    assert parsed.number is None
    assert parsed.missing is missing
    assert parsed.text == text
    assert (parsed.warning is not None) is warned


def test_a_bound_says_it_is_not_the_figure() -> None:
    assert parse_value("<5", unit="number").warning == (
        "'<5' gives a bound, not the figure (small numbers are withheld so); read "
        "as no value"
    )


@pytest.mark.parametrize(
    ("unit", "scale"),
    [("grade", None), ("Grade", None), ("", None), ("rating", ("A", "B", "C"))],
)
def test_a_bare_c_on_a_graded_metric_is_the_grade_c(
    unit: str, scale: tuple[str, ...] | None
) -> None:
    parsed = parse_value("C", unit=unit, scale=scale)
    assert parsed.kind is ValueKind.GRADE
    assert parsed.grade == "C"


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        # the 2023-24 file's in-year budget position
        ("6.7m Overspent", "£", D(-6700000)),
        ("1.8m Overspent", "£", D(-1800000)),
        ("6.7m overspent", "millions of pounds", D("-6.7")),
        ("£1.2m underspend", "£", D(1200000)),
        ("£1.2m underspent", "£ millions", D("1.2")),
        ("£1.2m under spend", "£ millions", D("1.2")),
        ("£0.5m over budget", "£ millions", D("-0.5")),
        ("£250k under budget", "£", D(250000)),
        ("overspend of £2.3m", "£ millions", D("-2.3")),
        ("Overspent by £2.3m", "£ millions", D("-2.3")),
        ("an underspend of £400,000", "£", D(400000)),
        ("deficit of £3m", "£ millions", D(-3)),
        ("£3m deficit", "£ millions", D(-3)),
        ("surplus of £1.5m", "£ millions", D("1.5")),
        # the 2021-22 file: a budget that balances
        ("Balanced", "£", D(0)),
        ("Balanced budget", "£ millions", D(0)),
        ("On budget", "£", D(0)),
        ("Break even", "£", D(0)),
    ],
)
def test_budget_positions_are_numbers_an_overspend_negative(
    text: str, unit: str, number: Decimal
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.number == number
    assert parsed.warning is None


def test_a_budget_position_on_a_rating_unit_is_read_and_warned() -> None:
    # The 2023-24 file writes the budget position with the unit 'rating'.
    parsed = parse_value("6.7m Overspent", unit="rating")
    assert parsed.number == D(-6700000)
    assert parsed.warning == "a budget's position for a metric whose unit is 'rating'"
    assert parse_value("Balanced ", unit="rating").number == 0


def test_a_signed_overspend_is_not_guessed() -> None:
    parsed = parse_value("-6.7m overspent", unit="£")
    assert parsed.kind is ValueKind.TEXT
    assert parsed.warning == (
        "'-6.7m overspent' has both a sign and a word saying which side of the "
        "budget it is"
    )


@pytest.mark.parametrize(
    ("text", "unit", "numerator", "denominator", "number"),
    [
        # the 2018-19 to 2021-22 files: drug offences and drug markers recorded
        ("425/736", "number", D(425), D(736), D(425)),
        ("479/890", "number", D(479), D(890), D(479)),
        ("530/817", "number", D(530), D(817), D(530)),
        ("548/1082", "number", D(548), D(1082), D(548)),
        ("774/1507", "number", D(774), D(1507), D(774)),
        ("1142/2721", "number", D(1142), D(2721), D(1142)),
        # the share in the metric's unit
        ("1/4", "%", D(1), D(4), D(25)),
        ("3 / 4", "% of homes", D(3), D(4), D(75)),
        ("5/2,000", "rate per 1,000", D(5), D(2000), D("2.5")),
        ("3/4", "proportion", D(3), D(4), D("0.75")),
    ],
)
def test_fractions_are_counts_x_out_of_y(
    text: str, unit: str, numerator: Decimal, denominator: Decimal, number: Decimal
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.COUNT
    assert (parsed.numerator, parsed.denominator) == (numerator, denominator)
    assert parsed.number == number
    assert parsed.warning is None


@pytest.mark.parametrize("text", ["2018/19", "2013/14", "2019/2020", "2019 / 20"])
def test_a_period_in_a_figure_column_is_not_a_fraction(text: str) -> None:
    # The 2019-20 file has '2018/19' in a comparator's value column.
    parsed = parse_value(text, unit="number")
    assert parsed.kind is ValueKind.TEXT
    assert parsed.warning == f"'{text}' looks like a period, not a figure"


def test_a_fraction_that_is_not_consecutive_years_is_a_count() -> None:
    assert parse_value("2018/2", unit="number").kind is ValueKind.COUNT


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (
            "3358 excluding mental health",
            "'3358 excluding mental health' is a figure with a note ('excluding "
            "mental health'); kept as text, since the note may change what it counts",
        ),
        (
            "Balanced budget 2022/23 - future years show a deficit",
            "'Balanced budget 2022/23 - future years show a deficit' is not a "
            "number, a count, a grade or a breakdown",
        ),
        ("Merit +", None),
        ("Distinction -", None),
        ("Pass +", None),
    ],
)
def test_what_the_files_write_that_is_not_a_figure_is_text(
    text: str, warning: str | None
) -> None:
    parsed = parse_value(text, unit="grade" if warning is None else "number")
    assert parsed.kind is ValueKind.TEXT
    assert parsed.number is None
    if warning is not None:
        assert parsed.warning == warning
    else:
        assert parsed.warning == (
            f"'{text}' looks like a vocational grade (Distinction, Merit, Pass), but "
            "the metric declares no grade scale"
        )


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Merit", "Merit"),
        ("Merit +", "Merit+"),
        ("Merit+", "Merit+"),
        ("Distinction ", "Distinction"),
        ("Distinction -", "Distinction-"),
        ("Distinction-", "Distinction-"),
        ("Pass +", "Pass+"),
    ],
)
def test_vocational_grades_read_on_their_declared_scale(text: str, grade: str) -> None:
    parsed = parse_value(text, unit="grade", scale=VOCATIONAL_GRADE_SCALE)
    assert parsed.kind is ValueKind.GRADE
    assert parsed.grade == grade


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("9" * 40 + "m", "number"),
        ("9" * 40 + ".5m", "£"),
        ("1" + "0" * 40 + "k", "number"),
        ("-" + "9" * 30 + "bn", "£"),
        ("9" * 30 + "k", "£ millions"),
        ("9" * 40, "number"),
    ],
)
def test_an_over_long_figure_is_read_exactly_and_out_of_range(
    text: str, unit: str
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.number is not None
    assert parsed.out_of_range
    assert len(parsed.number.as_tuple().digits) > MAX_SIGNIFICANT_DIGITS


def test_an_over_long_suffixed_figure_keeps_every_digit() -> None:
    assert parse_value("9" * 40 + "m", unit="number").number == D("9" * 40 + "0" * 6)


def test_an_ordinary_figure_is_in_range() -> None:
    assert not parse_value("12.373m", unit="£").out_of_range
    assert not parse_value("425/736", unit="%").out_of_range


# --- properties --------------------------------------------------------------------

UNITS = st.sampled_from(
    ["", "%", "number", "£", "£ millions", "rate per 10,000", "grade", "rating"]
)


@given(text=st.text(max_size=60), unit=UNITS)
def test_no_text_makes_parse_value_raise(text: str, unit: str) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.text == text
    if parsed.kind is ValueKind.EMPTY:
        assert parsed.missing is not None
    if parsed.kind is ValueKind.TEXT:
        assert parsed.warning


@given(
    text=st.text(alphabet=st.sampled_from(list("0123456789.,-+%£mkb/ ")), max_size=50),
    unit=UNITS,
)
def test_no_figure_like_text_makes_parse_value_raise(text: str, unit: str) -> None:
    parse_value(text, unit=unit)


@given(
    number=st.integers(min_value=-(10**15), max_value=10**15),
    decimals=st.integers(min_value=0, max_value=4),
    suffix=st.sampled_from(["", "%", "k", "m", "bn"]),
    unit=st.sampled_from(["", "number", "£", "£ millions"]),
)
def test_thousands_separators_read_the_same_as_without(
    number: int, decimals: int, suffix: str, unit: str
) -> None:
    whole = f"{abs(number):,}"
    fraction = f".{'5' * decimals}" if decimals else ""
    sign = "-" if number < 0 else ""
    with_commas = parse_value(f"{sign}{whole}{fraction}{suffix}", unit=unit)
    without = parse_value(
        f"{sign}{whole.replace(',', '')}{fraction}{suffix}", unit=unit
    )
    assert with_commas.kind is ValueKind.NUMBER
    assert (with_commas.number, with_commas.warning) == (
        without.number,
        without.warning,
    )


@given(
    amount=st.decimals(min_value=0, max_value=10**6, places=2),
    over=st.booleans(),
)
def test_an_overspend_is_the_negative_of_the_same_underspend(
    amount: Decimal, over: bool
) -> None:
    overspent = parse_value(f"£{amount}m overspent", unit="£ millions").number
    underspent = parse_value(f"£{amount}m underspent", unit="£ millions").number
    assert overspent is not None and underspent is not None
    assert overspent == -underspent
    assert underspent >= 0


@given(
    numerator=st.integers(min_value=0, max_value=10**6),
    denominator=st.integers(min_value=1, max_value=10**6),
)
def test_a_fraction_reads_as_the_same_count_written_out(
    numerator: int, denominator: int
) -> None:
    fraction = parse_value(f"{numerator}/{denominator}", unit="%")
    written = parse_value(f"{numerator} out of {denominator}", unit="%")
    if fraction.kind is ValueKind.TEXT:  # a period, such as 2018/19
        assert 1900 <= numerator <= 2099
        return
    assert fraction.kind is ValueKind.COUNT
    assert (fraction.number, fraction.numerator, fraction.denominator) == (
        written.number,
        written.numerator,
        written.denominator,
    )


@pytest.mark.parametrize(
    ("unit", "base"),
    [
        # every rate unit in the council's files
        ("Rate 1,000 population", D(1000)),
        ("Rate per 1,000 girls aged 15-17", D(1000)),
        ("rate per 1,000 households", D(1000)),
        ("rate per 1,000 population", D(1000)),
        ("Rate per 10,000", D(10000)),
        ("rate per 10,000 population under 18", D(10000)),
        ("Rate per 100,000", D(100000)),
        ("Rate per 100,000 population ", D(100000)),
        ("Rate per 100,000 smokers ", D(100000)),
        # a base with its commas out of place is no base, not 100
        ("Rate per 100,0000 population 10-17", None),
        ("rate per 100,0000 population 10-17", None),
        ("% difference between same group nationally", None),
    ],
)
def test_the_rate_units_the_files_write(unit: str, base: Decimal | None) -> None:
    assert rate_base(unit) == base
