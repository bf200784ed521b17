"""The extra readings stored beside a verdict: the recent trend of an annual series
(OHID Fingertips' method, scorecard.domain.trend) and the variation of a monthly or
quarterly series (an XmR chart, scorecard.domain.spc).

The headline progress symbol keeps the council's five keys and its two-point rule;
these readings say more about the same figures and are shown beside it. Which
method applies is chosen by a rule from the series: an annual series gets the
recent trend, a monthly or quarterly one the control chart (it needs ten points);
a metric may turn a method off, with a reason (``MethodChoice``; the rule itself is
``readings_chosen``). Pure functions of the series, so the verdict refresh stores
them with the verdict and no page works them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scorecard.domain.assessment import (
    PROGRESS_AUTO,
    PROGRESS_SETTINGS,
    MetricRule,
    Observation,
    confidence_interval,
)
from scorecard.domain.periods import ANNUAL, MONTH, QUARTER, Period
from scorecard.domain.spc import METHOD_LABELS as SPC_LABELS
from scorecard.domain.spc import SpcResult, xmr_chart
from scorecard.domain.targets import TargetKind, TargetRule
from scorecard.domain.trend import Point, TrendResult, recent_trend
from scorecard.domain.values import is_percentage_unit
from scorecard.domain.vocabulary import Direction

# The recent trend reads the five most recent years; the inputs must reach back so.
TREND_YEARS = 5

TREND = "trend"
VARIATION = "variation"
METHODS: tuple[str, ...] = (TREND, VARIATION)
# The key of the stored details that says a metric set its methods, and why.
METHOD_CHOICE = "method_choice"

# What a metric may say about each method ("auto": the rule from the series).
AUTO = "auto"
OFF = "off"
READING_SETTINGS: tuple[str, ...] = (AUTO, OFF)
# Frequencies whose series each reading is for, when left to the rule. The recent
# trend is Fingertips' annual method; the XmR chart needs ten points in a run, which
# only monthly and quarterly series reach in the years a verdict reads (and
# scorecard.domain.spc refuses annual and half-year periods), so neither method can
# be forced onto another frequency: a metric can only turn one off.
TREND_FREQUENCIES: frozenset[str] = frozenset({ANNUAL})
VARIATION_FREQUENCIES: frozenset[str] = frozenset({MONTH, QUARTER})


@dataclass(frozen=True)
class MethodChoice:
    """Which methods a metric's verdicts use: the rule from the series ("auto") or
    what the metric set, with its reason.

    ``trend`` and ``variation`` are "auto" or "off" (a method turned off is never
    worked out); ``progress`` is the headline comparison's setting,
    scorecard.domain.assessment's PROGRESS_AUTO (intervals when both figures have
    one, else the two-point change) or PROGRESS_CHANGE_ONLY (the two-point change,
    intervals ignored)."""

    trend: str = AUTO
    variation: str = AUTO
    progress: str = PROGRESS_AUTO
    reason: str = ""

    def __post_init__(self) -> None:
        for name in (TREND, VARIATION):
            if getattr(self, name) not in READING_SETTINGS:
                raise ValueError(f"unknown {name} setting '{getattr(self, name)}'")
        if self.progress not in PROGRESS_SETTINGS:
            raise ValueError(f"unknown progress setting '{self.progress}'")

    @property
    def overridden(self) -> bool:
        """The metric set at least one method rather than leave it to the rule."""
        return (self.trend, self.variation, self.progress) != (
            AUTO,
            AUTO,
            PROGRESS_AUTO,
        )


def readings_chosen(frequency: str, choice: MethodChoice) -> tuple[str, ...]:
    """The extra readings a series of ``frequency`` gets: by the rule, the recent
    trend for an annual series and the control chart for a monthly or quarterly
    one; none for a half-yearly one; less any the metric turned off."""
    chosen = []
    if frequency in TREND_FREQUENCIES and choice.trend == AUTO:
        chosen.append(TREND)
    if frequency in VARIATION_FREQUENCIES and choice.variation == AUTO:
        chosen.append(VARIATION)
    return tuple(chosen)


def choice_json(choice: MethodChoice) -> dict[str, str] | None:
    """What the stored verdict keeps of a metric's choice: each setting and the
    reason, when the metric set any method; None when all are left to the rule."""
    if not choice.overridden:
        return None
    return {
        "progress": choice.progress,
        TREND: choice.trend,
        VARIATION: choice.variation,
        "reason": choice.reason,
    }


def is_proportion(metric: MetricRule, series: Sequence[Observation]) -> bool:
    """The trend is a proportion's (chi-squared for trend) when the metric says so,
    or, left to the rules, when it is a percentage with numerators and
    denominators."""
    if metric.statistic == "proportion":
        return True
    if metric.statistic != "auto" or not is_percentage_unit(metric.unit):
        return False
    return bool(series) and all(
        o.numerator is not None and o.denominator is not None for o in series
    )


def _point(observation: Observation, metric: MetricRule) -> Point:
    low, high = observation.lower_ci, observation.upper_ci
    if low is None or high is None:
        derived = confidence_interval(observation, metric)
        if derived is not None:
            low, high = Decimal(repr(derived[0])), Decimal(repr(derived[1]))
    return Point(
        period=observation.period,
        value=observation.number,
        numerator=observation.numerator,
        denominator=observation.denominator,
        lower_ci=low,
        upper_ci=high,
    )


def _target_level(target: TargetRule | None) -> Decimal | None:
    """The level a control chart's assurance is read against: a threshold's."""
    if target is None or target.kind is not TargetKind.THRESHOLD:
        return None
    if getattr(target, "parts", None):
        return None  # a level for several parts added together, not this figure
    return target.value


def trend_json(result: TrendResult) -> dict[str, Any]:
    return {
        "method": result.method,
        "method_label": result.method_label,
        "outcome": result.outcome.value,
        "label": result.outcome.label,
        "code": result.reason_code.value,
        "reason": result.reason,
        "periods": list(result.periods),
        "statistic": result.statistic,
        "slope": result.slope,
    }


def variation_json(result: SpcResult) -> dict[str, Any]:
    return {
        "method": result.method,
        "method_label": SPC_LABELS.get(result.method, result.method),
        "outcome": result.outcome.value,
        "label": result.outcome.label,
        "code": result.reason_code.value,
        "reason": result.reason,
        "assurance": result.assurance.value,
        "assurance_label": result.assurance.label,
        "assurance_code": result.assurance_code.value,
        "assurance_reason": result.assurance_reason,
        "limits_provisional": result.limits_provisional,
        "mean": result.mean,
        "lower_limit": result.lower_limit,
        "upper_limit": result.upper_limit,
        "target": result.target,
        # The chart's periods, and only the points that break a rule: every
        # verdict of a monthly metric keeps its chart, and the figures themselves
        # are the metric's (a hundred points each would be most of the table).
        "periods": list(result.periods),
        "points": [
            {
                "period": p.period,
                "value": p.value,
                "variation": p.variation.value,
                "rules": [r.value for r in p.rules],
            }
            for p in result.points
            if p.rules
        ],
    }


def readings(
    *,
    metric: MetricRule,
    series: Sequence[Observation],
    direction: Direction,
    target: TargetRule | None = None,
    choice: MethodChoice = MethodChoice(),
) -> dict[str, Any]:
    """The extra readings of ``series`` (the metric's figures of one frequency up to
    and including the period assessed, oldest first), as the JSON stored on the
    verdict: ``{"trend": {...}}`` for an annual series, ``{"variation": {...}}``
    for a monthly or quarterly one, nothing for a half-yearly series or an empty
    one; less the methods ``choice`` turns off. Each reading says its method,
    outcome, reason code and reason. When the metric set any method, the details
    also keep its choice and reason under METHOD_CHOICE."""
    found: dict[str, Any] = {}
    chosen_by_metric = choice_json(choice)
    if chosen_by_metric is not None:
        found[METHOD_CHOICE] = chosen_by_metric
    if not series:
        return found
    chosen = readings_chosen(Period.parse(series[-1].period).frequency, choice)
    if TREND in chosen:
        recent = list(series[-TREND_YEARS:])
        found[TREND] = trend_json(
            recent_trend(
                [_point(o, metric) for o in recent],
                proportion=is_proportion(metric, recent),
                direction=direction,
            )
        )
    if VARIATION in chosen:
        found[VARIATION] = variation_json(
            xmr_chart(
                [Point(period=o.period, value=o.number) for o in series],
                direction=direction,
                target=_target_level(target),
            )
        )
    return found
