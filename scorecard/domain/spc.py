"""Statistical process control: the XmR chart of NHS England's "Making Data Count".

For a monthly or quarterly series of at least ten points the chart has a centre line
(the mean), process limits at the mean ± 2.66 × the mean moving range, and four rules
that mark special-cause variation: a point beyond a limit; seven points in a row on
one side of the mean; seven points in a row each higher (or each lower) than the one
before; two of three points in a row beyond two sigma on one side (sigma is the mean
moving range / 1.128, so two sigma is very nearly two-thirds of the way to a limit).
The latest point's variation (improving or concerning, read with the metric's good
direction) and the assurance of meeting a target (the target against the limits) are
what a report shows; the limits and every point's flags are what a chart draws.

The rules follow NHS England's Making Data Count guidance as implemented by the NHS-R
community's NHSRplotthedots (whose Excel-compatible option, no screening of outlying
moving ranges, is the default here). The arithmetic is exact (fractions of the
figures as given, floats only in the result), so a point exactly on the mean or a
limit is judged the same however the series is shifted or scaled, and a flat series
shows no special cause.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from scorecard.domain.periods import (
    ANNUAL,
    HALF_YEAR,
    MONTH,
    PERIODS_PER_YEAR,
    QUARTER,
    Period,
    read_period,
)
from scorecard.domain.trend import Number, Point, figure_text
from scorecard.domain.vocabulary import Direction

METHOD_XMR = "spc_xmr"
METHOD_LABELS: dict[str, str] = {
    METHOD_XMR: "Statistical process control (XmR chart, Making Data Count)"
}

MIN_POINTS = 10
# With fewer points than this the limits are "trial" limits: shown, but provisional.
PROVISIONAL_BELOW = 12
RUN_LENGTH = 7
LIMIT_FACTOR = Fraction("2.66")
# d2, the bias correction for moving ranges of two points: sigma = mean MR / 1.128.
D2 = Fraction("1.128")
# Nelson's screen: a moving range at or above 3.267 × the mean is left out when asked.
OUTLIER_MOVING_RANGE_FACTOR = Fraction("3.267")
_FREQUENCIES = (MONTH, QUARTER)
_PLURALS = {
    ANNUAL: "years",
    HALF_YEAR: "half-years",
    QUARTER: "quarters",
    MONTH: "months",
}
_MAX_DECIMAL_EXPONENT = 1000
_OUT_OF_RANGE = "the figures are too large to calculate with."


class Variation(StrEnum):
    """The variation of a point (the latest, for the chart's verdict)."""

    SPECIAL_CAUSE_IMPROVING = "special_cause_improving"
    SPECIAL_CAUSE_CONCERNING = "special_cause_concerning"
    SPECIAL_CAUSE_NO_DIRECTION = "special_cause_no_direction"
    COMMON_CAUSE = "common_cause"
    CANNOT_BE_CALCULATED = "cannot_be_calculated"

    @property
    def label(self) -> str:
        return _VARIATION_LABELS[self]


_VARIATION_LABELS: dict[Variation, str] = {
    Variation.SPECIAL_CAUSE_IMPROVING: "Special cause variation, improving",
    Variation.SPECIAL_CAUSE_CONCERNING: "Special cause variation, concerning",
    Variation.SPECIAL_CAUSE_NO_DIRECTION: "Special cause variation (no good direction)",
    Variation.COMMON_CAUSE: "Common cause variation",
    Variation.CANNOT_BE_CALCULATED: "Cannot be calculated",
}


class Assurance(StrEnum):
    """Whether the process, as it runs, can be relied on to meet the target."""

    CONSISTENTLY_PASSING = "consistently_passing"
    CONSISTENTLY_FAILING = "consistently_failing"
    HIT_AND_MISS = "hit_and_miss"
    NONE = "none"

    @property
    def label(self) -> str:
        return _ASSURANCE_LABELS[self]


_ASSURANCE_LABELS: dict[Assurance, str] = {
    Assurance.CONSISTENTLY_PASSING: "Consistently passing the target",
    Assurance.CONSISTENTLY_FAILING: "Consistently failing the target",
    Assurance.HIT_AND_MISS: "Hit and miss against the target",
    Assurance.NONE: "No assurance",
}


class SpcRule(StrEnum):
    """The four Making Data Count rules for special-cause variation."""

    BEYOND_LIMITS = "beyond_limits"
    SHIFT = "shift"  # seven points in a row on one side of the mean
    TREND = "trend"  # seven points in a row rising, or falling
    TWO_OF_THREE = "two_of_three"  # two of three beyond two sigma, on one side


# When the latest point breaks several rules, the reason names the first of these.
_RULE_PRIORITY = (
    SpcRule.BEYOND_LIMITS,
    SpcRule.TWO_OF_THREE,
    SpcRule.SHIFT,
    SpcRule.TREND,
)


class SpcReason(StrEnum):
    """Why the chart's verdict came out as it did: stable keys for code and exports.

    The first four name the rule that marked the latest point."""

    BEYOND_LIMITS = "beyond_limits"
    TWO_OF_THREE = "two_of_three"
    SHIFT = "shift"
    TREND = "trend"
    COMMON_CAUSE = "common_cause"
    TOO_FEW_POINTS = "too_few_points"
    BREAK_IN_SERIES = "break_in_series"
    NOT_MONTHLY_OR_QUARTERLY = "not_monthly_or_quarterly"
    MIXED_FREQUENCIES = "mixed_frequencies"
    UNREADABLE_PERIOD = "unreadable_period"
    DUPLICATE_PERIOD = "duplicate_period"
    OUT_OF_RANGE = "out_of_range"


class AssuranceReason(StrEnum):
    """Why the assurance came out as it did."""

    CONSISTENTLY_PASSING = "consistently_passing"
    CONSISTENTLY_FAILING = "consistently_failing"
    HIT_AND_MISS = "hit_and_miss"
    NO_TARGET = "no_target"
    NO_DIRECTION = "no_direction"
    NOT_CALCULATED = "not_calculated"


class Side(StrEnum):
    """Which way a special-cause point departs: above (high) or below (low)."""

    HIGH = "high"
    LOW = "low"


@dataclass(frozen=True)
class AssuranceResult:
    assurance: Assurance
    reason_code: AssuranceReason
    reason: str


@dataclass(frozen=True)
class SpcPoint:
    """One point of the chart: its figure, the rules it breaks and its variation.

    `side` is which way a special-cause point departs (its side of the mean, or the
    direction of its run for the trend rule alone); None for common cause.
    `moving_range` is the distance from the point before (None for the first).
    """

    period: str
    value: float
    moving_range: float | None
    rules: tuple[SpcRule, ...]
    variation: Variation
    side: Side | None


@dataclass(frozen=True)
class SpcResult:
    """An XmR chart's verdict on its latest point, its assurance, and what to draw.

    `outcome` is the latest point's variation; `rules` the rules that point breaks.
    The limits and the two-sigma lines are None when the chart cannot be calculated.
    """

    method: str
    outcome: Variation
    reason_code: SpcReason
    reason: str
    assurance: Assurance
    assurance_code: AssuranceReason
    assurance_reason: str
    direction: Direction = Direction.NONE
    limits_provisional: bool = False
    periods: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    mean: float | None = None
    mean_moving_range: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    lower_two_sigma: float | None = None
    upper_two_sigma: float | None = None
    target: float | None = None
    points: tuple[SpcPoint, ...] = ()
    rules: tuple[SpcRule, ...] = ()

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)


class _CannotCalculate(Exception):
    def __init__(self, code: SpcReason, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Item:
    """A point of the run: its figure exactly, as a whole-number ratio (no Fraction
    is built per point: a chart is worked out for every period of every monthly
    metric, and a Fraction costs more than the tests on it)."""

    period: Period
    label: str
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)


def xmr_chart(
    points: Iterable[Point],
    *,
    direction: Direction = Direction.NONE,
    target: Number | Fraction | None = None,
    screen_outliers: bool = False,
) -> SpcResult:
    """The XmR chart of a monthly or quarterly series, Making Data Count style.

    The rule in words. The series is the unbroken run of periods ending at the latest
    point with a figure (a period with no figure is a break); it needs at least 10
    points, and with 10 or 11 the limits are marked provisional. The centre line is
    the mean; the moving ranges are the distances between consecutive points; the
    process limits are the mean ± 2.66 × the mean moving range, and the two-sigma
    lines the mean ± 2 × (mean moving range / 1.128). A point breaks a rule when it
    is beyond a limit; when it is one of 7 or more points in a row strictly above (or
    strictly below) the mean, a point on the mean breaking the run; when it is one of
    7 or more points in a row each strictly higher (or each strictly lower) than the
    one before, a repeated value breaking the run; or when it is one of 2 (or 3) of 3
    points in a row beyond the same two-sigma line, points beyond the limits
    included. A point that breaks a rule is special cause: improving when it departs
    in the good direction, concerning when it departs in the bad one, "no direction"
    when the metric has none. It departs the way it lies from the mean, or, when only
    the trend rule marks it, the way its run goes (a peak in both a rising and a
    falling run goes the way of the later run).

    With `screen_outliers` moving ranges at or above 3.267 × their mean are left out
    of the mean moving range (Nelson's screen, NHSRplotthedots' default); Making Data
    Count's Excel tools, and so the default here, keep them all.

    The assurance is assurance_against_target(...) of the limits. Whatever stops the
    chart (too few points, a gap leaving too short a run, annual or half-year
    periods, mixed frequencies, unreadable or repeated periods, figures too large to
    compute with) gives "cannot be calculated" with its reason code. Never raises.
    """
    direction = Direction(direction)
    try:
        run = _latest_run(list(points))
        return _chart(run, direction, target, screen_outliers)
    except _CannotCalculate as stop:
        code, reason = stop.code, stop.reason
    except ValueError:
        code, reason = SpcReason.OUT_OF_RANGE, _OUT_OF_RANGE
    no_chart = _no_assurance(target)
    return SpcResult(
        method=METHOD_XMR,
        outcome=Variation.CANNOT_BE_CALCULATED,
        reason_code=code,
        reason=f"Cannot be calculated: {reason}",
        assurance=no_chart.assurance,
        assurance_code=no_chart.reason_code,
        assurance_reason=no_chart.reason,
        direction=direction,
        target=_float_or_none(_exact_or_none(target)),
    )


def assurance_against_target(
    *,
    lower_limit: Number | Fraction,
    upper_limit: Number | Fraction,
    target: Number | Fraction | None,
    direction: Direction,
) -> AssuranceResult:
    """Whether a process with these limits can be relied on to meet the target.

    The rule in words: when up is good, a target below the lower limit is
    consistently passed (nearly every point will be above it), a target above the
    upper limit consistently failed, and a target between the limits, or on one, is
    hit and miss; when down is good the sides swap. With no target, or no good
    direction to read it with, there is no assurance. Raises ValueError for a limit
    that is not a finite number, or a figure beyond 10 to the power ±1,000.
    """
    direction = Direction(direction)
    goal = _exact(target)
    if goal is None:
        return AssuranceResult(
            Assurance.NONE, AssuranceReason.NO_TARGET, "No target to assure against."
        )
    if direction is Direction.NONE:
        return AssuranceResult(
            Assurance.NONE,
            AssuranceReason.NO_DIRECTION,
            f"The metric has no good direction, so the target {_text(goal)} cannot "
            "be read as passed or failed.",
        )
    lower, upper = Fraction(lower_limit), Fraction(upper_limit)
    limits = f"the limits {_text(lower)} to {_text(upper)}"
    up_good = direction is Direction.UP
    if goal < lower or goal > upper:
        passing = (goal < lower) == up_good
        side = "below" if goal < lower else "above"
        if passing:
            return AssuranceResult(
                Assurance.CONSISTENTLY_PASSING,
                AssuranceReason.CONSISTENTLY_PASSING,
                f"Consistently passing: the target {_text(goal)} is {side} {limits}, "
                "so the process as it runs will meet it.",
            )
        return AssuranceResult(
            Assurance.CONSISTENTLY_FAILING,
            AssuranceReason.CONSISTENTLY_FAILING,
            f"Consistently failing: the target {_text(goal)} is {side} {limits}, "
            "so the process as it runs will not meet it without a change.",
        )
    return AssuranceResult(
        Assurance.HIT_AND_MISS,
        AssuranceReason.HIT_AND_MISS,
        f"Hit and miss: the target {_text(goal)} is within {limits}, so the process "
        "will sometimes meet it and sometimes not.",
    )


def _no_assurance(target: Number | Fraction | None) -> AssuranceResult:
    goal = _exact_or_none(target)
    if goal is None:
        return AssuranceResult(
            Assurance.NONE, AssuranceReason.NO_TARGET, "No target to assure against."
        )
    return AssuranceResult(
        Assurance.NONE,
        AssuranceReason.NOT_CALCULATED,
        f"No limits to compare the target {_text(goal)} with.",
    )


def _exact(number: Number | Fraction | None) -> Fraction | None:
    """The figure as an exact fraction, or None when there is no usable figure.

    Raises ValueError for a Decimal beyond 10 to the power ±1,000, whose exact
    fraction would be too big to compute with (no float comes near it).
    """
    if number is None or isinstance(number, bool):
        return None
    if isinstance(number, Decimal):
        if not number.is_finite():
            return None
        if number and abs(number.adjusted()) > _MAX_DECIMAL_EXPONENT:
            raise ValueError(f"{number} is too large or too small to chart")
        return Fraction(number)
    if isinstance(number, float):
        return Fraction(number) if math.isfinite(number) else None
    return Fraction(number)


def _ratio(number: Number | Fraction | None) -> tuple[int, int] | None:
    """The figure as (numerator, denominator) with a positive denominator, the
    same number _exact gives, or None when there is no usable figure."""
    if number is None or isinstance(number, bool):
        return None
    if isinstance(number, Decimal):
        if not number.is_finite():
            return None
        if number and abs(number.adjusted()) > _MAX_DECIMAL_EXPONENT:
            raise ValueError(f"{number} is too large or too small to chart")
        return number.as_integer_ratio()
    if isinstance(number, float):
        return number.as_integer_ratio() if math.isfinite(number) else None
    if isinstance(number, int):
        return number, 1
    exact = Fraction(number)
    return exact.numerator, exact.denominator


def _exact_or_none(number: Number | Fraction | None) -> Fraction | None:
    try:
        return _exact(number)
    except ValueError:
        return None


def _float_or_none(number: Fraction | None) -> float | None:
    if number is None:
        return None
    try:
        return float(number)
    except OverflowError:
        return None


def _text(number: Fraction) -> str:
    converted = _float_or_none(number)
    return figure_text(converted) if converted is not None else "a very large figure"


def _latest_run(points: list[Point]) -> list[_Item]:
    """The unbroken run of periods ending at the latest point with a figure."""
    seen: dict[Period, str] = {}
    items: list[_Item] = []
    for point in points:
        label = point.period.strip()
        try:
            period = read_period(point.period)
        except ValueError:
            raise _CannotCalculate(
                SpcReason.UNREADABLE_PERIOD,
                f"'{label}' is not a month or quarter (write it as 2024-25 M06 or "
                "2024-25 Q2).",
            ) from None
        size = len(seen)
        first = seen.setdefault(period, label)
        if len(seen) == size:  # already there
            raise _CannotCalculate(
                SpcReason.DUPLICATE_PERIOD,
                f"{label} appears twice (also as {first}).",
            )
        ratio = _ratio(point.value)
        if ratio is not None:
            items.append(_Item(period, label, *ratio))
    frequencies = {period.frequency for period in seen}
    if len(frequencies) > 1:
        raise _CannotCalculate(
            SpcReason.MIXED_FREQUENCIES,
            "the series mixes "
            + " and ".join(sorted(_PLURALS[f] for f in frequencies))
            + "; a chart is of one frequency.",
        )
    if frequencies and not frequencies <= set(_FREQUENCIES):
        (frequency,) = frequencies
        raise _CannotCalculate(
            SpcReason.NOT_MONTHLY_OR_QUARTERLY,
            f"the periods are {_PLURALS[frequency]}; SPC charts are for "
            "monthly and quarterly series (annual series have the recent trend).",
        )
    # One frequency by now, so the periods' order is their ordinals', and
    # consecutive periods have consecutive ordinals.
    items.sort(key=lambda item: _ordinal(item.period))
    ordinals = [_ordinal(item.period) for item in items]
    start = len(items) - 1
    while start > 0 and ordinals[start - 1] + 1 == ordinals[start]:
        start -= 1
    run = items[max(start, 0) :]
    if len(run) >= MIN_POINTS:
        return run
    if len(items) >= MIN_POINTS:
        gap = run[0].period.previous()
        raise _CannotCalculate(
            SpcReason.BREAK_IN_SERIES,
            f"no figure for {gap}, so the unbroken run to {run[-1].label} is "
            f"{len(run)} point{'' if len(run) == 1 else 's'} "
            f"({run[0].label}–{run[-1].label}); a chart needs at least {MIN_POINTS}.",
        )
    held = f" ({items[0].label}–{items[-1].label})" if items else ""
    raise _CannotCalculate(
        SpcReason.TOO_FEW_POINTS,
        f"{len(items)} point{'' if len(items) == 1 else 's'} with figures{held}; a "
        f"chart needs at least {MIN_POINTS} monthly or quarterly points.",
    )


def _ordinal(period: Period) -> int:
    """The period's place in its frequency's sequence: the next period's is one
    more (what Period.next says, without building it)."""
    return period.year_start * PERIODS_PER_YEAR[period.frequency] + period.index


def _sign(number: Fraction | int) -> int:
    return (number > 0) - (number < 0)


def _runs(signs: Sequence[int], length: int) -> list[tuple[int, int]]:
    """(start, end) of every run of one non-zero sign at least `length` long."""
    found: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(signs) + 1):
        if index == len(signs) or signs[index] != signs[start]:
            if signs[start] != 0 and index - start >= length:
                found.append((start, index - 1))
            start = index
    return found


def _chart(
    run: list[_Item],
    direction: Direction,
    target: Number | Fraction | None,
    screen_outliers: bool,
) -> SpcResult:
    count = len(run)
    # Exact arithmetic on whole numbers: every figure times the figures' common
    # denominator, so each point's tests are comparisons of integers (a chart of
    # a hundred points is worked out for every period of every monthly metric).
    scale = math.lcm(*(item.denominator for item in run))
    scaled = [item.numerator * (scale // item.denominator) for item in run]
    total = sum(scaled)
    mean = Fraction(total, count * scale)
    ranges = [abs(scaled[i] - scaled[i - 1]) for i in range(1, count)]
    kept_total, kept_count = sum(ranges), len(ranges)
    if screen_outliers and kept_total > 0:
        factor = OUTLIER_MOVING_RANGE_FACTOR
        # A moving range r is kept when r < factor × (total / count).
        kept = [
            r
            for r in ranges
            if r * kept_count * factor.denominator < factor.numerator * kept_total
        ]
        kept_total, kept_count = sum(kept), len(kept)
    mean_moving_range = Fraction(kept_total, kept_count * scale)
    upper = mean + LIMIT_FACTOR * mean_moving_range
    lower = mean - LIMIT_FACTOR * mean_moving_range
    two_sigma = 2 * mean_moving_range / D2
    upper_near, lower_near = mean + two_sigma, mean - two_sigma
    # A scaled figure x is above a line at y when x > floor(y × scale), below it
    # when x < ceil(y × scale): exactly the tests on the figures themselves.
    above, below = math.floor(upper * scale), math.ceil(lower * scale)
    above_near, below_near = (
        math.floor(upper_near * scale),
        math.ceil(lower_near * scale),
    )

    rules: list[set[SpcRule]] = [set() for _ in run]
    sides = [_sign(count * x - total) for x in scaled]
    for index, x in enumerate(scaled):
        if x > above or x < below:
            rules[index].add(SpcRule.BEYOND_LIMITS)
    for start, end in _runs(sides, RUN_LENGTH):
        for index in range(start, end + 1):
            rules[index].add(SpcRule.SHIFT)
    steps = [_sign(scaled[i] - scaled[i - 1]) for i in range(1, count)]
    trend_side: list[int] = [0] * count
    for start, end in _runs(steps, RUN_LENGTH - 1):
        # Steps start..end join points start..end + 1.
        for index in range(start, end + 2):
            rules[index].add(SpcRule.TREND)
            trend_side[index] = steps[start]
    beyond_near = (
        [x > above_near for x in scaled],
        [x < below_near for x in scaled],
    )
    for near in beyond_near:
        for start in range(count - 2):
            if near[start] + near[start + 1] + near[start + 2] >= 2:
                for index in range(start, start + 3):
                    if near[index]:
                        rules[index].add(SpcRule.TWO_OF_THREE)

    chart_points: list[SpcPoint] = []
    for index, item in enumerate(run):
        broken = tuple(rule for rule in _RULE_PRIORITY if rule in rules[index])
        side_sign = 0
        if broken:
            side_sign = (
                trend_side[index] if broken == (SpcRule.TREND,) else sides[index]
            )
        side = None if not broken else (Side.HIGH if side_sign > 0 else Side.LOW)
        chart_points.append(
            SpcPoint(
                period=item.label,
                value=_quotient(scaled[index], scale),
                moving_range=None
                if index == 0
                else _quotient(ranges[index - 1], scale),
                rules=broken,
                variation=_variation(side, direction),
                side=side,
            )
        )

    latest = chart_points[-1]
    provisional = count < PROVISIONAL_BELOW
    figures = (
        f" Mean {_text(mean)}, limits {_text(lower)} to {_text(upper)}, from {count} "
        f"points ({run[0].label}–{run[-1].label})."
    )
    if provisional:
        figures += (
            f" The limits are provisional: fewer than {PROVISIONAL_BELOW} points."
        )
    reason_code, why = _latest_reason(
        run,
        latest,
        sides,
        steps,
        beyond_near,
        lower,
        upper,
        lower_near,
        upper_near,
    )
    assurance = assurance_against_target(
        lower_limit=lower, upper_limit=upper, target=target, direction=direction
    )
    return SpcResult(
        method=METHOD_XMR,
        outcome=latest.variation,
        reason_code=reason_code,
        reason=f"{latest.variation.label}: {why}{figures}",
        assurance=assurance.assurance,
        assurance_code=assurance.reason_code,
        assurance_reason=assurance.reason,
        direction=direction,
        limits_provisional=provisional,
        periods=tuple(item.label for item in run),
        values=tuple(point.value for point in chart_points),
        mean=_as_float(mean),
        mean_moving_range=_as_float(mean_moving_range),
        lower_limit=_as_float(lower),
        upper_limit=_as_float(upper),
        lower_two_sigma=_as_float(lower_near),
        upper_two_sigma=_as_float(upper_near),
        target=_float_or_none(_exact(target)),
        points=tuple(chart_points),
        rules=latest.rules,
    )


def _as_float(number: Fraction) -> float:
    converted = _float_or_none(number)
    if converted is None:
        raise _CannotCalculate(SpcReason.OUT_OF_RANGE, _OUT_OF_RANGE)
    return converted


def _quotient(numerator: int, denominator: int) -> float:
    """numerator / denominator as the nearest float: what float(Fraction(...))
    gives, without building the Fraction."""
    try:
        return numerator / denominator
    except OverflowError:
        raise _CannotCalculate(SpcReason.OUT_OF_RANGE, _OUT_OF_RANGE) from None


def _variation(side: Side | None, direction: Direction) -> Variation:
    if side is None:
        return Variation.COMMON_CAUSE
    if direction is Direction.NONE:
        return Variation.SPECIAL_CAUSE_NO_DIRECTION
    if (side is Side.HIGH) == (direction is Direction.UP):
        return Variation.SPECIAL_CAUSE_IMPROVING
    return Variation.SPECIAL_CAUSE_CONCERNING


def _trailing(signs: Sequence[int]) -> int:
    """How many of the last signs are the same as the last one."""
    count = 1
    while count < len(signs) and signs[-count - 1] == signs[-1]:
        count += 1
    return count


def _latest_reason(
    run: list[_Item],
    latest: SpcPoint,
    sides: list[int],
    steps: list[int],
    beyond_near: tuple[list[bool], list[bool]],
    lower: Fraction,
    upper: Fraction,
    lower_near: Fraction,
    upper_near: Fraction,
) -> tuple[SpcReason, str]:
    where = f"{latest.period} ({_text(run[-1].value)})"
    if not latest.rules:
        return (
            SpcReason.COMMON_CAUSE,
            f"{where} is within the limits and breaks none of the four rules.",
        )
    rule = latest.rules[0]
    high = sides[-1] > 0
    if rule is SpcRule.BEYOND_LIMITS:
        limit = f"upper limit {_text(upper)}" if high else f"lower limit {_text(lower)}"
        why = f"{where} is {'above' if high else 'below'} the {limit}."
    elif rule is SpcRule.TWO_OF_THREE:
        line = _text(upper_near) if high else _text(lower_near)
        beyond = beyond_near[0 if high else 1][-3:]
        why = (
            f"{where} is one of {sum(beyond)} of the last 3 points beyond two sigma "
            f"{'above' if high else 'below'} the mean ({line})."
        )
    elif rule is SpcRule.SHIFT:
        why = (
            f"{where} is the last of {_trailing(sides)} points in a row "
            f"{'above' if high else 'below'} the mean."
        )
    else:
        rising = steps[-1] > 0
        why = (
            f"{where} is the last of {_trailing(steps) + 1} points in a row, each "
            f"{'higher' if rising else 'lower'} than the one before."
        )
    others = [str(other).replace("_", " ") for other in latest.rules[1:]]
    if others:
        plural = "s" if len(others) > 1 else ""
        why += f" It also breaks the {' and '.join(others)} rule{plural}."
    return SpcReason(rule.value), why
