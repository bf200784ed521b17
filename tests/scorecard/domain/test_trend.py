"""The recent trend (Fingertips' method): rules, reasons and published examples.

Published figures come from:
- Fingertips' own test suite (ukhsa-collaboration/fingertips-open,
  PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs): χ² for one data
  set by both methods, and the outcomes of three more;
- FingertipsNext (dhsc-govuk/FingertipsNext, trend-analysis/TrendAnalysisApp.UnitTests/
  Calculator/TrendCalculatorTests.cs and IndicatorTestData.cs): England and regional
  series whose trend marker the tests take from the Fingertips website;
- a course handout of Rosner's "Fundamentals of Biostatistics" example of the
  chi-squared test for trend (studylib.net/doc/5880747).
Figures worked by hand are marked so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.assessment import Observation
from scorecard.domain.trend import (
    CHI_SQUARED_THRESHOLD,
    METHOD_CHI_SQUARED,
    METHOD_WEIGHTED_REGRESSION,
    Point,
    TrendOutcome,
    TrendReason,
    chi_squared_for_trend,
    figure_text,
    least_squares_slope,
    recent_trend,
    weighted_regression,
)
from scorecard.domain.vocabulary import Direction


def regression_points(
    values: Sequence[float], *, first: int = 2019, width: float = 3.92
) -> list[Point]:
    """Calendar years from `first`, each with an interval `width` wide (SE = width /
    3.92, so the default gives every year weight 1)."""
    return [
        Point(
            str(first + i),
            value,
            lower_ci=value - width / 2,
            upper_ci=value + width / 2,
        )
        for i, value in enumerate(values)
    ]


def proportion_points(
    counts: Sequence[float], totals: Sequence[float], *, first: int = 2019
) -> list[Point]:
    return [
        Point(str(first + i), numerator=count, denominator=total)
        for i, (count, total) in enumerate(zip(counts, totals, strict=True))
    ]


# Fingertips' test data set 1, 2014 to 2018 (TrendMarkerCalculatorTest.cs,
# GetTrendData_Set1; the same figures are the example of PHEindicatormethods'
# assign_trend_markers): count, denominator, value, lower and upper 95% limits.
FINGERTIPS_SET_1 = [
    Point("2014", Decimal("24.67"), 994, 40299, Decimal("23.16"), Decimal("26.25")),
    Point("2015", Decimal("24.6"), 1023, 41527, Decimal("23.15"), Decimal("26.19")),
    Point("2016", Decimal("28"), 1199, 42811, Decimal("26.44"), Decimal("29.64")),
    Point("2017", Decimal("30.2"), 1332, 44064, Decimal("28.63"), Decimal("31.9")),
    Point("2018", Decimal("30.6"), 1367, 44701, Decimal("28.98"), Decimal("32.25")),
]


# --- the published examples -------------------------------------------------------


def test_fingertips_set_1_by_weighted_regression_is_chi_squared_46_77() -> None:
    # Fingertips' TestIsSignificantReturnsTrue: IsSignificant, Math.Round(χ², 2) ==
    # 46.77 (a proportion value type but not "SPC for proportions": the regression).
    result = recent_trend(FINGERTIPS_SET_1, proportion=False)

    assert result.method == METHOD_WEIGHTED_REGRESSION
    assert round(result.statistic or 0, 2) == 46.77
    assert result.outcome is TrendOutcome.INCREASING
    assert result.reason_code is TrendReason.SIGNIFICANT


def test_fingertips_set_1_as_proportions_is_chi_squared_47_9() -> None:
    # Fingertips' TestIsSignificantForProportionsReturnsTrue: IsSignificant,
    # Math.Round(χ², 2) == 47.9.
    result = recent_trend(FINGERTIPS_SET_1, proportion=True)

    assert result.method == METHOD_CHI_SQUARED
    assert round(result.statistic or 0, 2) == 47.9
    assert result.outcome is TrendOutcome.INCREASING
    assert result.reason_code is TrendReason.SIGNIFICANT


def test_fingertips_set_2_is_not_significant() -> None:
    # Fingertips' TestIsSignificantReturnsFalse (GetTrendData_Set2), 2014 to 2018.
    points = [
        Point("2014", 20.5506, 209, 1017, 18.1803, 23.1427),
        Point("2015", 19.5952, 213, 1087, 17.3444, 22.0602),
        Point("2016", 19.0349, 213, 1119, 16.8421, 21.4394),
        Point("2017", 21.3966, 239, 1117, 19.0918, 23.8975),
        Point("2018", 18.4372, 210, 1139, 16.2925, 20.7941),
    ]

    result = recent_trend(points, proportion=False)

    assert result.outcome is TrendOutcome.NO_SIGNIFICANT_CHANGE
    assert result.reason_code is TrendReason.NOT_SIGNIFICANT


def test_fingertips_proportion_of_100_percent_cannot_be_calculated() -> None:
    # Fingertips' TestIsSignificantForProportionsCannotBeCalculated
    # (GetTrendDataForProportion_Set2): 5 out of 5 in 2012.
    points = proportion_points([5, 3, 1, 1, 2], [5, 5, 5, 4, 4], first=2012)

    result = recent_trend(points, proportion=True)

    assert result.outcome is TrendOutcome.CANNOT_BE_CALCULATED
    assert result.reason_code is TrendReason.PROPORTION_AT_LIMIT
    assert "2012 is 100% (5 out of 5)" in result.reason


def test_england_diabetes_prevalence_is_increasing() -> None:
    # FingertipsNext TestDiabetesPrevalenceTrendIsCalculatedCorrectly: indicator 241,
    # QOF diabetes prevalence, England 2020 to 2024, "Increasing" as on Fingertips.
    points = proportion_points(
        [3455176, 3491868, 3625401, 3774801, 3938080],
        [48783947, 49122259, 49956777, 50649129, 51441896],
        first=2020,
    )

    assert recent_trend(points, proportion=True).outcome is TrendOutcome.INCREASING


YORKSHIRE_MMR = [
    # FingertipsNext IndicatorTestData.YorkshireMmrCoverage: indicator 30309, MMR one
    # dose at 2 years, Yorkshire and the Humber, 2020 to 2024.
    Point("2020", 92.6254, 57274, 61834, 92.4168, 92.8288),
    Point("2021", 92.3221, 55865, 60511, 92.1072, 92.5315),
    Point("2022", 90.8708, 53681, 59074, 90.6358, 91.1004),
    Point("2023", 90.017, 51767, 57508, 89.7694, 90.2594),
    Point("2024", 90.1013, 53185, 59028, 89.8578, 90.3396),
]


@pytest.mark.parametrize("proportion", [True, False])
def test_yorkshire_mmr_coverage_is_decreasing_and_getting_worse(
    proportion: bool,
) -> None:
    # FingertipsNext expects DecreasingAndGettingWorse (high is good) by the
    # regression and Decreasing by the proportion method (its legacy test).
    result = recent_trend(YORKSHIRE_MMR, proportion=proportion, direction=Direction.UP)

    assert result.outcome is TrendOutcome.DECREASING_AND_GETTING_WORSE


def test_diabetic_eye_disease_is_increasing_and_getting_worse() -> None:
    # FingertipsNext TestDiabeticEyeDiseaseTrendIsCalculatedCorrectly: indicator
    # 41203, preventable sight loss (a crude rate, low is good), England 2020 to 2024.
    # 2021's dip does not reverse the rise when left out.
    points = [
        Point("2020", 2.935, lower_ci=2.7841, upper_ci=3.0919),
        Point("2021", 1.93028, lower_ci=1.8085, upper_ci=2.058),
        Point("2022", 2.7567, lower_ci=2.6113, upper_ci=2.9082),
        Point("2023", 2.8701, lower_ci=2.7225, upper_ci=3.0237),
        Point("2024", 3.0121, lower_ci=2.8616, upper_ci=3.1683),
    ]

    result = recent_trend(points, proportion=False, direction=Direction.DOWN)

    assert result.outcome is TrendOutcome.INCREASING_AND_GETTING_WORSE
    assert all(slope > 0 for slope in result.left_out_slopes)


def test_under_75_cancer_mortality_is_decreasing_and_getting_better() -> None:
    # FingertipsNext TestCancerMortalityTrendIsCalculatedCorrectly: indicator 40501, a
    # directly standardised rate (low is good), England 2019 to 2023. The published
    # test data writes 2023's value as "120/7742", a typo for 120.7742 (it lies in
    # its interval 119.8035 to 121.7507); either way the trend is decreasing.
    points = [
        Point("2019", 126.9341, lower_ci=125.9343, upper_ci=127.94),
        Point("2020", 125.829, lower_ci=124.8371, upper_ci=126.8268),
        Point("2021", 121.5234, lower_ci=120.5533, upper_ci=122.4993),
        Point("2022", 122.3782, lower_ci=121.4012, upper_ci=123.361),
        Point("2023", 120.7742, lower_ci=119.8035, upper_ci=121.7507),
    ]

    result = recent_trend(points, proportion=False, direction=Direction.DOWN)

    assert result.outcome is TrendOutcome.DECREASING_AND_GETTING_BETTER


def test_trend_with_too_few_points_cannot_be_calculated_as_in_fingertips_next() -> None:
    # FingertipsNext TestTrendCannotBeCalculatedWhenInsufficientDataPointsProvided.
    result = recent_trend(FINGERTIPS_SET_1[1:], proportion=False)

    assert result.outcome is TrendOutcome.CANNOT_BE_CALCULATED
    assert result.reason_code is TrendReason.TOO_FEW_POINTS


def test_chi_squared_for_trend_matches_rosners_breast_cancer_example() -> None:
    # Rosner, age at first birth and breast cancer, five age groups scored 1 to 5:
    # the handout prints A = 567.16 for Σxᵢsᵢ − Σxᵢ·Σnᵢsᵢ/N. χ² = A² / (p̄q̄ ·
    # (Σnᵢsᵢ² − (Σnᵢsᵢ)²/N)) = 129.01 is worked by hand from those figures (the
    # handout's printed statistic is cut off).
    cases = [320, 1206, 1011, 463, 220]
    totals = [1742, 5638, 3904, 1555, 626]

    statistic = chi_squared_for_trend(cases, totals, [1, 2, 3, 4, 5])

    assert statistic == pytest.approx(129.01, abs=0.005)
    result = recent_trend(proportion_points(cases, totals), proportion=True)
    assert result.outcome is TrendOutcome.INCREASING
    assert result.statistic == pytest.approx(statistic)


def test_chi_squared_for_trend_does_not_depend_on_where_time_starts() -> None:
    # Worked by hand: R's prop.trend.test example (smokers 83, 90, 129, 70 of 86, 93,
    # 136, 82) gives χ² = 8.2249 from the formula with scores 1 to 4.
    cases, totals = [83, 90, 129, 70], [86, 93, 136, 82]

    assert chi_squared_for_trend(cases, totals, [1, 2, 3, 4]) == pytest.approx(
        8.2249, abs=5e-5
    )
    assert chi_squared_for_trend(cases, totals, [2021, 2022, 2023, 2024]) == (
        pytest.approx(8.2249, abs=5e-5)
    )


def test_threshold_is_fingertips_constant() -> None:
    # Fingertips' TrendMarkerCalculator.ChiSquareConfidence = 9.54953570608324.
    assert pytest.approx(9.54953570608324, abs=1e-12) == CHI_SQUARED_THRESHOLD


# --- the rules, one reason code at a time -----------------------------------------


def test_weighted_regression_worked_by_hand() -> None:
    # By hand: values 1..5 with SE 1 (weight 1) at t = -2..2: S = 5, Σwt = 0,
    # Σwt² = 10, Σwty = 10, so slope = 5·10 / (5·10) = 1, variance = 5/50 = 0.1
    # and χ² = 1 / 0.1 = 10: just above 9.5495.
    slope, statistic = weighted_regression([1, 2, 3, 4, 5], [-2, -1, 0, 1, 2], [1] * 5)
    assert (slope, statistic) == (1.0, 10.0)
    assert least_squares_slope([1, 2, 3, 4, 5], [-2, -1, 0, 1, 2]) == 1.0


OUTCOME_CASES = [
    # (values, direction, outcome). By hand: values 1..5 give χ² 10 (above).
    ([1, 2, 3, 4, 5], Direction.UP, TrendOutcome.INCREASING_AND_GETTING_BETTER),
    ([1, 2, 3, 4, 5], Direction.DOWN, TrendOutcome.INCREASING_AND_GETTING_WORSE),
    ([1, 2, 3, 4, 5], Direction.NONE, TrendOutcome.INCREASING),
    ([5, 4, 3, 2, 1], Direction.DOWN, TrendOutcome.DECREASING_AND_GETTING_BETTER),
    ([5, 4, 3, 2, 1], Direction.UP, TrendOutcome.DECREASING_AND_GETTING_WORSE),
    ([5, 4, 3, 2, 1], Direction.NONE, TrendOutcome.DECREASING),
]


@pytest.mark.parametrize(("values", "direction", "outcome"), OUTCOME_CASES)
def test_significant_trend_is_read_with_the_good_direction(
    values: list[float], direction: Direction, outcome: TrendOutcome
) -> None:
    result = recent_trend(
        regression_points(values), proportion=False, direction=direction
    )

    assert result.outcome is outcome
    assert result.reason_code is TrendReason.SIGNIFICANT
    assert result.reason == (
        f"{outcome.label}: χ² 10.0 over 2019–2023, above 9.55 (99.8%), and the "
        f"{'rise' if values[0] < values[-1] else 'fall'} holds with any one year "
        "left out."
    )
    assert result.periods == ("2019", "2020", "2021", "2022", "2023")
    assert result.values == tuple(values)
    assert result.statistic == pytest.approx(10.0)
    assert abs(result.slope or 0) == pytest.approx(1.0)
    assert result.direction is direction


def test_chi_squared_not_above_the_threshold_is_no_significant_change() -> None:
    # By hand: intervals 5% wider make SE² 1.1025, so χ² = 10 / 1.1025 = 9.07.
    result = recent_trend(
        regression_points([1, 2, 3, 4, 5], width=3.92 * 1.05), proportion=False
    )

    assert result.outcome is TrendOutcome.NO_SIGNIFICANT_CHANGE
    assert result.reason_code is TrendReason.NOT_SIGNIFICANT
    assert result.reason == (
        "No significant change: χ² 9.1 over 2019–2023, not above 9.55 (99.8%)."
    )


def test_significant_slope_that_turns_without_one_year_is_an_outlier() -> None:
    # By hand: values 0, 1, 2, 3, -20 (weight 1) give slope Σty/Σt² = -38/10 = -3.8
    # and χ² = 3.8² × 50 / 5 = 144.4, but without 2023 the other four rise by 1 a year.
    result = recent_trend(regression_points([0, 1, 2, 3, -20]), proportion=False)

    assert result.outcome is TrendOutcome.NO_SIGNIFICANT_CHANGE
    assert result.reason_code is TrendReason.OUTLIER
    assert result.statistic == pytest.approx(144.4)
    assert result.left_out_slopes[-1] == pytest.approx(1.0)
    assert result.reason == (
        "No significant change: χ² 144.4 over 2019–2023, above 9.55, but the fall "
        "does not hold with 2023 left out (an outlying year)."
    )


def test_only_the_five_most_recent_years_are_used() -> None:
    # An early gap and an early outlier are outside the five.
    points = [Point("2010", 1000.0, lower_ci=999, upper_ci=1001)]
    points += regression_points([1, 2, 3, 4, 5], first=2013)

    result = recent_trend(points, proportion=False)

    assert result.periods == ("2013", "2014", "2015", "2016", "2017")
    assert result.outcome is TrendOutcome.INCREASING


def test_financial_year_labels_are_read_and_kept_as_written() -> None:
    labels = ["2019/20", "2020-21", "FY 2021/22", "2022-23", "2023/24"]
    points = [
        Point(label, value, lower_ci=value - 1.96, upper_ci=value + 1.96)
        for label, value in zip(labels, [1, 2, 3, 4, 5], strict=True)
    ]

    result = recent_trend(points, proportion=False)

    assert result.periods == tuple(labels)
    assert "over 2019/20–2023/24" in result.reason


def test_order_of_the_points_does_not_matter() -> None:
    # Fingertips' GetResults_Return_DecreasingTrend_For_Proportion_And_Shuffled_...
    shuffled = [FINGERTIPS_SET_1[i] for i in (3, 0, 4, 2, 1)]

    assert recent_trend(shuffled, proportion=True) == recent_trend(
        FINGERTIPS_SET_1, proportion=True
    )


def test_point_from_an_assessment_observation() -> None:
    observation = Observation(
        period="2023-24",
        text="30.6",
        number=Decimal("30.6"),
        numerator=Decimal(1367),
        denominator=Decimal(44701),
        lower_ci=Decimal("28.98"),
        upper_ci=Decimal("32.25"),
    )

    assert Point.from_observation(observation) == Point(
        "2023-24",
        Decimal("30.6"),
        Decimal(1367),
        Decimal(44701),
        Decimal("28.98"),
        Decimal("32.25"),
    )


def with_year(index: int, **changes: object) -> list[Point]:
    """Fingertips' set 1 with one year's fields changed."""
    points = list(FINGERTIPS_SET_1)
    points[index] = replace(points[index], **changes)  # type: ignore[arg-type]
    return points


CANNOT_CASES = [
    # (points, proportion, reason code, words the reason contains)
    (FINGERTIPS_SET_1[:4], False, TrendReason.TOO_FEW_POINTS, "4 years of figures"),
    ([], True, TrendReason.TOO_FEW_POINTS, "0 years of figures;"),
    (
        [
            p
            for p in regression_points([1, 2, 3, 4, 5, 6], first=2017)
            if p.period != "2020"
        ],
        False,
        TrendReason.BREAK_IN_SERIES,
        "no figure for 2020 within the 5 years to 2022",
    ),
    (
        [
            Point(f"{y}-{(y + 1) % 100:02d}", 1, lower_ci=0, upper_ci=2)
            for y in (2017, 2018, 2020, 2021, 2022)
        ],
        False,
        TrendReason.BREAK_IN_SERIES,
        "no figure for 2019-20 within the 5 years to 2022-23",
    ),
    (
        [*FINGERTIPS_SET_1, Point("2024-25 Q1", 1)],
        False,
        TrendReason.NOT_ANNUAL,
        "2024-25 Q1 is a quarter",
    ),
    (
        [*FINGERTIPS_SET_1, Point("Spring", 1)],
        False,
        TrendReason.UNREADABLE_PERIOD,
        "'Spring' is not a year",
    ),
    (
        [*FINGERTIPS_SET_1, Point("2018", 1)],
        False,
        TrendReason.DUPLICATE_PERIOD,
        "2018 appears twice",
    ),
    (with_year(2, value=None), False, TrendReason.MISSING_VALUE, "2016 has no figure"),
    (
        with_year(2, value=math.nan),
        False,
        TrendReason.MISSING_VALUE,
        "2016 has no figure",
    ),
    (
        with_year(3, upper_ci=None),
        False,
        TrendReason.MISSING_INTERVAL,
        "2017 has no 95% confidence interval",
    ),
    (
        with_year(3, lower_ci=30.2, upper_ci=30.2),
        False,
        TrendReason.INVALID_INTERVAL,
        "2017's confidence interval (30.2 to 30.2) has no width",
    ),
    (
        with_year(1, denominator=None),
        True,
        TrendReason.MISSING_COUNTS,
        "2015 has no numerator and denominator",
    ),
    (
        with_year(1, numerator=50000),
        True,
        TrendReason.INVALID_COUNTS,
        "2015's 50,000 out of 41,527 is not a proportion",
    ),
    (
        with_year(1, denominator=0),
        True,
        TrendReason.INVALID_COUNTS,
        "is not a proportion",
    ),
    (
        with_year(4, numerator=0),
        True,
        TrendReason.PROPORTION_AT_LIMIT,
        "2018 is 0% (0 out of 44,701)",
    ),
    (
        [
            Point(str(2019 + i), 1e308 * (-1) ** i, lower_ci=-1e-300, upper_ci=1e-300)
            for i in range(5)
        ],
        False,
        TrendReason.OUT_OF_RANGE,
        "too large or too small",
    ),
]


@pytest.mark.parametrize(("points", "proportion", "code", "words"), CANNOT_CASES)
def test_trend_that_cannot_be_calculated_says_why(
    points: list[Point], proportion: bool, code: TrendReason, words: str
) -> None:
    result = recent_trend(points, proportion=proportion, direction=Direction.UP)

    assert result.outcome is TrendOutcome.CANNOT_BE_CALCULATED
    assert result.reason_code is code
    assert result.reason.startswith("Cannot be calculated: ")
    assert words in result.reason
    assert result.statistic is None and result.periods == ()


def test_every_reason_code_and_outcome_is_covered_by_these_tests() -> None:
    covered = {code for _, _, code, _ in CANNOT_CASES} | {
        TrendReason.SIGNIFICANT,
        TrendReason.NOT_SIGNIFICANT,
        TrendReason.OUTLIER,
    }
    outcomes = {outcome for _, _, outcome in OUTCOME_CASES} | {
        TrendOutcome.NO_SIGNIFICANT_CHANGE,
        TrendOutcome.CANNOT_BE_CALCULATED,
    }

    assert covered == set(TrendReason)
    assert outcomes == set(TrendOutcome)


def test_outcome_labels_and_movement() -> None:
    assert TrendOutcome.INCREASING_AND_GETTING_BETTER.label == (
        "Increasing and getting better"
    )
    assert TrendOutcome.DECREASING_AND_GETTING_WORSE.is_decreasing
    assert not TrendOutcome.NO_SIGNIFICANT_CHANGE.is_increasing


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (44701, "44,701"),
        (120.7742, "120.8"),
        (1.94444, "1.944"),
        (0.0427, "0.0427"),
        (-3.0626, "-3.063"),
        (0, "0"),
        (2e20, "2e+20"),
    ],
)
def test_figures_in_reasons_keep_four_significant_figures(
    number: float, text: str
) -> None:
    assert figure_text(number) == text


# --- properties --------------------------------------------------------------------

Maybe = float | int | None
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
optional_number = st.none() | finite | st.integers(-(10**6), 10**6)
labels = st.sampled_from(
    ["2019", "2020", "2021", "2022", "2023", "2024", "2020-21", "2023-24 Q1", "x"]
)


@given(
    st.lists(
        st.builds(
            Point,
            labels,
            optional_number,
            optional_number,
            optional_number,
            optional_number,
            optional_number,
        ),
        max_size=8,
    ),
    st.booleans(),
    st.sampled_from(list(Direction)),
)
def test_any_finite_figures_give_a_result_never_an_exception(
    points: list[Point], proportion: bool, direction: Direction
) -> None:
    result = recent_trend(points, proportion=proportion, direction=direction)

    assert result.outcome in set(TrendOutcome)
    assert result.reason
    if result.statistic is not None:
        assert math.isfinite(result.statistic)


values = st.floats(-1e6, 1e6, allow_nan=False)
widths = st.floats(1e-3, 1e3, allow_nan=False)


def reversed_in_time(points: list[Point]) -> list[Point]:
    """The same years carrying the figures in the opposite order."""
    return [
        Point(
            mine.period,
            theirs.value,
            theirs.numerator,
            theirs.denominator,
            theirs.lower_ci,
            theirs.upper_ci,
        )
        for mine, theirs in zip(points, reversed(points), strict=True)
    ]


def flipped(outcome: TrendOutcome) -> TrendOutcome:
    swap = {
        TrendOutcome.INCREASING: TrendOutcome.DECREASING,
        TrendOutcome.INCREASING_AND_GETTING_BETTER: (
            TrendOutcome.DECREASING_AND_GETTING_WORSE
        ),
        TrendOutcome.INCREASING_AND_GETTING_WORSE: (
            TrendOutcome.DECREASING_AND_GETTING_BETTER
        ),
    }
    swap |= {after: before for before, after in swap.items()}
    return swap.get(outcome, outcome)


@given(
    st.lists(st.tuples(values, widths), min_size=5, max_size=5),
    st.sampled_from(list(Direction)),
)
def test_reversing_a_series_flips_the_regression_trend(
    figures: list[tuple[float, float]], direction: Direction
) -> None:
    points = [
        Point(str(2019 + i), value, lower_ci=value - width, upper_ci=value + width)
        for i, (value, width) in enumerate(figures)
    ]

    forward = recent_trend(points, proportion=False, direction=direction)
    backward = recent_trend(
        reversed_in_time(points), proportion=False, direction=direction
    )

    assert backward.outcome is flipped(forward.outcome)
    assert backward.reason_code is forward.reason_code
    assert backward.statistic == forward.statistic


@given(
    st.lists(
        st.integers(1, 10**6).flatmap(
            lambda total: st.tuples(st.integers(1, max(1, total - 1)), st.just(total))
        ),
        min_size=5,
        max_size=5,
    ),
    st.sampled_from(list(Direction)),
)
def test_reversing_a_series_flips_the_proportion_trend(
    counts: list[tuple[int, int]], direction: Direction
) -> None:
    points = [
        Point(str(2019 + i), numerator=count, denominator=total)
        for i, (count, total) in enumerate(counts)
    ]

    forward = recent_trend(points, proportion=True, direction=direction)
    backward = recent_trend(
        reversed_in_time(points), proportion=True, direction=direction
    )

    assert backward.outcome is flipped(forward.outcome)
    assert backward.reason_code is forward.reason_code
    assert backward.statistic == forward.statistic


@given(st.permutations(range(5)))
def test_shuffling_the_points_changes_nothing(order: list[int]) -> None:
    shuffled = [FINGERTIPS_SET_1[i] for i in order]

    assert recent_trend(shuffled, proportion=False) == recent_trend(
        FINGERTIPS_SET_1, proportion=False
    )


@given(
    st.lists(
        st.tuples(optional_number, optional_number, optional_number, finite, finite),
        min_size=5,
        max_size=6,
    ),
    st.booleans(),
)
def test_any_finite_figures_for_unbroken_years_give_a_result(
    figures: list[tuple[Maybe, Maybe, Maybe, float, float]], proportion: bool
) -> None:
    points = [
        Point(str(2019 + i), value, numerator, denominator, lower, upper)
        for i, (value, numerator, denominator, lower, upper) in enumerate(figures)
    ]

    result = recent_trend(points, proportion=proportion)

    assert result.outcome in set(TrendOutcome)
    assert all(math.isfinite(x) for x in (result.statistic or 0, result.slope or 0))
