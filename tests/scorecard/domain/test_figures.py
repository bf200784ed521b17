"""check_figure and friends: a figure is checked against its metric's kind, unit
and the column's size; periods a figure or a target may be given for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.figures import (
    TOO_LARGE,
    FigureKind,
    PlanSpan,
    check_figure,
    expected_figure,
    figure_period_error,
    infer_value_kind,
    is_change_unit,
    plain_number,
    target_period_error,
    unit_bounds,
)
from scorecard.domain.periods import Period

D = Decimal
RATE = "rate per 1,000 population"
OFSTED = ("Outstanding", "Good", "Requires improvement", "Inadequate")


@pytest.mark.parametrize(
    ("text", "unit", "number", "reading"),
    [
        # written as the plain number it is: no reading
        ("8.5", "days per FTE", D("8.5"), None),
        ("291", "number", D(291), None),
        ("61.2", "%", D("61.2"), None),
        ("0", "%", D(0), None),
        ("100", "%", D(100), None),
        ("+5", "", D(5), None),
        ("-2.5", "% difference", D("-2.5"), None),
        ("-3.2", "percentage points change", D("-3.2"), None),
        ("-1.5", "% change", D("-1.5"), None),
        ("-0.4", "average score", D("-0.4"), None),
        ("-120000", "pounds", D(-120000), None),
        ("150", "% change", D(150), None),
        ("12.3", RATE, D("12.3"), None),
        # shorthand read into the unit, and said so
        ("1,234", RATE, D(1234), "read as 1234"),
        ("1,234", "number", D(1234), "read as 1234"),
        ("45%", "%", D(45), "read as 45"),
        ("45 %", "% of pupils", D(45), "read as 45"),
        ("£12.4m", "£", D(12400000), "read as 12400000"),
        ("£12.4m", "pounds", D(12400000), "read as 12400000"),
        ("£12.4m", "millions of pounds", D("12.4"), "read as 12.4"),
        ("12.4m", "£ millions", D("12.4"), "read as 12.4"),
        ("3.5k", "number", D(3500), "read as 3500"),
        ("3.5k", "", D(3500), "read as 3500"),
        ("12.4 million", "tonnes", D(12400000), "read as 12400000"),
        ("−3", "", D(-3), "read as -3"),
        (".5", "", D("0.5"), "read as 0.5"),
        ("  42 ", "number", D(42), None),
        ("0.0000004", "", D(0), "read as 0"),
        # a count for a percentage or rate is read as the rate
        ("19 out of 41", "%", D("46.341463"), "read as 46.341463 (19 out of 41)"),
        ("19/41", "%", D("46.341463"), "read as 46.341463 (19 out of 41)"),
        ("3 of 1,000", RATE, D(3), "read as 3 (3 out of 1000)"),
        # as large as the column holds and SQLite reads back (15 significant
        # digits: 999999999999999500 would read back as 10^18)
        ("999999999999999499", "", D("999999999999999499"), None),
    ],
)
def test_a_number_is_read_into_the_unit(
    text: str, unit: str, number: Decimal, reading: str | None
) -> None:
    check = check_figure(text, kind="number", unit=unit)
    assert check.ok, check.errors
    assert (check.number, check.reading) == (number, reading)
    assert check.text == text


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("abc", RATE, "'abc' is not a number. Enter a rate per 1,000 population "),
        ("abc", "days per FTE", "Enter a number of days per FTE, for example 8.5."),
        ("-5", RATE, "-5 is refused: a rate per 1,000 population cannot be below"),
        ("-5", "number", "-5 is refused: a figure in number cannot be below zero"),
        ("-1", "days per FTE", "-1 is refused: a days per FTE cannot be below zero"),
        ("-3", "tonnes", "a figure in tonnes cannot be below zero"),
        ("45%", RATE, "'45%' is ambiguous: the value has a % sign but the unit is"),
        ("1,234", "%", "1234 is refused: a percentage runs from 0 to 100 ('1,234' "),
        ("1,234", "%", "was read as 1234). Enter a percentage from 0 to 100"),
        ("100.5", "%", "100.5 is refused: a percentage runs from 0 to 100."),
        ("-0.1", "%", "-0.1 is refused: a percentage runs from 0 to 100"),
        (
            "99999999999999999999999",
            "%",
            "'99999999999999999999999' is too large: a figure can have at most 18 "
            "digits before the decimal point.",
        ),
        ("1000000000000000000", "", "is too large"),
        ("999999999999999999", "", "is too large"),
        ("999999999999999500", "", "is too large"),
        ("999999999999999999.9999999", "", "is too large"),
        ("£12.4m", "%", "'£12.4m' is ambiguous"),
        ("£12", "number", "the value has a currency sign but the unit is 'number'"),
        ("12.4m", "tonnes", "'m' could mean thousands, millions or a unit of its own"),
        ("5k", "days", "'k' could mean"),
        ("5k", RATE, "'5k' is ambiguous: a 'k' suffix on a value whose unit is"),
        ("1,5", "%", "'1,5' is ambiguous: a comma separates thousands (1,234)"),
        ("12,34", "", "write decimals with a point"),
        ("A-", "%", "'A-' is not a number. Enter a percentage"),
        ("Female - 68.1 Male - 31.9", "%", "is not a number"),
        ("n/a", "%", "'n/a' is not a number"),
        ("19 out of 41", "number", "'19 out of 41' is a count, but this metric takes"),
        ("45 out of 41", "%", "counts more than its total"),
        ("3 out of 0", "%", "the total must be more than zero"),
        ("--5", "", "is not a number"),
        ("", "%", "Enter a percentage from 0 to 100, for example 45.5 or 45.5%."),
        ("   ", "", "Enter a number, for example 8.5."),
        ("5\x00", "", "The figure contains a null character."),
        ("1" * 501, "", "A figure is at most 500 characters; this one has 501."),
    ],
)
def test_a_number_metric_refuses_what_it_cannot_take(
    text: str, unit: str, message: str
) -> None:
    check = check_figure(text, kind="number", unit=unit)
    assert not check.ok
    assert check.number is None
    assert message in check.errors["value_text"]
    assert check.error == check.errors["value_text"]


@pytest.mark.parametrize(
    ("text", "unit", "numerator", "denominator", "number", "reading"),
    [
        ("19 out of 41", "%", D(19), D(41), D("46.341463"), None),
        ("19 of 41", "%", D(19), D(41), D("46.341463"), "read as 19 out of 41"),
        ("19/41", "%", D(19), D(41), D("46.341463"), "read as 19 out of 41"),
        ("19 / 41", "number", D(19), D(41), D(19), "read as 19 out of 41"),
        (
            "1,200 out of 2,000",
            "%",
            D(1200),
            D(2000),
            D(60),
            "read as 1200 out of 2000",
        ),
        ("0 out of 5", "%", D(0), D(5), D(0), None),
        ("5 out of 5", "%", D(5), D(5), D(100), None),
        ("3 out of 1000", RATE, D(3), D(1000), D(3), None),
        ("1 out of 4", "proportion", D(1), D(4), D("0.25"), None),
    ],
)
def test_a_count_metric_takes_x_out_of_y(
    text: str,
    unit: str,
    numerator: Decimal,
    denominator: Decimal,
    number: Decimal,
    reading: str | None,
) -> None:
    check = check_figure(text, kind="count", unit=unit)
    assert check.ok, check.errors
    assert (check.numerator, check.denominator, check.number) == (
        numerator,
        denominator,
        number,
    )
    assert check.reading == reading


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("45", "'45' is not a count. Enter a count as 'x out of y' or 'x/y', for "),
        ("46%", "is not a count"),
        ("-3 out of 5", "is not a count"),
        ("6 out of 5", "'6 out of 5' counts more than its total"),
        ("0 out of 0", "'0 out of 0' is out of zero: the total must be more than"),
        ("1 out of 99999999999999999999999", "is too large"),
        ("abc", "for example 19 out of 41"),
    ],
)
def test_a_count_metric_refuses_what_is_not_a_count(text: str, message: str) -> None:
    check = check_figure(text, kind="count", unit="%")
    assert message in (check.error or "")
    assert (check.number, check.numerator) == (None, None)


@pytest.mark.parametrize(
    ("text", "scale", "grade", "reading"),
    [
        ("A-", None, "A-", None),
        ("a-", None, "A-", "read as A-"),
        ("Grade B+", None, "B+", "read as B+"),
        ("A –", None, "A-", "read as A-"),
        ("Good", OFSTED, "Good", None),
        ("requires improvement", OFSTED, "Requires improvement", "read as Requires "),
    ],
)
def test_a_grade_metric_takes_a_grade_on_its_scale(
    text: str, scale: tuple[str, ...] | None, grade: str, reading: str | None
) -> None:
    check = check_figure(text, kind="grade", unit="rating", scale=scale)
    assert check.ok, check.errors
    assert (check.grade, check.number) == (grade, None)
    assert (check.reading or "").startswith(reading or "") and (
        (check.reading is None) == (reading is None)
    )


@pytest.mark.parametrize(
    ("text", "scale", "message"),
    [
        ("Z", None, "'Z' is not on the scale. Enter a grade on this metric's scale: "),
        ("Z", None, "A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D-, E, F."),
        ("A", OFSTED, "Outstanding, Good, Requires improvement, Inadequate."),
        ("61.2", OFSTED, "'61.2' is not on the scale"),
    ],
)
def test_a_grade_metric_lists_the_grades_it_takes(
    text: str, scale: tuple[str, ...] | None, message: str
) -> None:
    check = check_figure(text, kind="grade", unit="grade", scale=scale)
    assert message in (check.error or "")


@pytest.mark.parametrize(
    "text", ["Improving", "61.2", "Female - 68.1 Male - 31.9", "A-", "n/a"]
)
def test_a_text_metric_takes_any_text_and_reads_no_number(text: str) -> None:
    check = check_figure(text, kind="text", unit="%")
    assert check.ok
    assert (check.number, check.grade, check.reading) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Enter the figure as text."), ("x" * 501, "at most 500 characters")],
)
def test_a_text_metric_still_needs_text_that_fits(text: str, message: str) -> None:
    assert message in (check_figure(text, kind="text").error or "")


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_figure("1", kind="colour")


@pytest.mark.parametrize(
    ("kind", "text", "unit", "parts", "field", "message"),
    [
        ("number", "46.3", "%", {"numerator": D(50), "denominator": D(41)},
         "numerator", "cannot be larger than the denominator for a percentage"),
        ("number", "46.3", "%", {"numerator": D(19)},
         "denominator", "Give both the numerator and the denominator, or neither."),
        ("number", "46.3", "%", {"denominator": D(41)},
         "numerator", "Give both the numerator and the denominator"),
        ("number", "46.3", "%", {"numerator": D(-1), "denominator": D(41)},
         "numerator", "The numerator is a count: it cannot be below zero."),
        ("number", "46.3", "%", {"numerator": D(0), "denominator": D(0)},
         "denominator", "The denominator must be more than zero."),
        ("number", "46.3", "%",
         {"numerator": D(1), "denominator": D("99999999999999999999")},
         "denominator", "is too large"),
        ("count", "19 out of 41", "%", {"numerator": D(20), "denominator": D(41)},
         "numerator", "(20 / 41) differ from the count in the figure (19 out of 41)"),
        ("grade", "A", "grade", {"numerator": D(1), "denominator": D(2)},
         "numerator", "A grade figure has no numerator or denominator"),
        ("number", "46.3", "%", {"lower_ci": D(50), "upper_ci": D(41)},
         "upper_ci", "The upper confidence limit is below the lower one."),
        ("number", "46.3", "%", {"lower_ci": D(40)},
         "upper_ci", "Give both confidence limits, or neither."),
        ("number", "46.3", "%", {"upper_ci": D(50)},
         "lower_ci", "Give both confidence limits, or neither."),
        ("number", "46.3", "%", {"lower_ci": D(40), "upper_ci": D(141)},
         "upper_ci", "The confidence limit 141 is refused: a percentage runs from"),
        ("number", "5", RATE, {"lower_ci": D(-1), "upper_ci": D(9)},
         "lower_ci", "cannot be below zero"),
        ("number", "5", "", {"lower_ci": D(1), "upper_ci": D(10) ** 20},
         "upper_ci", "is too large"),
        ("text", "Improving", "", {"lower_ci": D(1), "upper_ci": D(2)},
         "lower_ci", "A text figure has no confidence interval"),
    ],
)  # fmt: skip
def test_the_parts_beside_a_figure_are_checked(
    kind: str,
    text: str,
    unit: str,
    parts: dict[str, Decimal],
    field: str,
    message: str,
) -> None:
    check = check_figure(text, kind=kind, unit=unit, **parts)
    assert message in check.errors[field]
    assert "value_text" not in check.errors


def test_parts_that_agree_are_kept_rounded_to_the_column() -> None:
    check = check_figure(
        "19 out of 41",
        kind="count",
        unit="%",
        numerator=D(19),
        denominator=D(41),
        lower_ci=D("31.1"),
        upper_ci=D("61.9"),
    )
    assert check.ok
    assert (check.numerator, check.denominator) == (D("19.000000"), D("41.000000"))
    assert (check.lower_ci, check.upper_ci) == (D("31.1"), D("61.9"))


def test_a_rate_may_count_more_events_than_people() -> None:
    check = check_figure(
        "5200", kind="number", unit=RATE, numerator=D(5200), denominator=D(1000)
    )
    assert check.ok


@pytest.mark.parametrize(
    ("unit", "lower", "upper"),
    [
        ("%", D(0), D(100)),
        ("% of patients aged 17 years and over", D(0), D(100)),
        ("percent", D(0), D(100)),
        ("% difference", None, None),
        ("percentage points change", None, None),
        ("% change", None, None),
        ("% reduction", None, None),
        ("relative difference", None, None),
        ("gap in years", None, None),
        (RATE, D(0), None),
        ("Rate 1,000 population", D(0), None),
        ("days per full-time equivalent", D(0), None),
        ("number", D(0), None),
        ("number kwh", D(0), None),
        ("tonnes", D(0), None),
        ("years", D(0), None),
        ("full-time equivalents", D(0), None),
        ("pounds", None, None),
        ("millions of pounds", None, None),
        ("£", None, None),
        ("average score", None, None),
        ("index", None, None),
        ("", None, None),
        ("N/A", None, None),
    ],
)
def test_the_unit_sets_the_bounds(
    unit: str, lower: Decimal | None, upper: Decimal | None
) -> None:
    bounds = unit_bounds(unit)
    assert (bounds.lower, bounds.upper) == (lower, upper)


@pytest.mark.parametrize(
    ("unit", "change"),
    [("% change", True), ("pp", True), ("%", False), ("number", False)],
)
def test_a_change_unit_is_recognised(unit: str, change: bool) -> None:
    assert is_change_unit(unit) is change


@pytest.mark.parametrize(
    ("kind", "unit", "scale", "expected"),
    [
        ("number", "days per FTE", None, "a number of days per FTE, for example 8.5"),
        ("number", "%", None, "a percentage from 0 to 100, for example 45.5 or 45.5%"),
        (
            "number",
            RATE,
            None,
            "a rate per 1,000 population (not below zero), for example 12.3",
        ),
        (
            "number",
            "Rate 1,000 population",
            None,
            "a rate 1,000 population (not below zero), for example 12.3",
        ),
        ("number", "£", None, "an amount in £, for example 125000 or £1.25m"),
        (
            "number",
            "millions of pounds",
            None,
            "an amount in millions of pounds, for example 12.4",
        ),
        (
            "number",
            "% difference",
            None,
            "a figure in % difference (it may be below zero), for example -2.5",
        ),
        ("number", "number", None, "a number (not below zero), for example 1234"),
        (
            "number",
            "number kwh",
            None,
            "a number (number kwh, not below zero), for example 1234",
        ),
        ("number", "average score", None, "an average score, for example 46.2"),
        ("number", "years", None, "a number of years, for example 8.5"),
        ("number", "widgets", None, "a figure in widgets, for example 8.5"),
        ("number", "", None, "a number, for example 8.5"),
        ("number", "N/A", None, "a number, for example 8.5"),
        (
            "count",
            "%",
            None,
            "a count as 'x out of y' or 'x/y', for example 19 out of 41",
        ),
        (
            "grade",
            "rating",
            OFSTED,
            "a grade on this metric's scale: Outstanding, Good, Requires "
            "improvement, Inadequate",
        ),
        ("text", "", None, "the figure as text"),
    ],
)
def test_what_is_expected_is_said_with_an_example_in_the_unit(
    kind: str, unit: str, scale: tuple[str, ...] | None, expected: str
) -> None:
    assert expected_figure(kind=kind, unit=unit, scale=scale) == f"Enter {expected}."


@pytest.mark.parametrize(
    ("cells", "unit", "kind"),
    [
        (["61.2", "62.0", "n/a", ""], "%", FigureKind.NUMBER),
        (["11,111,652", "£12.4m"], "pounds", FigureKind.NUMBER),
        (["23 out of 35", "19 out of 41"], "%", FigureKind.COUNT),
        (["A-", "B", "[c]"], "grade", FigureKind.GRADE),
        (["Improving", "Stable"], "", FigureKind.TEXT),
        (["61.2", "23 out of 35"], "%", FigureKind.TEXT),
        (["61.2", "A-"], "%", FigureKind.TEXT),
        (["Female - 68.1 Male - 31.9", "Female - 60 Male - 40"], "%", FigureKind.TEXT),
        ([], "rating", FigureKind.GRADE),
        (["", "n/a"], "%", FigureKind.NUMBER),
        ([], "", FigureKind.NUMBER),
    ],
)
def test_an_imported_metrics_kind_is_inferred_from_its_cells(
    cells: list[str], unit: str, kind: FigureKind
) -> None:
    assert infer_value_kind(cells, unit) is kind


def test_inference_reads_grades_on_the_metrics_own_scale() -> None:
    assert infer_value_kind(["Good", "Outstanding"], "", OFSTED) is FigureKind.GRADE


TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("period", "refused"),
    [
        ("2026-27", False),  # the year has started
        ("2026-27 Q3", False),  # started on 1 October
        ("2026-27 M09", False),  # December: started on the 1st
        ("2026-27 Q4", True),
        ("2026-27 H2", False),
        ("2027-28", True),
        ("2030-31 Q2", True),
        ("2016-17", False),
    ],
)
def test_a_figure_is_only_for_a_period_that_has_started(
    period: str, refused: bool
) -> None:
    error = figure_period_error(Period.parse(period), today=TODAY)
    assert (error is not None) is refused


def test_the_refusal_of_a_future_period_says_when_it_starts() -> None:
    assert figure_period_error(Period.parse("2030-31 Q2"), today=TODAY) == (
        "2030-31 Q2 has not started: a figure for it can be entered from 1 July "
        "2030, the first day of the period."
    )
    december = Period.parse("2026-27 M09")
    assert figure_period_error(december, today=dt.date(2026, 11, 30))
    assert not figure_period_error(december, today=dt.date(2026, 12, 1))


PLAN_2022_30 = PlanSpan(name="One Coventry Plan 2022-30", end_year=2030)
PLAN_2016_24 = PlanSpan(name="Council Plan 2016-24", end_year=2024)


@pytest.mark.parametrize(
    ("period", "plans", "refused"),
    [
        ("2027-28", [PLAN_2022_30], False),
        ("2029-30", [PLAN_2022_30], False),  # the plan's last year
        ("2030-31", [PLAN_2022_30], False),  # plus one year
        ("2030-31 Q2", [PLAN_2022_30], False),
        ("2031-32", [PLAN_2022_30], True),
        ("2099-00", [PLAN_2022_30], True),
        ("2018-19", [PLAN_2022_30], False),  # history being recorded
        ("2025-26", [PLAN_2016_24], True),  # its latest plan ended in 2024
        ("2024-25", [PLAN_2016_24], False),
        ("2031-32", [PLAN_2016_24, PLAN_2022_30], True),
        ("2030-31", [PLAN_2016_24, PLAN_2022_30], False),
        # in no plan: the current and the next financial year at the latest
        ("2026-27", [], False),
        ("2027-28", [], False),
        ("2027-28 Q4", [], False),
        ("2028-29", [], True),
        ("2024-25", [], False),
    ],
)
def test_a_target_is_accepted_up_to_a_year_after_the_latest_plan(
    period: str, plans: list[PlanSpan], refused: bool
) -> None:
    error = target_period_error(Period.parse(period), today=TODAY, plans=plans)
    assert (error is not None) is refused


def test_the_refusal_of_a_target_says_how_far_it_may_go() -> None:
    assert target_period_error(
        Period.parse("2031-32"), today=TODAY, plans=[PLAN_2022_30]
    ) == (
        "A target for this metric can be set up to 2030-31, a year after the end of "
        "One Coventry Plan 2022-30, the latest plan it is a headline metric of; "
        "2031-32 is later than that."
    )
    assert target_period_error(Period.parse("2028-29"), today=TODAY) == (
        "This metric is not a headline metric of any plan, so its targets can be set "
        "for the current or the next financial year (2026-27 or 2027-28) at the "
        "latest, not 2028-29."
    )


@pytest.mark.parametrize(
    ("number", "text"),
    [(D("12400000.000000"), "12400000"), (D("0.500000"), "0.5"), (D("-0"), "0")],
)
def test_plain_number(number: Decimal, text: str) -> None:
    assert plain_number(number) == text


# Property tests: whatever is thrown at it, the check answers; what it accepts fits
# the column and the unit.

UNITS = ["%", "% difference", RATE, "number", "£", "millions of pounds", "days", ""]
KINDS = [kind.value for kind in FigureKind]


@given(st.text(max_size=60), st.sampled_from(KINDS), st.sampled_from(UNITS))
def test_any_text_is_accepted_or_refused_with_a_message(
    text: str, kind: str, unit: str
) -> None:
    check = check_figure(text, kind=kind, unit=unit)
    if not check.ok:
        assert all(message.strip() for message in check.errors.values())
        assert check.number is None
        return
    if check.number is not None:
        assert abs(check.number) < TOO_LARGE
        assert check.number == check.number.quantize(D("0.000001"))
        assert not unit_bounds(unit).refuses(check.number)


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=6),
    st.sampled_from(UNITS),
)
def test_a_number_is_accepted_exactly_when_it_fits_the_unit_and_the_column(
    number: Decimal, unit: str
) -> None:
    check = check_figure(plain_number(number), kind="number", unit=unit)
    fits = abs(number) < TOO_LARGE and not unit_bounds(unit).refuses(number)
    assert check.ok is fits
    if fits:
        assert check.number == number


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**12),
)
def test_a_count_is_accepted_exactly_when_x_is_at_most_y(x: int, y: int) -> None:
    check = check_figure(f"{x} out of {y}", kind="count", unit="%")
    assert check.ok is (y > 0 and x <= y)
    if check.ok:
        assert check.number is not None and D(0) <= check.number <= D(100)


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        # Too many digits for decimal arithmetic to scale by the suffix: refused as
        # too large, not an InvalidOperation (a 500 on the page and in the API).
        ("1" + "0" * 40 + "m", "number", "£"),
        ("1" + "0" * 40 + "k", "number", "number"),
        ("-" + "9" * 30 + "bn", "number", "£"),
    ],
)
def test_a_figure_too_long_to_scale_is_refused_as_too_large(
    text: str, kind: str, unit: str
) -> None:
    check = check_figure(text, kind=kind, unit=unit)
    assert check.number is None
    message = check.errors["value_text"]
    assert "is too large: a figure can have at most 18 digits" in message


def test_a_cell_too_long_to_scale_is_inferred_as_a_number() -> None:
    assert infer_value_kind(["1" + "0" * 40 + "m", "12"], unit="£") is FigureKind.NUMBER


@pytest.mark.parametrize(
    ("text", "kind", "denominator", "field"),
    [
        # A total above zero that the column keeps as 0 (six places) is refused:
        # it would be stored as a denominator of 0.
        ("5", "number", D("0.0000001"), "denominator"),
        ("5", "number", D("1E-10"), "denominator"),
        ("0 out of 0.0000001", "count", None, "value_text"),
        ("0 out of 0.0000004", "number", None, "value_text"),
    ],
)
def test_a_total_that_is_zero_when_kept_to_six_places_is_refused(
    text: str, kind: str, denominator: Decimal | None, field: str
) -> None:
    numerator = D(0) if denominator is not None else None
    check = check_figure(
        text, kind=kind, unit="%", numerator=numerator, denominator=denominator
    )
    assert "is 0 when kept to 6 decimal places" in check.errors[field]
    assert check.denominator is None
