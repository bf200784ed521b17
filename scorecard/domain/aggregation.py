"""How a metric's in-year figures make its year's figure (``year_aggregation``).

The one place the rule lives: the charts use it to set a quarterly or monthly
metric's year beside annual comparators, and forecasts build on it. Pure: no ORM.

- **sum**: the year is the total of its periods (a count of things done, money
  spent). A percentage or a rate is never summed.
- **mean**: the year is the average of its periods (a percentage or rate given
  without its numerator and denominator, an average waiting time).
- **latest**: the year is its last period's figure (a position at the year's end:
  a number on a list, a balance, a grade).
- **ratio**: the year is the summed numerators over the summed denominators, on the
  unit's scale (a percentage x out of y: 100 × Σx / Σy; a rate per 1,000: 1,000 ×
  Σx / Σy). Better than the mean of the periods' percentages when they differ in size.

**An incomplete year has no year figure** (never a "year to date" figure): a year
to date of a sum set beside a comparator's whole year is the chart that made
Coventry look like a quarter of its neighbours. Sum, mean and ratio need every
period of the year; latest needs the year's last period. ``year_figure`` gives
None with the reason in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.figures import is_change_unit, is_rate_unit
from scorecard.domain.periods import PERIODS_PER_YEAR, Period
from scorecard.domain.values import is_grade_unit, is_percentage_unit, rate_base


class YearAggregation(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LATEST = "latest"
    RATIO = "ratio"

    @property
    def label(self) -> str:
        return AGGREGATION_LABELS[self]


AGGREGATION_LABELS: dict[YearAggregation, str] = {
    YearAggregation.SUM: "Sum: the year is the total of its periods",
    YearAggregation.MEAN: "Mean: the year is the average of its periods",
    YearAggregation.LATEST: "Latest: the year is its last period's figure",
    YearAggregation.RATIO: (
        "Ratio: the year is the summed numerators over the summed denominators"
    ),
}

# How many periods of each frequency (Metric.Frequency's values) make a year.
PERIODS_IN_YEAR: dict[str, int] = PERIODS_PER_YEAR

_PERCENT = Decimal(100)
# Units whose figures are levels or averages, never added up over a year.
_LEVEL_WORDS = frozenset(
    {"average", "mean", "median", "score", "index", "ratio", "years", "age"}
)


def never_summed(unit: str) -> bool:
    """A percentage or a rate (or a change) is never summed over a year."""
    return is_percentage_unit(unit) or is_rate_unit(unit) or is_change_unit(unit)


def default_aggregation(
    *, unit: str, value_kind: str = "number", statistic: str = "auto"
) -> YearAggregation:
    """The rule a metric's ``year_aggregation`` defaults from.

    ``value_kind`` and ``statistic`` are Metric.ValueKind and Metric.Statistic
    values. A figure given as "x out of y" (value kind "count") is a ratio; a grade
    or text is its latest; a percentage, rate or change is a mean; a count of
    things (statistic "count", or any other unit) is a sum; a level or an average
    ("years", "score", "average days") is a mean."""
    if value_kind in ("grade", "text") or is_grade_unit(unit):
        return YearAggregation.LATEST
    if value_kind == "count":
        return YearAggregation.RATIO
    if statistic in ("proportion", "rate") or never_summed(unit):
        return YearAggregation.MEAN
    if set(re.findall(r"[a-z]+", unit.casefold())) & _LEVEL_WORDS:
        return YearAggregation.MEAN
    return YearAggregation.SUM


def aggregation_refusal(
    aggregation: str, *, unit: str, value_kind: str = "number"
) -> str | None:
    """Why ``aggregation`` cannot be the metric's, or None when it can."""
    if aggregation not in set(YearAggregation):
        return "Choose sum, mean, latest or ratio."
    if value_kind in ("grade", "text") and aggregation != YearAggregation.LATEST:
        return "A grade or text figure makes its year only from the latest figure."
    if aggregation == YearAggregation.SUM and never_summed(unit):
        return (
            "A percentage or rate is never summed: choose mean, latest or ratio "
            "(summed numerators over summed denominators)."
        )
    return None


def ratio_scale(unit: str) -> Decimal:
    """What Σnumerators / Σdenominators is multiplied by to be in the unit: 100 for
    a percentage, N for a rate per N, else 1."""
    if is_percentage_unit(unit):
        return _PERCENT
    return rate_base(unit) or Decimal(1)


@dataclass(frozen=True)
class YearFigure:
    """A year's figure, or None with the reason there is none."""

    value: Decimal | None
    reason: str = ""

    @property
    def complete(self) -> bool:
        return self.value is not None


def _missing(values: Sequence[Decimal | None], expected: int) -> int:
    present = sum(1 for v in values[:expected] if v is not None)
    return expected - present


def _periods(count: int) -> str:
    return f"{count} period{'s' if count != 1 else ''}"


def year_figure(
    aggregation: str,
    values: Sequence[Decimal | None],
    *,
    numerators: Sequence[Decimal | None] | None = None,
    denominators: Sequence[Decimal | None] | None = None,
    expected_periods: int = 4,
    scale: Decimal = Decimal(1),
) -> YearFigure:
    """The year's figure from its periods' figures, oldest first, one for each
    period of the year (None where a period has none; a shorter list is a year
    whose later periods have no figure yet).

    ``numerators`` and ``denominators`` go with ``values`` period by period, for a
    ratio; ``scale`` puts a ratio in the unit (``ratio_scale``). An incomplete year
    gives None and the reason, never a year to date."""
    kind = YearAggregation(aggregation)
    if expected_periods < 1:
        raise ValueError("A year has at least one period.")
    if len(values) > expected_periods:
        raise ValueError(
            f"{len(values)} figures given for a year of {expected_periods} periods."
        )
    if kind is YearAggregation.LATEST:
        last = values[expected_periods - 1] if len(values) == expected_periods else None
        if last is None:
            return YearFigure(
                None,
                "The year's last period has no figure yet, so there is no "
                "year-end figure.",
            )
        return YearFigure(last)
    if kind is YearAggregation.RATIO:
        nums = list(numerators or [])
        dens = list(denominators or [])
        if not any(n is not None for n in nums) and not any(
            d is not None for d in dens
        ):
            return YearFigure(
                None,
                "The year's figures have no numerators and denominators to add up.",
            )
        missing = max(
            _missing(nums, expected_periods), _missing(dens, expected_periods)
        )
        if missing:
            return YearFigure(
                None,
                f"{_periods(missing)} of {expected_periods} "
                f"{'lacks' if missing == 1 else 'lack'} a numerator and "
                "denominator, so the year is incomplete.",
            )
        total_den = sum(d for d in dens if d is not None)
        if total_den == 0:
            return YearFigure(None, "The year's denominators add up to zero: no ratio.")
        total_num = sum(n for n in nums if n is not None)
        return YearFigure(scale * Decimal(total_num) / Decimal(total_den))
    missing = _missing(values, expected_periods)
    if missing == expected_periods:
        return YearFigure(None, "No period of the year has a figure.")
    if missing:
        return YearFigure(
            None,
            f"{_periods(missing)} of {expected_periods} "
            f"{'has' if missing == 1 else 'have'} no figure, so the year is "
            "incomplete.",
        )
    present = [v for v in values if v is not None]
    total = sum(present, Decimal(0))
    if kind is YearAggregation.SUM:
        return YearFigure(total)
    return YearFigure(total / len(present))


@dataclass(frozen=True)
class PeriodFigure:
    """One in-year period's figure, with its numerator and denominator if given."""

    period: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def year_figures(
    aggregation: str,
    figures: Sequence[PeriodFigure],
    *,
    frequency: str,
    scale: Decimal = Decimal(1),
) -> list[tuple[str, YearFigure]]:
    """Each financial year the ``figures`` touch, oldest first, with its year
    figure: a figure published for the year itself (an outturn) where there is one,
    else the one its periods of ``frequency`` make (``year_figure``). Figures of
    another frequency, or whose period cannot be read, are left out."""
    expected = PERIODS_PER_YEAR[frequency]
    by_year: dict[Period, dict[int, PeriodFigure]] = {}
    published: dict[Period, Decimal] = {}
    for figure in figures:
        try:
            period = Period.parse(figure.period)
        except ValueError:
            continue
        if period.frequency == "annual" and figure.value is not None:
            published[period] = figure.value
            continue
        if period.frequency != frequency:
            continue
        by_year.setdefault(period.year(), {})[period.index] = figure
    return [
        (
            str(year),
            YearFigure(published[year])
            if year in published
            else _made(aggregation, by_year[year], expected, scale),
        )
        for year in sorted(published.keys() | by_year.keys())
    ]


def _made(
    aggregation: str, periods: dict[int, PeriodFigure], expected: int, scale: Decimal
) -> YearFigure:
    slots = [periods.get(index) for index in range(1, expected + 1)]
    return year_figure(
        aggregation,
        [f.value if f else None for f in slots],
        numerators=[f.numerator if f else None for f in slots],
        denominators=[f.denominator if f else None for f in slots],
        expected_periods=expected,
        scale=scale,
    )
