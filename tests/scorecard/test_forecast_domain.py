"""Year-end forecasts (scorecard.domain.forecast), worked by hand."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.aggregation import YearAggregation as Agg
from scorecard.domain.forecast import (
    Method,
    OfficerForecast,
    Rule,
    Status,
    YearData,
    back_test,
    choose,
    forecast,
    interval,
    project,
    status_of,
)
from scorecard.domain.vocabulary import Direction


def year(values, target=None, name="2025-26", nums=(), dens=()):
    return YearData(
        name,
        tuple(None if v is None else D(str(v)) for v in values),
        tuple(D(str(n)) for n in nums),
        tuple(D(str(d)) for d in dens),
        None if target is None else D(str(target)),
    )


SUM = Rule(Agg.SUM, 4, Direction.UP)
MEAN = Rule(Agg.MEAN, 4, Direction.UP)
LATEST = Rule(Agg.LATEST, 4, Direction.UP)
LAST = year([10, 20, 30, 40], name="2024-25")


@pytest.mark.parametrize(
    ("method", "rule", "this", "last", "known", "expected"),
    [
        # Profiled target, flat: the rest of the year goes to plan.
        (Method.PROFILED_TARGET, SUM, year([90, 110], 400), None, 2, D(400)),
        (Method.PROFILED_TARGET, MEAN, year([40, 60], 50), None, 2, D(50)),
        (Method.PROFILED_TARGET, LATEST, year([5, 6], 10), None, 2, D(10)),
        # A profile of 1, 1, 1, 2: Q3 is 400 × 1/5, Q4 400 × 2/5.
        (
            Method.PROFILED_TARGET,
            Rule(Agg.SUM, 4, Direction.UP, profile=(D(1), D(1), D(1), D(2))),
            year([90, 110], 400),
            None,
            2,
            D(440),
        ),
        (Method.LINEAR_TREND, SUM, year([10, 20, 30]), None, 3, D(100)),
        (Method.LINEAR_TREND, MEAN, year([10, 20]), None, 2, D(25)),
        (Method.SEASONAL_NAIVE, SUM, year([12, 22]), LAST, 2, D(104)),
        # This year so far is 34/30 of last year's: Q3 34, Q4 45.33….
        (
            Method.SEASONAL_RATIO,
            SUM,
            year([12, 22]),
            LAST,
            2,
            D(12) + D(22) + D(34) + D(40) * D(34) / D(30),
        ),
    ],
)
def test_each_method(method, rule, this, last, known, expected):
    found = project(method, rule, this, last, known)
    assert found.value == pytest.approx(expected)
    assert found.reason == ""


@pytest.mark.parametrize(
    ("method", "this", "last", "known", "why"),
    [
        (Method.PROFILED_TARGET, year([1, 2]), None, 2, "no target"),
        (Method.LINEAR_TREND, year([1]), None, 1, "two periods"),
        (Method.SEASONAL_NAIVE, year([1, 2]), None, 2, "no year before"),
        (Method.SEASONAL_NAIVE, year([1, 2]), year([1, 2, None, 4]), 2, "lacks"),
        (Method.SEASONAL_RATIO, year([1, 2]), year([0, 0, 3, 4]), 2, "zero"),
        (Method.SEASONAL_NAIVE, year([1, None]), LAST, 2, "no figure"),
        (Method.SEASONAL_NAIVE, year([1, 2, 3, 4]), LAST, 4, "complete"),
    ],
)
def test_a_method_that_cannot_run_says_why(method, this, last, known, why):
    found = project(method, SUM, this, last, known)
    assert found.value is None
    assert why in found.reason


def test_a_ratio_year_is_its_numerators_over_its_denominators():
    rule = Rule(Agg.RATIO, 4, Direction.UP, scale=D(100))
    this = year([50, 60], nums=(5, 6), dens=(10, 10))
    last = year([40, 40, 50, 50], name="2024-25")
    # Q3 and Q4 at 50% of this year's mean denominator 10: 5 + 6 + 5 + 5 of 40.
    assert project(Method.SEASONAL_NAIVE, rule, this, last, 2).value == D("52.5")


STEADY = [year([10, 20, 30, 40], name=f"202{n}-2{n + 1}") for n in range(3)]


def test_back_test_and_a_tie_goes_to_the_simpler_method():
    scores = {s.method: s for s in back_test(SUM, STEADY, 2)}
    # No targets: the profiled target cannot be tested.
    assert scores[Method.PROFILED_TARGET].errors == ()
    # The first year has no year before it for the seasonal methods.
    assert scores[Method.SEASONAL_NAIVE].years == ("2021-22", "2022-23")
    assert scores[Method.LINEAR_TREND].errors == (D(0), D(0), D(0))
    method, reason = choose(list(scores.values()))
    assert method is Method.SEASONAL_NAIVE
    assert "lowest mean absolute error, 0" in reason


def test_the_lowest_error_wins():
    past = [
        year([10, 20, 30, 40], name="2021-22"),
        year([12, 20, 34, 40], name="2022-23"),
        year([10, 24, 30, 44], name="2023-24"),
    ]
    scores = {s.method: s for s in back_test(SUM, past, 2)}
    # Same period last year: 2022-23 was 106, forecast 12+20+30+40 = 102 (+4);
    # 2023-24 was 108, forecast 10+24+34+40 = 108 (0). MAE 2.
    assert scores[Method.SEASONAL_NAIVE].errors == (D(4), D(0))
    assert scores[Method.SEASONAL_NAIVE].mae == D(2)
    assert choose(list(scores.values()))[0] is Method.SEASONAL_NAIVE


def test_with_fewer_than_two_years_the_target_is_profiled():
    method, reason = choose(back_test(SUM, STEADY[:1], 2))
    assert method is Method.PROFILED_TARGET
    assert "no method could be tested on 2 past years" in reason


@pytest.mark.parametrize(
    ("errors", "low", "high"),
    [
        ([D(-10), D(10)], D(92), D(108)),
        ([D(0), D(0), D(0)], D(100), D(100)),
        # Positions 0.4 and 3.6 of five: −4 + 0.4 × 4 and 8 + 0.6 × 4.
        ([D(-4), D(0), D(4), D(8), D(12)], D("97.6"), D("110.4")),
    ],
)
def test_the_interval_is_the_10th_to_90th_percentile_of_the_errors(errors, low, high):
    lower, upper, reason = interval(errors, D(100))
    assert (lower, upper) == (pytest.approx(low), pytest.approx(high))
    assert "80% range" in reason


def test_no_interval_from_one_year():
    assert interval([D(3)], D(100))[:2] == (None, None)


@pytest.mark.parametrize(
    ("value", "lower", "upper", "target", "direction", "status"),
    [
        (110, 105, 115, 100, Direction.UP, Status.ON_TRACK),
        (100, 95, 105, 100, Direction.UP, Status.AT_RISK),
        (95, 90, 100, 100, Direction.UP, Status.AT_RISK),
        (80, 70, 90, 100, Direction.UP, Status.OFF_TRACK),
        (80, 70, 90, 100, Direction.DOWN, Status.ON_TRACK),
        (100, 95, 105, 100, Direction.DOWN, Status.AT_RISK),
        (120, 110, 130, 100, Direction.DOWN, Status.OFF_TRACK),
        (100, None, None, 100, Direction.UP, Status.ON_TRACK),
        (99, None, None, 100, Direction.UP, Status.OFF_TRACK),
        (99, None, None, 100, Direction.DOWN, Status.ON_TRACK),
        (99, None, None, None, Direction.UP, Status.CANNOT_FORECAST),
        (99, None, None, 100, Direction.NONE, Status.CANNOT_FORECAST),
        (None, None, None, 100, Direction.UP, Status.CANNOT_FORECAST),
    ],
)
def test_status(value, lower, upper, target, direction, status):
    def d(x):
        return None if x is None else D(x)

    found, reason = status_of(d(value), d(lower), d(upper), d(target), direction)
    assert found is status
    assert reason


def test_the_whole_forecast():
    past = [
        year([10, 20, 30, 40], 100, name="2021-22"),
        year([12, 20, 34, 40], 100, name="2022-23"),
        year([10, 24, 30, 44], 100, name="2023-24"),
    ]
    found = forecast(SUM, year([11, 21], 105), past, 2)
    assert found.method is Method.SEASONAL_NAIVE
    # 11 + 21 + 30 + 44 = 106; errors 4 and 0: range 106 + 0.4 to 106 + 3.6.
    assert found.value == D(106)
    assert (found.lower, found.upper) == (D("106.4"), D("109.6"))
    assert found.status is Status.ON_TRACK


def test_an_officers_forecast_has_no_range():
    found = forecast(
        SUM, year([11, 21], 105), STEADY, 2, officer=OfficerForecast(D(90), "A closure")
    )
    assert (found.method, found.value, found.lower) == (Method.OFFICER, D(90), None)
    assert found.status is Status.OFF_TRACK
    assert found.method_reason == "A closure"


def test_a_forecast_that_cannot_be_made_says_why():
    found = forecast(SUM, year([11, 21]), STEADY[:1], 2)
    assert found.status is Status.CANNOT_FORECAST
    assert "no target" in found.status_reason


FIGURES = st.decimals(min_value=-1000, max_value=1000, places=2)


@given(st.lists(FIGURES, min_size=2, max_size=12), FIGURES)
def test_an_interval_is_never_upside_down(errors, value):
    lower, upper, _ = interval(errors, value)
    assert lower is not None and upper is not None
    assert lower <= upper
    assert value + min(errors) <= lower and upper <= value + max(errors)


@given(st.lists(FIGURES, min_size=4, max_size=4), st.integers(min_value=1, max_value=3))
def test_a_year_that_repeats_last_year_is_forecast_exactly(figures, known):
    last = year(figures, name="2024-25")
    this = year(figures[:known])
    found = project(Method.SEASONAL_NAIVE, SUM, this, last, known)
    assert found.value == sum(D(str(f)) for f in figures)
