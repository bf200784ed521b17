"""The XmR chart (Making Data Count): limits, the four rules, variation, assurance.

Published figures come from:
- NHSRplotthedots' vignette "Deviations from Excel defaults" (nhs-r-community/
  NHSRplotthedots, vignettes/deviations.Rmd, limits as rendered in
  articles/deviations.html): an 18-point series with its limits with and without
  the screening of outlying moving ranges, and which point is special cause;
- NHSRplotthedots' tests (tests/testthat/test-ptd_spc_standard.R: two points near
  the limits on opposite sides are common cause; test-ptd_calculate_assurance_type.R:
  the assurance table; test-ptd_calculate_point_type.R: the run rules);
- the NHS Python community's port, nhspy-plotthedots (tests/unittests/
  test_limits_calculations.py): means and process limits of small series.
Figures worked by hand are marked so.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.periods import MONTH, QUARTER, Period
from scorecard.domain.spc import (
    METHOD_XMR,
    Assurance,
    AssuranceReason,
    Side,
    SpcReason,
    SpcRule,
    Variation,
    assurance_against_target,
    xmr_chart,
)
from scorecard.domain.trend import Number, Point
from scorecard.domain.vocabulary import Direction


def series(
    values: Sequence[Number | None],
    *,
    frequency: str = MONTH,
    start: Period | None = None,
) -> list[Point]:
    """Consecutive periods from April 2022 (or `start`) carrying the values."""
    period = start or Period(2022, frequency, 1)
    points = []
    for value in values:
        points.append(Point(str(period), value))
        period = period.next()
    return points


def flags(values: Sequence[Number], **options: object) -> list[tuple[str, ...]]:
    result = xmr_chart(series(values), **options)  # type: ignore[arg-type]
    return [tuple(rule.value for rule in point.rules) for point in result.points]


# --- the published examples -------------------------------------------------------

DEVIATIONS_DATA = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_deviations_vignette_limits_without_screening_match_the_excel_tool() -> None:
    # NHSRplotthedots, "Deviations from Excel defaults": with screen_outliers = FALSE
    # (Making Data Count's Excel method) "UPL = 6.95, Mean = 1.94, LPL = -3.06", and
    # the fifth point is the only special cause, an improvement (the default
    # improvement direction is increase).
    result = xmr_chart(series(DEVIATIONS_DATA), direction=Direction.UP)

    assert round(result.upper_limit or 0, 2) == 6.95
    assert round(result.mean or 0, 2) == 1.94
    assert round(result.lower_limit or 0, 2) == -3.06
    special = [p for p in result.points if p.variation is not Variation.COMMON_CAUSE]
    assert special == [result.points[4]]
    assert special[0].variation is Variation.SPECIAL_CAUSE_IMPROVING
    assert special[0].rules == (SpcRule.BEYOND_LIMITS,)
    assert result.outcome is Variation.COMMON_CAUSE


def test_deviations_vignette_limits_with_screening_match_the_r_default() -> None:
    # The same vignette with the R default (screen_outliers = TRUE): "UPL = 4.6,
    # Mean = 1.94, LPL = -0.72"; by hand, the moving ranges 8 and 9 are at or above
    # 3.267 × 32/17, leaving fifteen ranges of 1.
    result = xmr_chart(
        series(DEVIATIONS_DATA), direction=Direction.UP, screen_outliers=True
    )

    assert round(result.upper_limit or 0, 2) == 4.6
    assert round(result.lower_limit or 0, 2) == -0.72
    assert result.mean_moving_range == 1.0
    assert result.points[4].variation is Variation.SPECIAL_CAUSE_IMPROVING


def test_two_points_near_the_limits_on_opposite_sides_are_common_cause() -> None:
    # NHSRplotthedots test "it only reports special cause for 2 of 3 points close
    # to limits when they are on the same side of the mean": 1, -1 repeated over 16
    # points with the 15th 5.5 and the 16th -5.5. By hand: mean 0, mean moving range
    # 43.5/15 = 2.9, two sigma 5.14, limits ±7.71.
    values: list[Number] = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5

    result = xmr_chart(series(values))

    assert [p.variation for p in result.points[-2:]] == [Variation.COMMON_CAUSE] * 2
    assert result.upper_two_sigma == pytest.approx(5.142, abs=5e-4)


@pytest.mark.parametrize(
    ("values", "mean", "lower", "upper"),
    [
        # nhspy-plotthedots test_limits_calculations.py (mean, lpl, upl).
        (list(range(1, 11)), 5.5, 2.84, 8.16),
        (list(range(10, 0, -1)), 5.5, 2.84, 8.16),
        ([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], 2.7, 0.04, 5.36),
        (list(range(20)), 9.5, 6.84, 12.16),
        (
            [1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2],
            3.0,
            -0.014666666666666828,
            6.014666666666667,
        ),
        (
            [-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2],
            -3.0,
            -6.014666666666667,
            0.014666666666666828,
        ),
    ],
)
def test_limits_match_nhspy_plotthedots(
    values: list[int], mean: float, lower: float, upper: float
) -> None:
    result = xmr_chart(series(values))

    assert result.mean == pytest.approx(mean, abs=1e-12)
    assert result.lower_limit == pytest.approx(lower, abs=1e-12)
    assert result.upper_limit == pytest.approx(upper, abs=1e-12)


def test_a_steady_rise_breaks_the_trend_rule_at_every_point() -> None:
    # By hand, 1 to 10: mean 5.5, limits 2.84 and 8.16 (nhspy-plotthedots), so 1, 2,
    # 9 and 10 are beyond the limits, and all ten rise: one trend run of ten.
    result = xmr_chart(series(range(1, 11)), direction=Direction.UP)

    assert all(SpcRule.TREND in point.rules for point in result.points)
    assert [SpcRule.BEYOND_LIMITS in p.rules for p in result.points] == (
        [True, True] + [False] * 6 + [True, True]
    )
    # The early points are low (concerning when up is good) though they rise.
    assert result.points[0].variation is Variation.SPECIAL_CAUSE_CONCERNING
    assert result.points[4].side is Side.HIGH  # trend only: the way the run goes
    assert result.outcome is Variation.SPECIAL_CAUSE_IMPROVING
    assert result.reason_code is SpcReason.BEYOND_LIMITS
    assert "It also breaks the two of three and trend rules." in result.reason


@pytest.mark.parametrize(
    ("direction", "target", "assurance"),
    [
        # NHSRplotthedots test-ptd_calculate_assurance_type.R: target 4 against
        # limits (1, 3), (5, 7) and (1, 5).
        (
            Direction.UP,
            4,
            [
                Assurance.CONSISTENTLY_FAILING,
                Assurance.CONSISTENTLY_PASSING,
                Assurance.HIT_AND_MISS,
            ],
        ),
        (
            Direction.DOWN,
            4,
            [
                Assurance.CONSISTENTLY_PASSING,
                Assurance.CONSISTENTLY_FAILING,
                Assurance.HIT_AND_MISS,
            ],
        ),
        (Direction.NONE, 4, [Assurance.NONE] * 3),
        (Direction.UP, None, [Assurance.NONE] * 3),
    ],
)
def test_assurance_matches_nhsrplotthedots(
    direction: Direction, target: int | None, assurance: list[Assurance]
) -> None:
    limits = [(1, 3), (5, 7), (1, 5)]

    found = [
        assurance_against_target(
            lower_limit=low, upper_limit=high, target=target, direction=direction
        ).assurance
        for low, high in limits
    ]

    assert found == assurance


# --- the rules, one reason code at a time -----------------------------------------

SHIFT = [0, 10, 0, 10, 6, 6, 6, 6, 6, 6, 6]
TREND = [4, 10, -2, 1, 2, 3, 4, 5, 6, 7]
TWO_OF_THREE = [0, 1, 0, 1, 0, 1, 0, 1, 4, 4]
BEYOND = [1, 2, 1, 2, 1, 2, 1, 2, 1, 10]
COMMON = [1, 2] * 5

RULE_CASES = [
    # (values, reason code, the reason's words). By hand:
    # SHIFT: mean 62/11 = 5.636, mean moving range 3.4, limits -3.408 to 14.68; the
    #   last eight (10 and seven 6s) are above the mean.
    (
        SHIFT,
        SpcReason.SHIFT,
        "Special cause variation, improving: 2023-24 M11 (6) is the last of 8 points "
        "in a row above the mean. Mean 5.636, limits -3.408 to 14.68, from 11 points "
        "(2023-24 M01–2023-24 M11). The limits are provisional: fewer than 12 points.",
    ),
    # TREND: mean 4, mean moving range 27/9 = 3, limits -3.98 to 11.98; -2 to 7
    #   rise eight times in a row.
    (
        TREND,
        SpcReason.TREND,
        "Special cause variation, improving: 2023-24 M10 (7) is the last of 8 points "
        "in a row, each higher than the one before.",
    ),
    # TWO_OF_THREE: mean 1.2, mean moving range 10/9, two sigma 1.970 above the
    #   mean is 3.170; the upper limit is 4.156: both 4s are between.
    (
        TWO_OF_THREE,
        SpcReason.TWO_OF_THREE,
        "Special cause variation, improving: 2023-24 M10 (4) is one of 2 of the "
        "last 3 points beyond two sigma above the mean (3.17).",
    ),
    # BEYOND: mean 2.3, mean moving range 17/9, upper limit 7.324.
    (
        BEYOND,
        SpcReason.BEYOND_LIMITS,
        "Special cause variation, improving: 2023-24 M10 (10) is above the upper "
        "limit 7.324.",
    ),
    (
        COMMON,
        SpcReason.COMMON_CAUSE,
        "Common cause variation: 2023-24 M10 (2) is within the limits and breaks "
        "none of the four rules.",
    ),
]


@pytest.mark.parametrize(("values", "code", "words"), RULE_CASES)
def test_latest_point_is_judged_by_the_four_rules(
    values: list[int], code: SpcReason, words: str
) -> None:
    result = xmr_chart(
        series(values, start=Period(2023, MONTH, 1)), direction=Direction.UP
    )

    assert result.method == METHOD_XMR
    assert result.reason_code is code
    assert result.reason.startswith(words)
    assert result.limits_provisional


@pytest.mark.parametrize(
    ("values", "direction", "outcome"),
    [
        (BEYOND, Direction.UP, Variation.SPECIAL_CAUSE_IMPROVING),
        (BEYOND, Direction.DOWN, Variation.SPECIAL_CAUSE_CONCERNING),
        (BEYOND, Direction.NONE, Variation.SPECIAL_CAUSE_NO_DIRECTION),
        ([-v for v in BEYOND], Direction.DOWN, Variation.SPECIAL_CAUSE_IMPROVING),
        ([-v for v in BEYOND], Direction.UP, Variation.SPECIAL_CAUSE_CONCERNING),
        (COMMON, Direction.UP, Variation.COMMON_CAUSE),
        ([1] * 9, Direction.UP, Variation.CANNOT_BE_CALCULATED),
    ],
)
def test_variation_is_read_with_the_good_direction(
    values: list[int], direction: Direction, outcome: Variation
) -> None:
    assert xmr_chart(series(values), direction=direction).outcome is outcome


def test_below_the_lower_limit_is_named() -> None:
    result = xmr_chart(series([-v for v in BEYOND]), direction=Direction.DOWN)

    assert "is below the lower limit -7.324." in result.reason
    assert result.points[-1].side is Side.LOW


def test_shift_flags_the_whole_run_and_a_point_on_the_mean_breaks_it() -> None:
    # NHSRplotthedots ptd_seven_point_one_side_mean and ptd_part_of_seven_trend:
    # seven or more in a row on one side flag the whole run; six do not.
    # By hand: 0, 0, 0 then eight 5s has mean 40/11, so the 5s are all above.
    found = flags([0, 0, 0] + [5] * 8)
    assert ["shift" in rules for rules in found] == [False] * 3 + [True] * 8
    # By hand: twelve 3s, twelve 5s and a 4 have mean 100/25 = 4, so the 4 is on
    # the mean and splits the 5s into two runs of six: no shift anywhere.
    broken = [3] * 6 + [5] * 6 + [4] + [5] * 6 + [3] * 6
    assert not any("shift" in rules for rules in flags(broken))
    # With a 5 instead (mean 101/25) the thirteen 5s are one run above the mean.
    whole = [3] * 6 + [5] * 13 + [3] * 6
    assert ["shift" in rules for rules in flags(whole)] == (
        [False] * 6 + [True] * 13 + [False] * 6
    )


def test_trend_needs_seven_points_each_strictly_beyond_the_last() -> None:
    # NHSRplotthedots ptd_seven_point_trend: c(1:3, 3:6) is not a trend (the repeat
    # breaks it); seven rising points are, and all seven are flagged.
    wide = [20, -20, 20, -20]
    assert not any("trend" in rules for rules in flags([*wide, 1, 2, 3, 3, 4, 5, 6]))
    found = flags([*wide, 1, 2, 3, 4, 5, 6, 7])
    assert [("trend" in rules) for rules in found] == [False] * 3 + [True] * 8
    falling = flags([*wide, 7, 6, 5, 4, 3, 2, 1, 0])
    assert [("trend" in rules) for rules in falling] == [False] * 4 + [True] * 8


def test_two_of_three_flags_only_the_points_beyond_two_sigma() -> None:
    # NHSRplotthedots ptd_part_of_two_in_three: of (near, not, near) only the two
    # near points are flagged; (near, not, not, near) is no signal.
    base = [0, 1] * 6
    close = [*base, 4, 1, 4, 1, 0, 1]
    found = flags(close)
    assert [i for i, rules in enumerate(found) if "two_of_three" in rules] == [12, 14]
    apart = [*base, 4, 1, 0, 4, 0, 1]
    assert not any("two_of_three" in rules for rules in flags(apart))


def test_limits_and_flags_are_returned_for_the_chart() -> None:
    result = xmr_chart(series(COMMON * 2), direction=Direction.UP, target=Decimal("3"))

    assert result.periods[0] == "2022-23 M01" and len(result.points) == 20
    assert result.values == tuple(float(v) for v in COMMON * 2)
    assert result.points[0].moving_range is None
    assert result.points[1].moving_range == 1.0
    assert result.mean == 1.5 and result.mean_moving_range == 1.0
    assert (result.lower_limit, result.upper_limit) == (-1.16, 4.16)
    assert result.upper_two_sigma == pytest.approx(1.5 + 2 / 1.128)
    assert result.lower_two_sigma == pytest.approx(1.5 - 2 / 1.128)
    assert result.target == 3.0
    assert not result.limits_provisional
    assert result.rules == ()


@pytest.mark.parametrize(
    ("count", "provisional"), [(10, True), (11, True), (12, False)]
)
def test_limits_from_ten_or_eleven_points_are_provisional(
    count: int, provisional: bool
) -> None:
    result = xmr_chart(series(([1, 2] * 6)[:count]))

    assert result.limits_provisional is provisional
    assert ("provisional" in result.reason) is provisional


def test_quarterly_series_are_charted() -> None:
    result = xmr_chart(series(COMMON, frequency=QUARTER))

    assert result.periods[0] == "2022-23 Q1"
    assert result.outcome is Variation.COMMON_CAUSE


def test_only_the_unbroken_run_to_the_latest_figure_is_charted() -> None:
    # A period without a figure is a break: the twelve after it are the chart.
    values: list[Number | None] = [100, 100, None, *([1, 2] * 6)]

    result = xmr_chart(series(values))

    assert len(result.points) == 12
    assert result.mean == 1.5


ASSURANCE_CASES = [
    # (direction, target, assurance, code, words). Limits 1.5 ± 2.66 = -1.16, 4.16.
    (
        Direction.UP,
        -2,
        Assurance.CONSISTENTLY_PASSING,
        AssuranceReason.CONSISTENTLY_PASSING,
        "Consistently passing: the target -2 is below the limits -1.16 to 4.16, so "
        "the process as it runs will meet it.",
    ),
    (
        Direction.UP,
        5,
        Assurance.CONSISTENTLY_FAILING,
        AssuranceReason.CONSISTENTLY_FAILING,
        "Consistently failing: the target 5 is above the limits -1.16 to 4.16",
    ),
    (
        Direction.DOWN,
        5,
        Assurance.CONSISTENTLY_PASSING,
        AssuranceReason.CONSISTENTLY_PASSING,
        "Consistently passing: the target 5 is above",
    ),
    (
        Direction.DOWN,
        Decimal("4.16"),
        Assurance.HIT_AND_MISS,
        AssuranceReason.HIT_AND_MISS,
        "Hit and miss: the target 4.16 is within the limits -1.16 to 4.16",
    ),
    (
        Direction.NONE,
        3,
        Assurance.NONE,
        AssuranceReason.NO_DIRECTION,
        "The metric has no good direction, so the target 3 cannot be read",
    ),
    (Direction.UP, None, Assurance.NONE, AssuranceReason.NO_TARGET, "No target"),
]


@pytest.mark.parametrize(
    ("direction", "target", "assurance", "code", "words"), ASSURANCE_CASES
)
def test_assurance_compares_the_target_with_the_limits(
    direction: Direction,
    target: Number | None,
    assurance: Assurance,
    code: AssuranceReason,
    words: str,
) -> None:
    result = xmr_chart(series(COMMON * 2), direction=direction, target=target)

    assert result.assurance is assurance
    assert result.assurance_code is code
    assert result.assurance_reason.startswith(words)


def test_no_chart_means_no_assurance() -> None:
    result = xmr_chart(series([1] * 5), direction=Direction.UP, target=3)

    assert result.assurance is Assurance.NONE
    assert result.assurance_code is AssuranceReason.NOT_CALCULATED
    assert result.target == 3.0


CANNOT_CASES = [
    # (points, reason code, the reason's words)
    (series([1] * 9), SpcReason.TOO_FEW_POINTS, "9 points with figures"),
    ([], SpcReason.TOO_FEW_POINTS, "0 points with figures; a chart needs at least 10"),
    (
        series([*([1, 2] * 5), None, 1, 2, 3]),
        SpcReason.BREAK_IN_SERIES,
        "no figure for 2022-23 M11, so the unbroken run to 2023-24 M02 is 3 points",
    ),
    (
        [Point(str(Period(2010 + i)), i) for i in range(12)],
        SpcReason.NOT_MONTHLY_OR_QUARTERLY,
        "the periods are years; SPC charts are for monthly and quarterly series",
    ),
    (
        series([1] * 12, frequency="half_year"),
        SpcReason.NOT_MONTHLY_OR_QUARTERLY,
        "the periods are half-years",
    ),
    (
        [*series([1] * 12), Point("2030-31 Q1", 1)],
        SpcReason.MIXED_FREQUENCIES,
        "the series mixes months and quarters",
    ),
    (
        [*series([1] * 12), Point("January", 1)],
        SpcReason.UNREADABLE_PERIOD,
        "'January' is not a month or quarter",
    ),
    (
        [*series([1] * 12), Point("2022-23 M1", 2)],
        SpcReason.DUPLICATE_PERIOD,
        "2022-23 M1 appears twice (also as 2022-23 M01)",
    ),
    (
        series([1.7e308, -1.7e308] * 6),
        SpcReason.OUT_OF_RANGE,
        "the figures are too large to calculate with",
    ),
    (
        series([Decimal("1E+5000"), *([1] * 11)]),
        SpcReason.OUT_OF_RANGE,
        "the figures are too large to calculate with",
    ),
]


@pytest.mark.parametrize(("points", "code", "words"), CANNOT_CASES)
def test_chart_that_cannot_be_calculated_says_why(
    points: list[Point], code: SpcReason, words: str
) -> None:
    result = xmr_chart(points, direction=Direction.UP)

    assert result.outcome is Variation.CANNOT_BE_CALCULATED
    assert result.reason_code is code
    assert result.reason.startswith("Cannot be calculated: ")
    assert words in result.reason
    assert result.upper_limit is None and result.points == ()


def test_every_reason_code_outcome_and_assurance_is_covered_by_these_tests() -> None:
    codes = {code for _, code, _ in RULE_CASES} | {code for _, code, _ in CANNOT_CASES}
    assurances = {case[2] for case in ASSURANCE_CASES}
    assurance_codes = {case[3] for case in ASSURANCE_CASES} | {
        AssuranceReason.NOT_CALCULATED
    }

    assert codes == set(SpcReason)
    assert assurances == set(Assurance)
    assert assurance_codes == set(AssuranceReason)


def test_labels_are_written_for_people() -> None:
    assert Variation.SPECIAL_CAUSE_CONCERNING.label == (
        "Special cause variation, concerning"
    )
    assert Assurance.HIT_AND_MISS.label == "Hit and miss against the target"


# --- properties --------------------------------------------------------------------

integers = st.lists(st.integers(-(10**9), 10**9), min_size=10, max_size=40)
directions = st.sampled_from(list(Direction))


def chart_flags(values: Sequence[Number], direction: Direction) -> list[object]:
    result = xmr_chart(series(values), direction=direction)
    return [(p.rules, p.side, p.variation) for p in result.points]


@given(integers, st.integers(-(10**9), 10**9), directions)
def test_adding_a_constant_leaves_the_flags_unchanged(
    values: list[int], constant: int, direction: Direction
) -> None:
    shifted = [value + constant for value in values]

    assert chart_flags(shifted, direction) == chart_flags(values, direction)


@given(integers, st.integers(1, 10**6), directions)
def test_scaling_leaves_the_flags_unchanged(
    values: list[int], factor: int, direction: Direction
) -> None:
    scaled = [value * factor for value in values]

    assert chart_flags(scaled, direction) == chart_flags(values, direction)


@given(integers)
def test_turning_the_series_upside_down_swaps_improving_and_concerning(
    values: list[int],
) -> None:
    upright = xmr_chart(series(values), direction=Direction.UP)
    upside_down = xmr_chart(series([-v for v in values]), direction=Direction.DOWN)

    assert [p.variation for p in upside_down.points] == [
        p.variation for p in upright.points
    ]
    assert [p.rules for p in upside_down.points] == [p.rules for p in upright.points]


@given(st.lists(st.floats(-10, 10, allow_nan=False), min_size=10, max_size=30))
def test_a_flat_series_shows_no_special_cause(values: list[float]) -> None:
    flat = [values[0]] * len(values)

    result = xmr_chart(series(flat), direction=Direction.UP)

    assert all(point.rules == () for point in result.points)
    assert result.outcome is Variation.COMMON_CAUSE


figures = (
    st.none()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.fractions()
)


@given(
    st.lists(figures, max_size=30),
    directions,
    figures,
    st.booleans(),
)
def test_any_finite_figures_give_a_result_never_an_exception(
    values: list[Number | Fraction | None],
    direction: Direction,
    target: Number | Fraction | None,
    screen_outliers: bool,
) -> None:
    points = series(values)  # type: ignore[arg-type]

    result = xmr_chart(
        points, direction=direction, target=target, screen_outliers=screen_outliers
    )

    assert result.outcome in set(Variation)
    assert result.reason and result.assurance_reason
