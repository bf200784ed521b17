"""The extra readings stored beside a verdict: the recent trend of an annual series
(OHID Fingertips' method, scorecard.domain.trend) and the variation of a monthly or
quarterly series (an XmR chart, scorecard.domain.spc).

The headline progress symbol keeps the council's five keys and its two-point rule;
these readings say more about the same figures and are shown beside it. Which
method applies is chosen by a rule from the series: an annual series gets the
recent trend, a monthly or quarterly one the control chart (it needs ten points);
a metric may turn a method off, with a reason. Pure functions of the series, so the
verdict refresh stores them with the verdict and no page works them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scorecard.domain.assessment import MetricRule, Observation, confidence_interval
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


@dataclass(frozen=True)
class MethodChoice:
    """Which extra readings a metric's series gets (a method turned off by the
    metric is never worked out)."""

    trend: bool = True
    variation: bool = True


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
        "points": [
            {
                "period": p.period,
                "value": p.value,
                "variation": p.variation.value,
                "rules": [r.value for r in p.rules],
            }
            for p in result.points
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
    one. Each reading says its method, outcome, reason code and reason."""
    if not series:
        return {}
    frequency = Period.parse(series[-1].period).frequency
    found: dict[str, Any] = {}
    if frequency == ANNUAL and choice.trend:
        recent = list(series[-TREND_YEARS:])
        found[TREND] = trend_json(
            recent_trend(
                [_point(o, metric) for o in recent],
                proportion=is_proportion(metric, recent),
                direction=direction,
            )
        )
    if frequency in (MONTH, QUARTER) and choice.variation:
        found[VARIATION] = variation_json(
            xmr_chart(
                [Point(period=o.period, value=o.number) for o in series],
                direction=direction,
                target=_target_level(target),
            )
        )
    return found
