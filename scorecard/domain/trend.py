"""The recent trend of an annual series, by the method of OHID's Fingertips.

Fingertips (formerly Public Health England's) marks an indicator's "recent trend" from
its five most recent annual figures: increasing, decreasing, no significant change, or
cannot be calculated. The rules, from the Fingertips technical guidance "Fingertips
trend markers" (fingertips.phe.org.uk/static-reports/public-health-technical-guidance/
Presentation/Trend_markers.html), re-derived here from the published formulas:

- the five most recent years, with no break in the series;
- a proportion with a numerator and denominator for every year is tested with the
  chi-squared test for linear trend in proportions, and its direction is the slope of
  the log-odds on time;
- any other value needs a 95% confidence interval for every year: the slope is the
  weighted least-squares slope on time with weights 1/SE², SE = (upper − lower) / 3.92,
  and its chi-squared statistic is slope² / variance(slope);
- the trend is significant when chi-squared is above 9.5495 (99.8% with one degree of
  freedom) and the slope keeps its sign whichever one year is left out.

Pure functions of plain figures (no Django, no numpy): the engine stores the result.
Sums are exactly rounded (math.fsum) and time is centred on the middle year, so a
series read backwards gives exactly the opposite slope and the same statistic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from statistics import NormalDist
from typing import TYPE_CHECKING

from scorecard.domain.periods import ANNUAL, Period, read_period
from scorecard.domain.vocabulary import Direction

if TYPE_CHECKING:
    from scorecard.domain.assessment import Observation

Number = Decimal | float | int

POINTS_USED = 5
# χ² with one degree of freedom at 99.8% two-sided: z(0.999)² = 9.54953570608324,
# the constant Fingertips uses.
CHI_SQUARED_THRESHOLD = NormalDist().inv_cdf(0.999) ** 2
# A 95% interval spans 2 × 1.96 standard errors (Fingertips' own rounding of z).
INTERVAL_WIDTH_IN_STANDARD_ERRORS = 3.92

METHOD_CHI_SQUARED = "recent_trend_chi_squared"
METHOD_WEIGHTED_REGRESSION = "recent_trend_weighted_regression"
METHOD_LABELS: dict[str, str] = {
    METHOD_CHI_SQUARED: "Recent trend: chi-squared test for trend in proportions",
    METHOD_WEIGHTED_REGRESSION: "Recent trend: weighted regression on time",
}

_CALENDAR_YEAR = re.compile(r"\s*(\d{4})\s*")
_OUT_OF_RANGE = "the figures are too large or too small to calculate with."


class TrendOutcome(StrEnum):
    """Fingertips' trend markers, read with the metric's good direction."""

    INCREASING_AND_GETTING_BETTER = "increasing_and_getting_better"
    INCREASING_AND_GETTING_WORSE = "increasing_and_getting_worse"
    DECREASING_AND_GETTING_BETTER = "decreasing_and_getting_better"
    DECREASING_AND_GETTING_WORSE = "decreasing_and_getting_worse"
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"
    CANNOT_BE_CALCULATED = "cannot_be_calculated"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_increasing(self) -> bool:
        return self in _INCREASING

    @property
    def is_decreasing(self) -> bool:
        return self in _DECREASING


_INCREASING = frozenset(
    {
        TrendOutcome.INCREASING,
        TrendOutcome.INCREASING_AND_GETTING_BETTER,
        TrendOutcome.INCREASING_AND_GETTING_WORSE,
    }
)
_DECREASING = frozenset(
    {
        TrendOutcome.DECREASING,
        TrendOutcome.DECREASING_AND_GETTING_BETTER,
        TrendOutcome.DECREASING_AND_GETTING_WORSE,
    }
)


class TrendReason(StrEnum):
    """Why a recent trend came out as it did: stable keys for code and exports."""

    SIGNIFICANT = "significant"
    NOT_SIGNIFICANT = "not_significant"
    OUTLIER = "outlier"
    TOO_FEW_POINTS = "too_few_points"
    BREAK_IN_SERIES = "break_in_series"
    NOT_ANNUAL = "not_annual"
    UNREADABLE_PERIOD = "unreadable_period"
    DUPLICATE_PERIOD = "duplicate_period"
    MISSING_VALUE = "missing_value"
    MISSING_INTERVAL = "missing_interval"
    INVALID_INTERVAL = "invalid_interval"
    MISSING_COUNTS = "missing_counts"
    INVALID_COUNTS = "invalid_counts"
    PROPORTION_AT_LIMIT = "proportion_at_limit"
    OUT_OF_RANGE = "out_of_range"


@dataclass(frozen=True)
class Point:
    """One period's figures: the value and whatever the methods may need with it.

    `period` is the label as written ("2023-24", "2023/24", "2023", "2024-25 M06");
    the other fields are optional because each method needs different ones.
    """

    period: str
    value: Number | None = None
    numerator: Number | None = None
    denominator: Number | None = None
    lower_ci: Number | None = None
    upper_ci: Number | None = None

    @classmethod
    def from_observation(cls, observation: Observation) -> Point:
        """The point for an assessment Observation (its number is the value)."""
        return cls(
            period=observation.period,
            value=observation.number,
            numerator=observation.numerator,
            denominator=observation.denominator,
            lower_ci=observation.lower_ci,
            upper_ci=observation.upper_ci,
        )


@dataclass(frozen=True)
class TrendResult:
    """A recent trend with its reason (a stable code and words with the figures).

    `periods` and `values` are the years used, oldest first; `statistic` is the
    chi-squared statistic and `slope` the slope on time (per year: in the value's
    unit for the weighted regression, in log-odds for proportions);
    `left_out_slopes` are the slopes with each year left out in turn.
    """

    method: str
    outcome: TrendOutcome
    reason_code: TrendReason
    reason: str
    direction: Direction = Direction.NONE
    periods: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    statistic: float | None = None
    slope: float | None = None
    left_out_slopes: tuple[float, ...] = ()
    threshold: float = CHI_SQUARED_THRESHOLD

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def is_significant(self) -> bool:
        return self.reason_code is TrendReason.SIGNIFICANT


class _CannotCalculate(Exception):
    """Raised inside the module to stop with a reason; never escapes."""

    def __init__(self, code: TrendReason, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def recent_trend(
    points: Iterable[Point],
    *,
    proportion: bool,
    direction: Direction = Direction.NONE,
) -> TrendResult:
    """The recent trend of an annual series, by Fingertips' method.

    The rule in words: take the five most recent years, which must follow one another
    with none missing. For a proportion (`proportion=True`) every one of the five years
    needs a numerator and a denominator, and the chi-squared test for linear trend in
    proportions is used; the direction is the ordinary least-squares slope of the
    log-odds log(p / (1 − p)) on the year. For anything else every year needs a value
    and a 95% confidence interval; each year is weighted by 1/SE², where SE is the
    interval's width divided by 3.92, and the weighted least-squares slope on the year
    gives both the direction and the statistic (slope² over its variance). The trend
    is significant when the statistic is above 9.5495 (99.8%, one degree of freedom)
    and the slope has the same sign whichever one year is left out; a statistic above
    9.5495 whose slope changes sign with a year left out is "no significant change"
    because of that outlying year. A significant trend is increasing or decreasing,
    and with the metric's good direction also getting better or worse.

    Years are read from labels such as "2023-24", "2023/24" or the calendar year
    "2023". Whatever stops the calculation (too few years, a gap, a half-year or a
    quarter, a missing figure or interval, a count that is not a proportion, figures
    too large to compute with) gives "cannot be calculated" with its reason code.
    Never raises for any input.
    """
    method = METHOD_CHI_SQUARED if proportion else METHOD_WEIGHTED_REGRESSION
    direction = Direction(direction)
    try:
        chosen, years = _latest_five_years(list(points))
        labels = tuple(point.period.strip() for point in chosen)
        if proportion:
            return _proportion_trend(chosen, years, labels, direction)
        return _regression_trend(chosen, years, labels, direction)
    except _CannotCalculate as stop:
        return TrendResult(
            method=method,
            outcome=TrendOutcome.CANNOT_BE_CALCULATED,
            reason_code=stop.code,
            reason=f"Cannot be calculated: {stop.reason}",
            direction=direction,
        )


def chi_squared_for_trend(
    numerators: Sequence[float], denominators: Sequence[float], times: Sequence[float]
) -> float:
    """The chi-squared statistic for linear trend in proportions (Armitage's test).

    With C and N the totals of the numerators and denominators, the statistic is
    N·(N·Σcₜt − C·Σnₜt)² / (C·(N − C)·(N·Σnₜt² − (Σnₜt)²)): the squared covariance
    of the proportions with time, over its variance when the proportion does not
    change. It is the test without continuity correction that Fingertips uses (and
    R's prop.trend.test). Raises ZeroDivisionError when every count is 0 or every
    count is its denominator, and ValueError when the sequences differ in length.
    """
    _same_length(numerators, denominators, times)
    total = math.fsum(denominators)
    cases = math.fsum(numerators)
    cases_time = math.fsum(c * t for c, t in zip(numerators, times, strict=True))
    total_time = math.fsum(n * t for n, t in zip(denominators, times, strict=True))
    total_time2 = math.fsum(n * t * t for n, t in zip(denominators, times, strict=True))
    covariance = total * cases_time - cases * total_time
    spread = total * total_time2 - total_time * total_time
    return total * covariance * covariance / (cases * (total - cases) * spread)


def least_squares_slope(values: Sequence[float], times: Sequence[float]) -> float:
    """The ordinary least-squares slope of values on time:
    (n·Σty − Σt·Σy) / (n·Σt² − (Σt)²). Raises ZeroDivisionError when every time is
    the same, and ValueError when the sequences differ in length."""
    _same_length(values, times)
    count = len(values)
    sum_t = math.fsum(times)
    sum_y = math.fsum(values)
    sum_ty = math.fsum(t * y for t, y in zip(times, values, strict=True))
    sum_tt = math.fsum(t * t for t in times)
    return (count * sum_ty - sum_t * sum_y) / (count * sum_tt - sum_t * sum_t)


def weighted_regression(
    values: Sequence[float], times: Sequence[float], weights: Sequence[float]
) -> tuple[float, float]:
    """The weighted least-squares slope of values on time and its chi-squared
    statistic, slope² / variance(slope).

    With S = Σw, the slope is (S·Σwty − Σwt·Σwy) / D and its variance S / D, where
    D = S·Σwt² − (Σwt)². Raises ZeroDivisionError when every time is the same, and
    ValueError when the sequences differ in length.
    """
    _same_length(values, times, weights)
    triples = list(zip(values, times, weights, strict=True))
    sum_w = math.fsum(weights)
    sum_wt = math.fsum(w * t for _, t, w in triples)
    sum_wy = math.fsum(w * y for y, _, w in triples)
    sum_wty = math.fsum(w * t * y for y, t, w in triples)
    sum_wtt = math.fsum(w * t * t for _, t, w in triples)
    determinant = sum_w * sum_wtt - sum_wt * sum_wt
    slope = (sum_w * sum_wty - sum_wt * sum_wy) / determinant
    return slope, slope * slope * determinant / sum_w


def figure_text(number: float) -> str:
    """A figure for a reason: every whole digit, four significant figures at least,
    thousands separated ("44,701", "120.8", "1.944", "0.0427")."""
    if not math.isfinite(number):
        return str(number)
    magnitude = abs(number)
    if magnitude == 0:
        return "0"
    if magnitude >= 1e15 or magnitude < 1e-4:
        return f"{number:.3g}"
    decimals = min(6, max(0, 3 - math.floor(math.log10(magnitude))))
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _same_length(*columns: Sequence[float]) -> None:
    if len({len(column) for column in columns}) > 1:
        raise ValueError("the figures and times must be of one length")


def _year_of(label: str) -> int:
    """The year a label names: a financial year's starting year, or a calendar year."""
    try:
        period = read_period(label)
    except ValueError:
        calendar = _CALENDAR_YEAR.fullmatch(label)
        if calendar is None:
            raise _CannotCalculate(
                TrendReason.UNREADABLE_PERIOD,
                f"'{label}' is not a year (write it as 2023-24, 2023/24 or 2023).",
            ) from None
        return int(calendar[1])
    if period.frequency != ANNUAL:
        raise _CannotCalculate(
            TrendReason.NOT_ANNUAL,
            f"{label.strip()} is a {period.frequency.replace('_', ' ')}; the recent "
            "trend is for annual figures (monthly and quarterly series have SPC).",
        )
    return period.year_start


def _year_label(year: int, like: str) -> str:
    """A missing year written the way its neighbour was (financial or calendar)."""
    if _CALENDAR_YEAR.fullmatch(like):
        return str(year)
    return str(Period(year))


def _latest_five_years(points: list[Point]) -> tuple[list[Point], list[int]]:
    by_year: dict[int, Point] = {}
    for point in points:
        year = _year_of(point.period)
        if year in by_year:
            raise _CannotCalculate(
                TrendReason.DUPLICATE_PERIOD,
                f"{point.period.strip()} appears twice (also as "
                f"{by_year[year].period.strip()}).",
            )
        by_year[year] = point
    years = sorted(by_year)
    if len(years) < POINTS_USED:
        held = (
            f" ({by_year[years[0]].period.strip()}–{by_year[years[-1]].period.strip()})"
            if years
            else ""
        )
        raise _CannotCalculate(
            TrendReason.TOO_FEW_POINTS,
            f"{len(years)} year{'' if len(years) == 1 else 's'} of figures{held}; "
            f"the recent trend needs the {POINTS_USED} most recent years.",
        )
    latest = years[-POINTS_USED:]
    if latest[-1] - latest[0] != POINTS_USED - 1:
        present = set(latest)
        like = by_year[latest[-1]].period
        first_expected = latest[-1] - POINTS_USED + 1
        missing = [
            _year_label(year, like)
            for year in range(first_expected, latest[-1] + 1)
            if year not in present
        ]
        raise _CannotCalculate(
            TrendReason.BREAK_IN_SERIES,
            f"no figure for {', '.join(missing)} within the {POINTS_USED} years to "
            f"{by_year[latest[-1]].period.strip()}; the years must follow one "
            "another with none missing.",
        )
    return [by_year[year] for year in latest], latest


def _finite(number: Number | None) -> float | None:
    if number is None or isinstance(number, bool):
        return None
    try:
        converted = float(number)
    except (OverflowError, ValueError):
        return None
    return converted if math.isfinite(converted) else None


def _centred_times(years: Sequence[int]) -> list[float]:
    # Centring on the middle year makes a reversed series exactly the mirror image.
    middle = (years[0] + years[-1]) / 2
    return [year - middle for year in years]


def _proportion_trend(
    chosen: list[Point], years: list[int], labels: tuple[str, ...], direction: Direction
) -> TrendResult:
    numerators: list[float] = []
    denominators: list[float] = []
    values: list[float] = []
    for point, label in zip(chosen, labels, strict=True):
        cases, total = _finite(point.numerator), _finite(point.denominator)
        if cases is None or total is None:
            raise _CannotCalculate(
                TrendReason.MISSING_COUNTS,
                f"{label} has no numerator and denominator, which the chi-squared "
                "test for trend in proportions needs.",
            )
        if total <= 0 or not 0 <= cases <= total:
            raise _CannotCalculate(
                TrendReason.INVALID_COUNTS,
                f"{label}'s {figure_text(cases)} out of {figure_text(total)} is not a "
                "proportion.",
            )
        if cases in (0, total):
            raise _CannotCalculate(
                TrendReason.PROPORTION_AT_LIMIT,
                f"{label} is {'0' if cases == 0 else '100'}% ({figure_text(cases)} out "
                f"of {figure_text(total)}); a trend in log-odds cannot be measured at "
                "0% or 100%.",
            )
        numerators.append(cases)
        denominators.append(total)
        value = _finite(point.value)
        values.append(cases / total if value is None else value)
    times = _centred_times(years)
    try:
        log_odds = [
            math.log(c / (n - c)) for c, n in zip(numerators, denominators, strict=True)
        ]
    except (ArithmeticError, ValueError):
        raise _CannotCalculate(TrendReason.OUT_OF_RANGE, _OUT_OF_RANGE) from None

    def slope_without(kept: list[int]) -> float:
        return least_squares_slope(
            [log_odds[i] for i in kept], [times[i] for i in kept]
        )

    return _judge(
        METHOD_CHI_SQUARED,
        labels,
        values,
        direction,
        statistic=lambda: chi_squared_for_trend(numerators, denominators, times),
        slope_of=slope_without,
    )


def _regression_trend(
    chosen: list[Point], years: list[int], labels: tuple[str, ...], direction: Direction
) -> TrendResult:
    values: list[float] = []
    weights: list[float] = []
    for point, label in zip(chosen, labels, strict=True):
        value = _finite(point.value)
        if value is None:
            raise _CannotCalculate(TrendReason.MISSING_VALUE, f"{label} has no figure.")
        lower, upper = _finite(point.lower_ci), _finite(point.upper_ci)
        if lower is None or upper is None:
            raise _CannotCalculate(
                TrendReason.MISSING_INTERVAL,
                f"{label} has no 95% confidence interval, which the weighted "
                "regression needs.",
            )
        if not upper > lower:
            raise _CannotCalculate(
                TrendReason.INVALID_INTERVAL,
                f"{label}'s confidence interval ({figure_text(lower)} to "
                f"{figure_text(upper)}) has no width.",
            )
        standard_error = (upper - lower) / INTERVAL_WIDTH_IN_STANDARD_ERRORS
        values.append(value)
        variance = standard_error * standard_error
        if not 0 < variance < math.inf:
            # An interval so narrow (or wide) that its square leaves the floats.
            raise _CannotCalculate(TrendReason.OUT_OF_RANGE, _OUT_OF_RANGE)
        weights.append(1 / variance)
    times = _centred_times(years)

    def slope_without(kept: list[int]) -> float:
        return weighted_regression(
            [values[i] for i in kept],
            [times[i] for i in kept],
            [weights[i] for i in kept],
        )[0]

    return _judge(
        METHOD_WEIGHTED_REGRESSION,
        labels,
        values,
        direction,
        statistic=lambda: weighted_regression(values, times, weights)[1],
        slope_of=slope_without,
    )


def _judge(
    method: str,
    labels: tuple[str, ...],
    values: list[float],
    direction: Direction,
    *,
    statistic: Callable[[], float],
    slope_of: Callable[[list[int]], float],
) -> TrendResult:
    """Significance, the leave-one-out check and the words, shared by both methods."""
    every = list(range(len(labels)))
    try:
        chi_squared = statistic()
        slope = slope_of(every)
        left_out = tuple(slope_of([i for i in every if i != j]) for j in every)
    except (ArithmeticError, ValueError):
        chi_squared = slope = math.nan
        left_out = ()
    if not all(math.isfinite(x) for x in (chi_squared, slope, *left_out)):
        raise _CannotCalculate(TrendReason.OUT_OF_RANGE, _OUT_OF_RANGE)
    span = f"{labels[0]}–{labels[-1]}"
    chi_text = f"χ² {chi_squared:,.1f} over {span}"
    threshold = f"{CHI_SQUARED_THRESHOLD:.2f}"

    def result(outcome: TrendOutcome, code: TrendReason, reason: str) -> TrendResult:
        return TrendResult(
            method=method,
            outcome=outcome,
            reason_code=code,
            reason=reason,
            direction=direction,
            periods=labels,
            values=tuple(values),
            statistic=chi_squared,
            slope=slope,
            left_out_slopes=left_out,
        )

    if not chi_squared > CHI_SQUARED_THRESHOLD or slope == 0:
        return result(
            TrendOutcome.NO_SIGNIFICANT_CHANGE,
            TrendReason.NOT_SIGNIFICANT,
            f"No significant change: {chi_text}, not above {threshold} (99.8%).",
        )
    rising = slope > 0
    movement = "rise" if rising else "fall"
    turned = [
        labels[j]
        for j, other in enumerate(left_out)
        if (other > 0) != rising or other == 0
    ]
    if turned:
        return result(
            TrendOutcome.NO_SIGNIFICANT_CHANGE,
            TrendReason.OUTLIER,
            f"No significant change: {chi_text}, above {threshold}, but the {movement} "
            f"does not hold with {', '.join(turned)} left out (an outlying year).",
        )
    outcome = _outcome(rising, direction)
    return result(
        outcome,
        TrendReason.SIGNIFICANT,
        f"{outcome.label}: {chi_text}, above {threshold} (99.8%), and the {movement} "
        "holds with any one year left out.",
    )


def _outcome(rising: bool, direction: Direction) -> TrendOutcome:
    if direction is Direction.NONE:
        return TrendOutcome.INCREASING if rising else TrendOutcome.DECREASING
    better = rising == (direction is Direction.UP)
    if rising:
        return (
            TrendOutcome.INCREASING_AND_GETTING_BETTER
            if better
            else TrendOutcome.INCREASING_AND_GETTING_WORSE
        )
    return (
        TrendOutcome.DECREASING_AND_GETTING_BETTER
        if better
        else TrendOutcome.DECREASING_AND_GETTING_WORSE
    )
