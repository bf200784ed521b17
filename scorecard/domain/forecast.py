"""Year-end forecasts for in-year metrics, with a range (issue 20, item 2).

Pure: no ORM. The one place the rules live; ``Decimal`` throughout. A year is its
periods' figures, oldest first (``YearData``); the year figure is made from them
by the metric's ``year_aggregation`` (``scorecard.domain.aggregation``), so a
forecast year is "the periods so far, and the forecast of the rest, made into a
year the way the metric's years are made".

**Methods** (each fills the periods still to come, ``known`` periods in):

- *profiled target*: the year's target spread over the year by the metric's
  profile (flat by default): for a summed metric each period is its share of the
  target; for a mean or ratio each period is the target scaled by its weight; for
  "latest" the year ends at the target. It says where the year ends if the rest of
  it goes to plan.
- *linear trend*: the least-squares line through the year so far (two periods
  at least), carried on.
- *seasonal naive*: each period to come is the same period last year.
- *seasonal ratio*: last year's periods to come, scaled by this year's ratio to
  last year over the periods so far (sums of both).
- *the officer's own forecast*: a year figure with its reason.

**Choosing a method.** Each method except the officer's is back-tested on every
past year that can test it: the year's end forecast from its first ``known``
periods, set against its outturn. The method with the lowest mean absolute error
over at least ``MIN_YEARS`` (2) past years is chosen (a tie goes to the earlier
method in ``METHODS``: the simpler one). With no method tested on two years, the
profiled target is used (when there is a target). An officer may choose another
method, with a reason.

**The interval** is 80%: the forecast plus the 10th and the 90th percentile of
the chosen method's past errors (outturn − forecast) at the same point in the year
(``statistics.quantiles``, inclusive method). With fewer than two past errors
there is no interval, and the forecast says so.

**The status**: *on track* when the year meets the target (the whole interval
does, where there is one), *off track* when it misses (the whole interval does),
*at risk* when the interval straddles the target, *cannot forecast* with the
reason (no figure yet, no method that can run, no target to judge by).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.aggregation import YearAggregation, year_figure
from scorecard.domain.vocabulary import Direction

MIN_YEARS = 2
LOWER_PERCENTILE = 0  # index into statistics.quantiles(n=10): the 10th percentile
UPPER_PERCENTILE = 8  # the 90th


class Method(StrEnum):
    PROFILED_TARGET = "profiled_target"
    LINEAR_TREND = "linear_trend"
    SEASONAL_NAIVE = "seasonal_naive"
    SEASONAL_RATIO = "seasonal_ratio"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS: dict[Method, str] = {
    Method.PROFILED_TARGET: "Profiled target",
    Method.LINEAR_TREND: "Linear trend",
    Method.SEASONAL_NAIVE: "Same period last year",
    Method.SEASONAL_RATIO: "Last year, scaled by this year so far",
    Method.OFFICER: "The officer's own forecast",
}
# The methods the product tests and chooses among, simplest first (a tie goes to
# the first).
METHODS: tuple[Method, ...] = (
    Method.PROFILED_TARGET,
    Method.SEASONAL_NAIVE,
    Method.SEASONAL_RATIO,
    Method.LINEAR_TREND,
)


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    CANNOT_FORECAST = "cannot_forecast"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.CANNOT_FORECAST: "Cannot forecast",
}


@dataclass(frozen=True)
class YearData:
    """One year's periods' figures, oldest first (None where a period has none),
    with their numerators and denominators (for a ratio) and the year's target
    level (None when it has none)."""

    year: str
    values: tuple[Decimal | None, ...]
    numerators: tuple[Decimal | None, ...] = ()
    denominators: tuple[Decimal | None, ...] = ()
    target: Decimal | None = None


@dataclass(frozen=True)
class Rule:
    """What a forecast needs of its metric."""

    aggregation: YearAggregation
    periods: int  # periods in a year: 12 monthly, 4 quarterly
    direction: Direction
    scale: Decimal = Decimal(1)  # a ratio's scale (ratio_scale)
    profile: tuple[Decimal, ...] = ()  # weights per period; () is flat


@dataclass(frozen=True)
class Projection:
    """A method's year-end figure, or None with the reason it could not run."""

    method: Method
    value: Decimal | None
    reason: str = ""


@dataclass(frozen=True)
class Score:
    """A method's back-test: its errors (outturn − forecast), one per past year it
    could be tested on, and their mean absolute error."""

    method: Method
    errors: tuple[Decimal, ...]
    years: tuple[str, ...]

    @property
    def mae(self) -> Decimal | None:
        if not self.errors:
            return None
        return sum((abs(e) for e in self.errors), Decimal(0)) / len(self.errors)


@dataclass(frozen=True)
class OfficerForecast:
    value: Decimal
    reason: str


@dataclass(frozen=True)
class Forecast:
    method: Method
    method_reason: str
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    interval_reason: str
    status: Status
    status_reason: str
    known: int
    scores: tuple[Score, ...] = field(default=())


# ---------------------------------------------------------------------------
# The methods
# ---------------------------------------------------------------------------


def _weights(rule: Rule) -> list[Decimal]:
    profile = list(rule.profile) or [Decimal(1)] * rule.periods
    if len(profile) != rule.periods:
        raise ValueError(
            f"a profile has one weight per period ({rule.periods}), not {len(profile)}"
        )
    total = sum(profile, Decimal(0))
    if total <= 0 or any(w < 0 for w in profile):
        raise ValueError("a profile's weights are positive")
    if rule.aggregation is YearAggregation.SUM:
        return [w / total for w in profile]
    mean = total / len(profile)
    return [w / mean for w in profile]


def _slots(values: Sequence[Decimal | None], size: int) -> list[Decimal | None]:
    padded = list(values[:size])
    return padded + [None] * (size - len(padded))


def _year(
    rule: Rule, values: Sequence[Decimal | None], year: YearData, known: int
) -> Decimal | None:
    """The year figure of ``values`` (all periods filled); a ratio's periods to
    come take this year's mean denominator so far, their numerators following
    from the forecast figure."""
    if rule.aggregation is YearAggregation.RATIO:
        dens = _slots(year.denominators, rule.periods)
        nums = _slots(year.numerators, rule.periods)
        given = [d for d in dens[:known] if d is not None]
        fill = sum(given, Decimal(0)) / len(given) if given else None
        for index in range(known, rule.periods):
            den = dens[index] if dens[index] is not None else fill
            value = values[index]
            if den is None or value is None:
                return None
            dens[index] = den
            nums[index] = value * den / rule.scale
        return year_figure(
            rule.aggregation,
            values,
            numerators=nums,
            denominators=dens,
            expected_periods=rule.periods,
            scale=rule.scale,
        ).value
    return year_figure(rule.aggregation, values, expected_periods=rule.periods).value


def project(
    method: Method,
    rule: Rule,
    this_year: YearData,
    last_year: YearData | None,
    known: int,
) -> Projection:
    """``method``'s year-end figure for ``this_year`` from its first ``known``
    periods (and ``last_year`` for the seasonal methods)."""
    so_far = _slots(this_year.values, rule.periods)[:known]
    if any(v is None for v in so_far):
        gaps = sum(1 for v in so_far if v is None)
        return Projection(
            method, None, f"{gaps} of the {known} periods so far have no figure"
        )
    if known >= rule.periods:
        return Projection(method, None, "the year is complete: its outturn is known")
    remaining = range(known, rule.periods)
    filled: list[Decimal | None] = list(so_far) + [None] * (rule.periods - known)
    if method is Method.PROFILED_TARGET:
        if this_year.target is None:
            return Projection(method, None, "the year has no target to profile")
        weights = _weights(rule)
        for index in remaining:
            filled[index] = this_year.target * weights[index]
        if rule.aggregation is YearAggregation.LATEST:
            filled[-1] = this_year.target
    elif method is Method.LINEAR_TREND:
        if known < 2:
            return Projection(method, None, "a trend needs two periods of the year")
        xs = [Decimal(i) for i in range(known)]
        ys = [v for v in so_far if v is not None]
        mean_x = sum(xs, Decimal(0)) / known
        mean_y = sum(ys, Decimal(0)) / known
        sxx = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
        sxy = sum(
            ((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)),
            Decimal(0),
        )
        slope = sxy / sxx
        for index in remaining:
            filled[index] = mean_y + slope * (Decimal(index) - mean_x)
    else:
        if last_year is None:
            return Projection(method, None, "there is no year before to follow")
        before = _slots(last_year.values, rule.periods)
        if any(before[i] is None for i in remaining):
            return Projection(
                method, None, "last year lacks a figure for a period still to come"
            )
        factor = Decimal(1)
        if method is Method.SEASONAL_RATIO:
            then = before[:known]
            if any(v is None for v in then):
                return Projection(
                    method, None, "last year lacks a figure for a period so far"
                )
            then_total = sum((v for v in then if v is not None), Decimal(0))
            if then_total == 0:
                return Projection(
                    method, None, "last year's periods so far add up to zero"
                )
            factor = sum((v for v in so_far if v is not None), Decimal(0)) / then_total
        for index in remaining:
            value = before[index]
            assert value is not None
            filled[index] = value * factor
    value = _year(rule, filled, this_year, known)
    if value is None:
        return Projection(method, None, "the year's figure cannot be made")
    return Projection(method, value)


# ---------------------------------------------------------------------------
# Back-testing, choosing, the interval and the status
# ---------------------------------------------------------------------------


def outturn(rule: Rule, year: YearData) -> Decimal | None:
    """A complete year's figure, by the metric's aggregation."""
    return year_figure(
        rule.aggregation,
        _slots(year.values, rule.periods),
        numerators=_slots(year.numerators, rule.periods),
        denominators=_slots(year.denominators, rule.periods),
        expected_periods=rule.periods,
        scale=rule.scale,
    ).value


def back_test(rule: Rule, past: Sequence[YearData], known: int) -> tuple[Score, ...]:
    """Each method's errors over the past years (oldest first), forecasting each
    year's end from its first ``known`` periods."""
    scores = []
    for method in METHODS:
        errors: list[Decimal] = []
        years: list[str] = []
        for index, year in enumerate(past):
            actual = outturn(rule, year)
            if actual is None:
                continue
            before = past[index - 1] if index > 0 else None
            found = project(method, rule, year, before, known)
            if found.value is None:
                continue
            errors.append(actual - found.value)
            years.append(year.year)
        scores.append(Score(method, tuple(errors), tuple(years)))
    return tuple(scores)


def choose(scores: Sequence[Score]) -> tuple[Method, str]:
    """The method with the lowest mean absolute error over at least MIN_YEARS
    years, and why; else the profiled target."""
    tested = [s for s in scores if len(s.errors) >= MIN_YEARS]
    if not tested:
        return (
            Method.PROFILED_TARGET,
            f"no method could be tested on {MIN_YEARS} past years, so the target "
            "profiled over the year is used",
        )
    best = min(tested, key=lambda s: (s.mae, METHODS.index(s.method)))
    others = [
        f"{s.method.label.lower()} {_show(s.mae)}"
        for s in tested
        if s is not best and s.mae is not None
    ]
    beside = f" (against {', '.join(others)})" if others else ""
    return (
        best.method,
        f"{best.method.label} had the lowest mean absolute error, {_show(best.mae)}, "
        f"over {len(best.errors)} past years{beside}",
    )


def interval(
    errors: Sequence[Decimal], value: Decimal
) -> tuple[Decimal | None, Decimal | None, str]:
    """The 80% interval: the value plus the 10th and 90th percentiles of the
    past errors; none with fewer than MIN_YEARS errors."""
    if len(errors) < MIN_YEARS:
        return (
            None,
            None,
            f"no range: the method has fewer than {MIN_YEARS} past years' errors "
            "to draw one from",
        )
    cuts = statistics.quantiles(errors, n=10, method="inclusive")
    low, high = cuts[LOWER_PERCENTILE], cuts[UPPER_PERCENTILE]
    return (
        value + low,
        value + high,
        f"80% range from the 10th and 90th percentiles of its errors in "
        f"{len(errors)} past years",
    )


def _meets(value: Decimal, target: Decimal, direction: Direction) -> bool:
    return value >= target if direction is Direction.UP else value <= target


def status_of(
    value: Decimal | None,
    lower: Decimal | None,
    upper: Decimal | None,
    target: Decimal | None,
    direction: Direction,
) -> tuple[Status, str]:
    """On track, at risk or off track against the year's target."""
    if value is None:
        return Status.CANNOT_FORECAST, "there is no forecast"
    if target is None:
        return Status.CANNOT_FORECAST, "the year has no target to judge it by"
    if direction is Direction.NONE:
        return Status.CANNOT_FORECAST, "the metric has no good direction"
    shown = _show(target)
    if lower is not None and upper is not None:
        low_meets = _meets(lower, target, direction)
        high_meets = _meets(upper, target, direction)
        if low_meets and high_meets:
            return Status.ON_TRACK, f"the whole range meets the target {shown}"
        if not low_meets and not high_meets:
            return Status.OFF_TRACK, f"the whole range misses the target {shown}"
        return Status.AT_RISK, f"the range straddles the target {shown}"
    if _meets(value, target, direction):
        return Status.ON_TRACK, f"the forecast meets the target {shown}"
    return Status.OFF_TRACK, f"the forecast misses the target {shown}"


def forecast(
    rule: Rule,
    this_year: YearData,
    past: Sequence[YearData],
    known: int,
    *,
    chosen: tuple[Method, str] | None = None,
    officer: OfficerForecast | None = None,
) -> Forecast:
    """The year-end forecast for ``this_year`` ``known`` periods in, from the
    ``past`` years (oldest first, the last being the year before). ``chosen`` is a
    method an officer chose instead, with the reason; ``officer`` their own
    figure."""
    scores = back_test(rule, past, known)
    last_year = past[-1] if past else None
    if officer is not None:
        method, reason = Method.OFFICER, officer.reason
        value: Decimal | None = officer.value
        errors: tuple[Decimal, ...] = ()
        failed = ""
    else:
        method, reason = chosen if chosen is not None else choose(scores)
        found = project(method, rule, this_year, last_year, known)
        value, failed = found.value, found.reason
        errors = next((s.errors for s in scores if s.method is method), ())
    if value is None:
        return Forecast(
            method,
            reason,
            None,
            None,
            None,
            "",
            Status.CANNOT_FORECAST,
            f"{method.label}: {failed}",
            known,
            scores,
        )
    if method is Method.OFFICER:
        lower, upper, range_reason = None, None, "no range: the officer's own figure"
    else:
        lower, upper, range_reason = interval(errors, value)
    status, why = status_of(value, lower, upper, this_year.target, rule.direction)
    return Forecast(
        method, reason, value, lower, upper, range_reason, status, why, known, scores
    )


def _show(number: Decimal | None) -> str:
    if number is None:
        return "none"
    text = f"{number.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"
