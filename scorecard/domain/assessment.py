"""The assessment rules of DESIGN.md section 3: progress and target status.

Everything here is a pure function of a metric's definition, its values, its target
and its comparators for one period, so the API, dashboards, exports and the annual
report all give the same verdict for the same facts. Reasons are written for people:
each says which rule decided and with which figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from scorecard.domain.periods import Period
from scorecard.domain.stats import intervals_overlap, poisson_interval, wilson_interval
from scorecard.domain.targets import TargetKind, TargetRule, direction_from_target
from scorecard.domain.values import (
    DEFAULT_GRADE_SCALE,
    ValueKind,
    grade_rank,
    is_percentage_unit,
    parse_value,
    rate_base,
)
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus

STATISTICS: tuple[str, ...] = ("auto", "proportion", "count", "rate", "none")
# How the headline progress comparison is chosen: by the rule (intervals when both
# figures have one, given or derived, else the two-point change), or, set by the
# metric with a reason, the two-point change alone, intervals ignored.
PROGRESS_AUTO = "auto"
PROGRESS_CHANGE_ONLY = "change"
PROGRESS_SETTINGS: tuple[str, ...] = (PROGRESS_AUTO, PROGRESS_CHANGE_ONLY)


@dataclass(frozen=True)
class Observation:
    """A metric's (or a comparator's) figure for one period.

    `text` is the value as written. When neither `number` nor `grade` is given the
    text is read with the metric's unit and scale at assessment time.
    """

    period: str
    text: str
    number: Decimal | None = None
    grade: str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None

    @classmethod
    def from_text(
        cls,
        period: str,
        text: str,
        *,
        unit: str = "",
        scale: Sequence[str] | None = None,
        lower_ci: Decimal | None = None,
        upper_ci: Decimal | None = None,
    ) -> Observation:
        """An observation read from its written value with parse_value."""
        parsed = parse_value(text, unit=unit, scale=scale)
        return cls(
            period=period,
            text=text,
            number=parsed.number,
            grade=parsed.grade,
            numerator=parsed.numerator,
            denominator=parsed.denominator,
            lower_ci=lower_ci,
            upper_ci=upper_ci,
        )


@dataclass(frozen=True)
class MetricRule:
    """What the rules need to know about a metric.

    `similarity_band` is absolute in the metric's unit, or, with
    `similarity_relative`, a fraction of the earlier value (0.05 is ±5%).
    `statistic` says how to derive confidence intervals when none are given:
    "proportion" (Wilson, from numerator and denominator), "count" (exact Poisson on
    the value), "rate" (exact Poisson on the numerator, scaled to the value), "none",
    or "auto": proportion for a percentage and rate for a "rate per N" unit when a
    numerator and denominator are given, otherwise none. `seasonal` metrics compare
    with the same period a year earlier (see comparison_period).
    `progress_method` is PROGRESS_AUTO or PROGRESS_CHANGE_ONLY; when the metric
    set it, `method_reason` says why, and the progress reason ends with it.
    """

    direction: Direction = Direction.NONE
    unit: str = ""
    similarity_band: Decimal = Decimal(0)
    similarity_relative: bool = False
    confidence_level: Decimal = Decimal("0.95")
    scale: tuple[str, ...] | None = None
    statistic: str = "auto"
    seasonal: bool = False
    progress_method: str = PROGRESS_AUTO
    method_reason: str = ""

    def __post_init__(self) -> None:
        if self.progress_method not in PROGRESS_SETTINGS:
            raise ValueError(
                f"unknown progress method '{self.progress_method}'; "
                f"expected one of {', '.join(PROGRESS_SETTINGS)}"
            )
        if self.statistic not in STATISTICS:
            raise ValueError(
                f"unknown statistic '{self.statistic}'; "
                f"expected one of {', '.join(STATISTICS)}"
            )
        if self.similarity_band < 0:
            raise ValueError("a similarity band cannot be negative")
        if not 0 < self.confidence_level < 1:
            raise ValueError("a confidence level lies between 0 and 1")


# The version of these rules. A stored verdict reached by another version is stale:
# raise it whenever a change here can change a verdict, and the worker rebuilds them.
ENGINE_VERSION = "2026.12.7"

# How a progress verdict was reached.
METHOD_NONE = "none"  # no comparison could be made (not available, cannot say)
METHOD_CHANGE = "change"  # two points against the similarity band, no interval
METHOD_INTERVALS = "intervals"  # significance from the two confidence intervals
METHOD_GRADE = "grade"  # two grades ordered on the metric's scale

METHOD_LABELS: dict[str, str] = {
    METHOD_NONE: "No comparison",
    METHOD_CHANGE: "Change, not statistically tested",
    METHOD_INTERVALS: "Confidence intervals compared",
    METHOD_GRADE: "Grades compared on the scale",
}


@dataclass(frozen=True)
class Assessment:
    """The calculated progress and target status of a metric for a period, each
    with a reason code (stable, for code and exports) and a reason in words."""

    progress: Progress
    progress_reason: str
    target_status: TargetStatus
    target_reason: str
    direction: Direction
    comparator_period: str | None = None
    flags: tuple[str, ...] = ()
    progress_code: str = "no_value"
    target_code: str = "no_target"
    method: str = METHOD_NONE

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)


def nothing_known(period: str, direction: Direction) -> Assessment:
    """The verdict when a metric has neither a figure nor a target for `period`:
    what the rules give, stated once so a reader with no stored verdict needs no
    engine run."""
    return Assessment(
        progress=Progress.NOT_AVAILABLE,
        progress_reason=f"Not available: no value for {period}",
        target_status=TargetStatus.NO_TARGET,
        target_reason="No target set",
        direction=direction,
    )


def comparison_period(period: str, *, seasonal: bool = False) -> str:
    """The period whose value `period` is compared with for progress.

    The previous period of the same frequency (a year with the year before, a
    quarter with the quarter before), or for seasonal metrics the same period a
    year earlier.
    """
    return comparison_periods(period, seasonal=seasonal)[0]


# How far back the comparable earlier value is looked for: the comparison period,
# then the ones before it, up to this many periods of the same frequency.
COMPARISON_REACH = 3


def comparison_periods(period: str, *, seasonal: bool = False) -> list[str]:
    """The periods whose figure `period` may be compared with, nearest first: the
    comparison period, then the earlier ones of the same frequency (for seasonal
    metrics, the same period in earlier years), COMPARISON_REACH in all. Progress
    uses the first with a figure, and says so when it is not the first."""
    found, at = [], Period.parse(period)
    for _ in range(COMPARISON_REACH):
        at = at.same_period_last_year() if seasonal else at.previous()
        found.append(str(at))
    return found


def _council(period: str) -> str:
    """A year as the council writes it in reasons: 2016/17."""
    return period.replace("-", "/", 1)


def effective_direction(metric: MetricRule, target: TargetRule | None) -> Direction:
    """The good direction used for a metric: its own, else the one its target states.

    A metric with a declared grade scale, or a grade target, is ordered by its scale
    (best first), which counts as up. Otherwise Direction.NONE.
    """
    if metric.direction is not Direction.NONE:
        return metric.direction
    stated = direction_from_target(target)
    if stated is not None and stated is not Direction.NONE:
        return stated
    if metric.scale is not None or (
        target is not None and target.kind is TargetKind.GRADE
    ):
        return Direction.UP
    return Direction.NONE


@dataclass(frozen=True)
class _Reading:
    """What an observation's value is for ordering: a number, a grade rank, or not."""

    number: Decimal | None = None
    rank: int | None = None  # 0 is the best grade on the scale
    empty: bool = False


def _scale(metric: MetricRule) -> tuple[str, ...]:
    return metric.scale or DEFAULT_GRADE_SCALE


def _read(observation: Observation | None, metric: MetricRule) -> _Reading:
    if observation is None:
        return _Reading(empty=True)
    if observation.number is not None:
        return _Reading(number=observation.number)
    if observation.grade is not None:
        return _Reading(rank=grade_rank(observation.grade, _scale(metric)))
    parsed = parse_value(observation.text, unit=metric.unit, scale=metric.scale)
    if parsed.kind is ValueKind.EMPTY:
        return _Reading(empty=True)
    if parsed.number is not None:
        return _Reading(number=parsed.number)
    if parsed.grade is not None:
        return _Reading(rank=grade_rank(parsed.grade, _scale(metric)))
    return _Reading()


def _show(observation: Observation, metric: MetricRule) -> str:
    """The value as written, with a % sign where the unit implies one."""
    text = observation.text.strip()
    if not text and observation.number is not None:
        text = _format_decimal(observation.number)
    parsed = parse_value(text, unit=metric.unit)
    if (
        parsed.kind is ValueKind.NUMBER
        and is_percentage_unit(metric.unit)
        and not text.endswith("%")
    ):
        return f"{text}%"
    return text


def _format_decimal(number: Decimal) -> str:
    # In a context wide enough for every digit, so a figure longer than the
    # default precision is shown rather than raising InvalidOperation.
    with localcontext() as context:
        context.prec = max(context.prec, len(number.as_tuple().digits) + 2)
        normalised = number.normalize()
        if normalised == normalised.to_integral_value():
            normalised = normalised.quantize(Decimal(1))
        return f"{normalised:f}"


def _show_level(number: Decimal, metric: MetricRule) -> str:
    suffix = "%" if is_percentage_unit(metric.unit) else ""
    return f"{_format_decimal(number)}{suffix}"


def _format_bound(number: float) -> str:
    magnitude = abs(number)
    if magnitude >= 1000:
        return f"{number:,.0f}"
    if magnitude >= 100:
        return f"{number:.1f}"
    if magnitude >= 1:
        return f"{number:.2f}"
    return f"{number:.3g}"


def _interval(
    observation: Observation, reading: _Reading, metric: MetricRule
) -> tuple[float, float] | None:
    """The observation's confidence interval in the metric's unit, given or derived."""
    if observation.lower_ci is not None and observation.upper_ci is not None:
        return float(observation.lower_ci), float(observation.upper_ci)
    numerator, denominator = observation.numerator, observation.denominator
    statistic = metric.statistic
    if statistic == "auto":
        statistic = "none"
        if numerator is not None and denominator is not None:
            if is_percentage_unit(metric.unit):
                statistic = "proportion"
            elif rate_base(metric.unit) is not None:
                statistic = "rate"
    confidence = float(metric.confidence_level)

    if statistic == "proportion":
        if numerator is None or denominator is None or denominator <= 0:
            return None
        if not 0 <= numerator <= denominator:
            return None
        low, high = wilson_interval(float(numerator), float(denominator), confidence)
        factor = _proportion_factor(metric.unit)
        return low * factor, high * factor
    if statistic == "count":
        if reading.number is None or reading.number < 0:
            return None
        return poisson_interval(float(reading.number), confidence)
    if statistic == "rate":
        return _rate_interval(reading.number, numerator, denominator, metric)
    return None


def confidence_interval(
    observation: Observation, metric: MetricRule
) -> tuple[float, float] | None:
    """The observation's confidence interval in the metric's unit: as given, or
    derived from its numerator and denominator or its count by the metric's
    ``statistic`` (see MetricRule); None when neither can say."""
    return _interval(observation, _read(observation, metric), metric)


def _proportion_factor(unit: str) -> float:
    if is_percentage_unit(unit):
        return 100.0
    base = rate_base(unit)
    return float(base) if base is not None else 1.0


def _rate_interval(
    number: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    metric: MetricRule,
) -> tuple[float, float] | None:
    if numerator is None or numerator < 0:
        return None
    # The rate is the count scaled by a constant, so its interval is the count's
    # interval scaled the same way; with a zero count only the unit can say how.
    if numerator > 0 and number is not None:
        factor = float(number) / float(numerator)
    else:
        base = rate_base(metric.unit)
        if base is None or denominator is None or denominator <= 0:
            return None
        factor = float(base) / float(denominator)
    low, high = poisson_interval(float(numerator), float(metric.confidence_level))
    return low * factor, high * factor


def _band(metric: MetricRule, reference: Decimal) -> Decimal:
    if metric.similarity_relative:
        return metric.similarity_band * abs(reference)
    return metric.similarity_band


def _describe_band(metric: MetricRule, reference: Decimal) -> str:
    if metric.similarity_relative:
        percent = _format_decimal(metric.similarity_band * 100)
        width = _format_decimal(_band(metric, reference))
        return f"±{percent}% of the previous value (±{width})"
    return f"±{_format_decimal(metric.similarity_band)}"


def _best_possible(metric: MetricRule, direction: Direction) -> Decimal | None:
    """The best value the unit allows: 100% when up is good, 0 when down is good."""
    if direction is Direction.DOWN:
        return Decimal(0)
    if direction is Direction.UP and is_percentage_unit(metric.unit):
        return Decimal(100)
    return None


def assess_progress(
    *,
    metric: MetricRule,
    period: str,
    current: Observation | None,
    previous: Observation | None,
    target: TargetRule | None = None,
    comparator: Observation | None = None,
) -> tuple[Progress, str]:
    """Progress for `period` against the comparable earlier value, by rules 1-5.

    1. No value for `period` (or only an older one): not_available.
    2. No good direction, no previous value, or values that cannot be ordered:
       cannot_say.
    3. Both values have confidence intervals (given, or derived as
       MetricRule.statistic says) and they overlap: similar.
    4. The change against the similarity band (inclusive): inside it similar,
       else improved or got_worse by the good direction.
    5. A value inside the band whose target has a level (threshold, comparator,
       grade) that it meets — `comparator` is that target's comparator figure — or
       that sits at the best possible value, is improved. Directional and
       relative-change targets have no level, so never trigger this rule.

    Grades are ordered by the metric's scale (best first). Raises ValueError when
    `period` or an observation's period is not a reporting period.
    """
    found = _progress(
        metric=metric,
        period=period,
        current=current,
        previous=previous,
        target=target,
        comparator=comparator,
    )
    return found.progress, found.reason


@dataclass(frozen=True)
class _ProgressResult:
    progress: Progress
    reason: str
    direction: Direction
    code: str
    method: str


def _progress(
    *,
    metric: MetricRule,
    period: str,
    current: Observation | None,
    previous: Observation | None,
    target: TargetRule | None,
    comparator: Observation | None,
    comparators: Mapping[str, Observation | None] | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> _ProgressResult:
    direction = effective_direction(metric, target)

    def result(
        progress: Progress, reason: str, code: str, method: str = METHOD_NONE
    ) -> _ProgressResult:
        return _ProgressResult(progress, reason, direction, code, method)

    # Rule 1
    if current is None:
        return result(
            Progress.NOT_AVAILABLE, f"Not available: no value for {period}", "no_value"
        )
    if Period.parse(current.period).end_date() < Period.parse(period).end_date():
        return result(
            Progress.NOT_AVAILABLE,
            f"Not available: no value for {period}; the latest is for {current.period}",
            "value_older",
        )
    now = _read(current, metric)
    if now.empty:
        written = current.text.strip()
        detail = f" (written '{written}')" if written else ""
        return result(
            Progress.NOT_AVAILABLE,
            f"Not available: no value for {period}{detail}",
            "value_empty",
        )

    # Rule 2; grades carry their own order, so their direction is the scale's.
    if now.rank is not None:
        direction = Direction.UP
    if direction is Direction.NONE:
        return result(
            Progress.CANNOT_SAY,
            "Cannot say: the metric has no good direction",
            "no_direction",
        )
    before = _read(previous, metric)
    if previous is None or before.empty:
        return result(
            Progress.CANNOT_SAY, "Cannot say: no previous value", "no_previous"
        )
    change = f"{_show(previous, metric)} → {_show(current, metric)}"

    if now.rank is not None and before.rank is not None:
        if now.rank == before.rank:
            return _inside_band(
                metric=metric,
                current=current,
                reading=now,
                direction=direction,
                target=target,
                comparator=comparator,
                comparators=comparators,
                parts=parts,
                similar=result(
                    Progress.SIMILAR,
                    f"Similar: unchanged at {_show(current, metric)}",
                    "unchanged",
                    METHOD_GRADE,
                ),
            )
        better = now.rank < before.rank
        verdict = "Improved" if better else "Got worse"
        return result(
            Progress.IMPROVED if better else Progress.GOT_WORSE,
            f"{verdict}: {change} on the scale {', '.join(_scale(metric))}",
            "grade_better" if better else "grade_worse",
            METHOD_GRADE,
        )

    now_number, before_number = now.number, before.number
    if now_number is None or before_number is None:
        return result(
            Progress.CANNOT_SAY,
            f"Cannot say: '{previous.text.strip()}' and '{current.text.strip()}' "
            "cannot be ordered",
            "cannot_order",
        )

    # Rule 3, unless the metric chose the two-point change alone.
    now_interval: tuple[float, float] | None = None
    before_interval: tuple[float, float] | None = None
    if metric.progress_method == PROGRESS_AUTO:
        now_interval = _interval(current, now, metric)
        before_interval = _interval(previous, before, metric)
    tested = now_interval is not None and before_interval is not None
    method = METHOD_INTERVALS if tested else METHOD_CHANGE
    if (
        now_interval is not None
        and before_interval is not None
        and intervals_overlap(now_interval, before_interval)
    ):
        level = _format_decimal(metric.confidence_level * 100)
        return result(
            Progress.SIMILAR,
            "Similar: confidence intervals overlap "
            f"({_show(previous, metric)} [{_format_bound(before_interval[0])}–"
            f"{_format_bound(before_interval[1])}] and {_show(current, metric)} "
            f"[{_format_bound(now_interval[0])}–{_format_bound(now_interval[1])}]"
            f", {level}%)",
            "intervals_overlap",
            method,
        )

    # Rule 4
    difference = now_number - before_number
    band = _band(metric, before_number)
    if abs(difference) <= band:
        if difference == 0:
            similar = result(
                Progress.SIMILAR,
                f"Similar: unchanged at {_show(current, metric)}",
                "unchanged",
                method,
            )
        else:
            similar = result(
                Progress.SIMILAR,
                f"Similar: {change}, within the similarity band of "
                f"{_describe_band(metric, before_number)}",
                "within_band",
                method,
            )
        return _inside_band(
            metric=metric,
            current=current,
            reading=now,
            direction=direction,
            target=target,
            comparator=comparator,
            comparators=comparators,
            parts=parts,
            similar=similar,
        )
    better = (difference > 0) == (direction is Direction.UP)
    reason = f"{'Improved' if better else 'Got worse'}: {change} ({direction} is good)"
    if band > 0:
        reason += (
            f", outside the similarity band of {_describe_band(metric, before_number)}"
        )
    return result(
        Progress.IMPROVED if better else Progress.GOT_WORSE,
        reason,
        ("significant_" if tested else "changed_") + ("better" if better else "worse"),
        method,
    )


def _inside_band(
    *,
    metric: MetricRule,
    current: Observation,
    reading: _Reading,
    direction: Direction,
    target: TargetRule | None,
    comparator: Observation | None,
    similar: _ProgressResult,
    comparators: Mapping[str, Observation | None] | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> _ProgressResult:
    """Rule 5: a similar value that already meets a level target (tested as the
    target status tests it: every comparator it names, the parts it is for), or is
    at best."""
    if target is not None and target.kind in _LEVEL_KINDS:
        check = _assess_target(
            metric=metric,
            target=target,
            progress=Progress.SIMILAR,
            current=current,
            direction=direction,
            baseline=None,
            comparator=comparator,
            comparators=comparators,
            parts=parts,
        )
        if check.status is TargetStatus.ON_TARGET:
            met = check.reason.removeprefix("On target: ")
            return _ProgressResult(
                Progress.IMPROVED,
                f"Improved (target already achieved): {met}",
                direction,
                "target_already_achieved",
                similar.method,
            )
    if reading.rank == 0:
        return _ProgressResult(
            Progress.IMPROVED,
            f"Improved: {_show(current, metric)} is the best grade on the scale",
            direction,
            "best_grade",
            similar.method,
        )
    best = _best_possible(metric, direction)
    if best is not None and reading.number == best:
        return _ProgressResult(
            Progress.IMPROVED,
            f"Improved: {_show(current, metric)} is the best possible value",
            direction,
            "best_possible",
            similar.method,
        )
    return similar


_LEVEL_KINDS = frozenset(
    {TargetKind.THRESHOLD, TargetKind.COMPARATOR, TargetKind.GRADE}
)


@dataclass(frozen=True)
class _TargetResult:
    status: TargetStatus
    reason: str
    flags: tuple[str, ...] = ()
    comparator_period: str | None = None
    code: str = ""


def assess_target(
    *,
    metric: MetricRule,
    target: TargetRule | None,
    progress: Progress,
    current: Observation | None,
    baseline: Observation | None = None,
    comparator: Observation | None = None,
    comparators: Mapping[str, Observation | None] | None = None,
    earlier_comparator: Observation | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> tuple[TargetStatus, str, tuple[str, ...]]:
    """Target status for the current value: (status, reason, flags).

    - no rule or "None set": no_target; "Target not applicable": not_applicable.
    - unparsed text: no_target, flagged.
    - directional: on target when `progress` is improved ("maintain": improved or
      similar); got_worse or similar is off target; cannot_say and not_available
      give not_available.
    - threshold: the current value against the level; a bare level is a floor when
      up is good and a ceiling when down is good, and with no good direction it is
      ambiguous: no_target, flagged. A level for several parts together ("A&B =
      100%") tests the sum of `parts` (part name as the rule writes it → its
      figure), not the metric's own figure; without them, not_available.
    - range: on target when the value is inside the range, both ends included.
    - relative change: the value moved from `baseline` by at least the amount
      (percent of the baseline, or points/absolute in the unit); no baseline value
      gives not_available, and so does a change due by a year ("by 2020") whose
      rule names no baseline period (flagged).
    - comparator: the value against `comparator` (the caller passes the figure for
      the period, else the comparator's latest earlier one; the reason names its
      period); "better" needs a good direction, else no_target, flagged. A rule
      naming several comparators takes each one's figure from `comparators`
      (normalised name, as TargetRule.comparator_names gives it → its figure;
      the first may come from `comparator` instead), and is on target only when
      every one holds: off target when any is missed, else not_available when
      any has no figure.
    - gap to close: on target when the gap between the value and the comparator
      narrowed since `baseline` (the metric's earlier value), or is closed (the
      value is level with or better than the comparator). When the metric's unit
      names a difference ("% difference between same group nationally") its
      figure is the gap; otherwise the gap is the value less `comparator`, and
      earlier the baseline less `earlier_comparator` (the comparator's figure
      for the baseline's period).
    - grade: the value's grade is at least the target grade on the scale.
    A level, relative or comparator target with no current value: not_available.
    """
    result = _assess_target(
        metric=metric,
        target=target,
        progress=progress,
        current=current,
        direction=effective_direction(metric, target),
        baseline=baseline,
        comparator=comparator,
        comparators=comparators,
        earlier_comparator=earlier_comparator,
        parts=parts,
    )
    return result.status, result.reason, result.flags


def _assess_target(
    *,
    metric: MetricRule,
    target: TargetRule | None,
    progress: Progress,
    current: Observation | None,
    direction: Direction,
    baseline: Observation | None,
    comparator: Observation | None,
    comparators: Mapping[str, Observation | None] | None = None,
    earlier_comparator: Observation | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> _TargetResult:
    if target is None or target.kind is TargetKind.NONE:
        return _TargetResult(TargetStatus.NO_TARGET, "No target set", code="no_target")
    if target.kind is TargetKind.NOT_APPLICABLE:
        return _TargetResult(
            TargetStatus.NOT_APPLICABLE, "Target not applicable", code="not_applicable"
        )
    if target.kind is TargetKind.UNPARSED:
        flag = target.flag or f"Could not read the target '{target.text.strip()}'"
        return _TargetResult(
            TargetStatus.NO_TARGET,
            f"No target set: the target '{target.text.strip()}' could not be read",
            (flag,),
            code="unread",
        )
    if target.kind is TargetKind.DIRECTIONAL:
        return _with_rule_notes(target, _directional(target, progress))
    if target.kind is TargetKind.THRESHOLD and target.parts:
        return _with_rule_notes(target, _parts(metric, target, direction, parts))

    reading = _read(current, metric)
    if current is None or reading.empty:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: no current value to test against '{target.text.strip()}'",
            code="no_current_value",
        )
    if target.kind is TargetKind.GRADE:
        result = _grade(metric, target, current, reading)
    elif reading.number is None:
        result = _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: '{current.text.strip()}' is not a number to test "
            f"against '{target.text.strip()}'",
            code="not_a_number",
        )
    elif target.kind is TargetKind.THRESHOLD:
        result = _threshold(metric, target, current, reading.number, direction)
    elif target.kind is TargetKind.RANGE:
        result = _range(metric, target, current, reading.number)
    elif target.kind is TargetKind.RELATIVE_CHANGE:
        result = _relative_change(
            metric, target, current, reading.number, direction, baseline
        )
    elif target.kind is TargetKind.CLOSE_GAP:
        result = _close_gap(
            metric,
            target,
            _Gap(current, reading.number, baseline, comparator, earlier_comparator),
            direction,
        )
    else:
        result = _all_comparators(
            metric,
            target,
            current,
            reading.number,
            direction,
            _comparator_figures(target, comparator, comparators),
        )
    return _with_rule_notes(target, result)


def _with_rule_notes(target: TargetRule, result: _TargetResult) -> _TargetResult:
    """The result with the rule's own flag, and the year a met or missed level is
    due by."""
    reason, flags = result.reason, result.flags
    if target.deadline and result.status in {
        TargetStatus.ON_TARGET,
        TargetStatus.OFF_TARGET,
    }:
        reason += f" (the target is due by {_council(target.deadline)})"
    if target.flag and target.flag not in flags:
        flags = (*flags, target.flag)
    return _TargetResult(
        result.status, reason, flags, result.comparator_period, result.code
    )


def _directional(target: TargetRule, progress: Progress) -> _TargetResult:
    written = target.text.strip()
    if progress in {Progress.CANNOT_SAY, Progress.NOT_AVAILABLE}:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: progress is '{progress.label.lower()}', "
            f"so '{written}' cannot be tested",
            code="directional_untestable",
        )
    meeting = {Progress.IMPROVED}
    if target.aim == "maintain":
        meeting.add(Progress.SIMILAR)
    if progress in meeting:
        return _TargetResult(
            TargetStatus.ON_TARGET,
            f"On target: {progress.label.lower()}, as '{written}' asks",
            code="directional_met",
        )
    return _TargetResult(
        TargetStatus.OFF_TARGET,
        f"Off target: {progress.label.lower()}, but the target is '{written}'",
        code="directional_missed",
    )


_MET_WORDS: dict[str, tuple[str, str]] = {
    # operator: (how a value meeting it reads, how one missing it reads)
    ">=": ("meets {level} or more", "is below {level}"),
    ">": ("is above {level}", "is not above {level}"),
    "<=": ("meets {level} or less", "is above {level}"),
    "<": ("is below {level}", "is not below {level}"),
}


def _compare(value: Decimal, operator: str, level: Decimal) -> bool:
    if operator == ">=":
        return value >= level
    if operator == ">":
        return value > level
    if operator == "<=":
        return value <= level
    return value < level


def _operator_for(relation: str | None, direction: Direction) -> str:
    strict = relation == "better"
    if direction is Direction.UP:
        return ">" if strict else ">="
    return "<" if strict else "<="


def _threshold(
    metric: MetricRule,
    target: TargetRule,
    current: Observation,
    value: Decimal,
    direction: Direction,
) -> _TargetResult:
    written = target.text.strip()
    if target.value is None:
        return _TargetResult(
            TargetStatus.NO_TARGET,
            f"No target set: the target '{written}' has no level",
            (f"The threshold target '{written}' has no level",),
            code="threshold_no_level",
        )
    level = _show_level(target.value, metric)
    shown = _show(current, metric)
    operator = target.operator
    if operator is None:
        if direction is Direction.NONE:
            flag = (
                f"The target '{written}' is a bare level and the metric has no good "
                "direction, so it is not known whether it is a floor or a ceiling"
            )
            return _TargetResult(
                TargetStatus.NO_TARGET,
                f"No target set: '{written}' is ambiguous until the metric has a "
                "good direction",
                (flag,),
                code="threshold_ambiguous",
            )
        if target.comparator_relation == "equal":
            band = _band(metric, target.value)
            if abs(value - target.value) <= band:
                return _TargetResult(
                    TargetStatus.ON_TARGET,
                    f"On target: {shown} is in line with {level}",
                    code="threshold_in_line",
                )
            return _TargetResult(
                TargetStatus.OFF_TARGET,
                f"Off target: {shown} is not in line with {level}",
                code="threshold_not_in_line",
            )
        operator = _operator_for(target.comparator_relation, direction)
    met_words, missed_words = _MET_WORDS[operator]
    if _compare(value, operator, target.value):
        return _TargetResult(
            TargetStatus.ON_TARGET,
            f"On target: {shown} {met_words.format(level=level)}",
            code="threshold_met",
        )
    return _TargetResult(
        TargetStatus.OFF_TARGET,
        f"Off target: {shown} {missed_words.format(level=level)}",
        code="threshold_missed",
    )


def _relative_change(
    metric: MetricRule,
    target: TargetRule,
    current: Observation,
    value: Decimal,
    direction: Direction,
    baseline: Observation | None,
) -> _TargetResult:
    written = target.text.strip()
    if target.deadline and not target.baseline_period:
        # "reduction of 35% by 2020" is measured from when it was set, which the
        # words do not say; the previous period is not that.
        flag = (
            f"The target '{written}' is due by {_council(target.deadline)} but names "
            "no baseline period to measure the change from; set one to test it"
        )
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: '{written}' names no baseline period to measure the "
            "change from",
            (flag,),
            code="change_no_baseline_named",
        )
    base = _read(baseline, metric).number
    if baseline is None or base is None:
        wanted = target.baseline_period or "the baseline period"
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: no baseline value for {wanted} to test '{written}'",
            code="no_baseline",
        )
    if target.value is None or target.change_unit is None:
        return _TargetResult(
            TargetStatus.NO_TARGET,
            f"No target set: the target '{written}' has no amount",
            (f"The relative change target '{written}' has no amount",),
            code="change_no_amount",
        )
    aim = target.aim
    if aim not in {"increase", "decrease"}:
        if direction is Direction.NONE:
            flag = (
                f"The target '{written}' asks for an improvement and the metric has "
                "no good direction"
            )
            return _TargetResult(
                TargetStatus.NO_TARGET,
                f"No target set: '{written}' is ambiguous until the metric has a "
                "good direction",
                (flag,),
                code="change_ambiguous",
            )
        aim = "increase" if direction is Direction.UP else "decrease"

    if target.change_unit == "percent":
        required = abs(base) * target.value / 100
    else:
        required = target.value
    met = value >= base + required if aim == "increase" else value <= base - required

    difference = value - base
    if difference == 0:
        moved = "is unchanged from"
    else:
        side = "above" if difference > 0 else "below"
        points = " percentage points" if is_percentage_unit(metric.unit) else ""
        moved = f"is {_format_decimal(abs(difference))}{points} {side}"
    reason = (
        f"{_show(current, metric)} {moved} the baseline {_show(baseline, metric)} "
        f"({baseline.period})"
    )
    if target.change_unit == "percent" and base != 0:
        relative = difference / abs(base) * 100
        reason += f", a relative change of {relative:+.1f}%"
    reason += f"; the target is '{written}'"
    if met:
        return _TargetResult(
            TargetStatus.ON_TARGET, f"On target: {reason}", code="change_met"
        )
    return _TargetResult(
        TargetStatus.OFF_TARGET, f"Off target: {reason}", code="change_missed"
    )


_RELATION_OPERATORS: dict[str, str] = {
    "above": ">",
    "above_or_equal": ">=",
    "below": "<",
    "below_or_equal": "<=",
}


def _comparator(
    metric: MetricRule,
    target: TargetRule,
    current: Observation,
    value: Decimal,
    direction: Direction,
    comparator: Observation | None,
    name: str | None = None,
) -> _TargetResult:
    """The value against one comparator's figure. `name` is the comparator's (the
    rule's first one by default)."""
    written = target.text.strip()
    name = name or target.comparator or "the comparator"
    figure = _read(comparator, metric).number
    if comparator is None or figure is None:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: no figure for {name} to test '{written}'",
            code="no_comparator_figure",
        )
    relation = target.comparator_relation or "better"
    if relation in _RELATION_OPERATORS:
        met = _compare(value, _RELATION_OPERATORS[relation], figure)
    elif relation == "equal":
        met = abs(value - figure) <= _band(metric, figure)
    else:
        if direction is Direction.NONE:
            flag = (
                f"The target '{written}' needs a good direction to say what is "
                f"better than {name}, and the metric has none"
            )
            return _TargetResult(
                TargetStatus.NO_TARGET,
                f"No target set: '{written}' is ambiguous until the metric has a "
                "good direction",
                (flag,),
                comparator.period,
                code="comparator_ambiguous",
            )
        met = _compare(value, _operator_for(relation, direction), figure)

    if relation == "equal" and met:
        position = "in line with"
    elif value > figure:
        position = "above"
    elif value < figure:
        position = "below"
    else:
        position = "level with"
    when = comparator.period
    flags: tuple[str, ...] = ()
    if comparator.period != current.period:
        if (
            Period.parse(comparator.period).end_date()
            < Period.parse(current.period).end_date()
        ):
            when += f", its latest figure; none yet for {current.period}"
        else:
            when += f", a later period than {current.period}"
            flags = (
                f"The {name} figure is for {comparator.period}, later than the "
                f"value it is compared with ({current.period})",
            )
    status = TargetStatus.ON_TARGET if met else TargetStatus.OFF_TARGET
    return _TargetResult(
        status,
        f"{status.label}: {_show(current, metric)} is {position} {name} "
        f"({_show(comparator, metric)}, {when})",
        flags,
        comparator.period,
        code="comparator_met" if met else "comparator_missed",
    )


def _comparator_figures(
    target: TargetRule,
    comparator: Observation | None,
    comparators: Mapping[str, Observation | None] | None,
) -> list[tuple[str | None, Observation | None]]:
    """Each comparator the rule names with its figure: from `comparators` by name,
    the first one from `comparator` when `comparators` does not have it."""
    names: Sequence[str | None] = target.comparator_names or (None,)
    found: list[tuple[str | None, Observation | None]] = []
    for index, name in enumerate(names):
        figure = None
        if comparators is not None and name is not None and name in comparators:
            figure = comparators[name]
        elif index == 0:
            figure = comparator
        found.append((name, figure))
    return found


def _all_comparators(
    metric: MetricRule,
    target: TargetRule,
    current: Observation,
    value: Decimal,
    direction: Direction,
    figures: Sequence[tuple[str | None, Observation | None]],
) -> _TargetResult:
    """A comparator rule: every comparator it names must hold."""
    results = [
        _comparator(metric, target, current, value, direction, figure, name)
        for name, figure in figures
    ]
    if len(results) == 1:
        return results[0]
    first = results[0].comparator_period
    for result in results:
        if result.code == "comparator_ambiguous":
            return result
    flags = tuple(flag for result in results for flag in result.flags)
    written = target.text.strip()
    shown = _show(current, metric)

    def phrases(chosen: Sequence[_TargetResult]) -> str:
        told = [r.reason.split(": ", 1)[1].removeprefix(f"{shown} is ") for r in chosen]
        return told[0] if len(told) == 1 else ", ".join(told[:-1]) + " and " + told[-1]

    missed = [r for r in results if r.status is TargetStatus.OFF_TARGET]
    missing = [r for r in results if r.status is TargetStatus.NOT_AVAILABLE]
    compared = [r for r in results if r.status is not TargetStatus.NOT_AVAILABLE]
    if missed:
        reason = (
            f"Off target: {shown} is {phrases(compared)}; '{written}' needs every "
            "comparator to hold"
        )
        if missing:
            reason += (
                " ("
                + "; ".join(
                    r.reason.removeprefix("Not available: ").split(" to test ")[0]
                    for r in missing
                )
                + ")"
            )
        return _TargetResult(
            TargetStatus.OFF_TARGET, reason, flags, first, code="comparators_missed"
        )
    if missing:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            missing[0].reason,
            flags,
            first,
            code="no_comparator_figure",
        )
    return _TargetResult(
        TargetStatus.ON_TARGET,
        f"On target: {shown} is {phrases(results)}",
        flags,
        first,
        code="comparators_met",
    )


def _range(
    metric: MetricRule, target: TargetRule, current: Observation, value: Decimal
) -> _TargetResult:
    written = target.text.strip()
    if target.value is None or target.upper is None:
        return _TargetResult(
            TargetStatus.NO_TARGET,
            f"No target set: the range '{written}' has no ends",
            (f"The range target '{written}' has no ends",),
            code="range_no_level",
        )
    low, high = sorted((target.value, target.upper))
    span = f"{_show_level(low, metric)} to {_show_level(high, metric)}"
    shown = _show(current, metric)
    if low <= value <= high:
        return _TargetResult(
            TargetStatus.ON_TARGET,
            f"On target: {shown} is within the range {span}",
            code="range_met",
        )
    side = "below" if value < low else "above"
    return _TargetResult(
        TargetStatus.OFF_TARGET,
        f"Off target: {shown} is {side} the range {span}",
        code="range_missed",
    )


@dataclass(frozen=True)
class _Gap:
    """The figures a gap to close is measured with."""

    current: Observation
    value: Decimal
    baseline: Observation | None
    comparator: Observation | None
    earlier_comparator: Observation | None


_GAP_UNIT_WORDS = frozenset({"difference", "differences", "gap", "gaps"})


def _is_gap_unit(unit: str) -> bool:
    """Whether the metric's figure is itself a difference from its comparator."""
    words = {word.casefold() for word in unit.replace("-", " ").split()}
    return bool(_GAP_UNIT_WORDS & words)


def _close_gap(
    metric: MetricRule, target: TargetRule, gap: _Gap, direction: Direction
) -> _TargetResult:
    written = target.text.strip()
    name = target.comparator or "the comparator"
    baseline = gap.baseline
    before = _read(baseline, metric).number
    if baseline is None or before is None:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: no earlier value to tell whether the gap with {name} "
            f"narrowed ('{written}')",
            code="gap_no_earlier_value",
        )
    flags: tuple[str, ...] = ()
    comparator_period = None
    if _is_gap_unit(metric.unit):
        now_gap, before_gap = gap.value, before
    else:
        figure = _read(gap.comparator, metric).number
        earlier = _read(gap.earlier_comparator, metric).number
        if gap.comparator is None or figure is None:
            return _TargetResult(
                TargetStatus.NOT_AVAILABLE,
                f"Not available: no figure for {name} to test '{written}'",
                code="no_comparator_figure",
            )
        if gap.earlier_comparator is None or earlier is None:
            return _TargetResult(
                TargetStatus.NOT_AVAILABLE,
                f"Not available: no figure for {name} for {baseline.period} to tell "
                f"whether the gap narrowed ('{written}')",
                comparator_period=gap.comparator.period,
                code="gap_no_earlier_comparator_figure",
            )
        comparator_period = gap.comparator.period
        now_gap, before_gap = gap.value - figure, before - earlier
        if gap.earlier_comparator.period != baseline.period:
            flags = (
                f"The earlier {name} figure is for {gap.earlier_comparator.period}, "
                f"the metric's earlier value for {baseline.period}",
            )

    def shortfall(difference: Decimal) -> Decimal:
        # How far the value is on the wrong side of the comparator; without a good
        # direction, how far from it on either side.
        if direction is Direction.UP:
            return -difference
        if direction is Direction.DOWN:
            return difference
        return abs(difference)

    short_now, short_before = shortfall(now_gap), shortfall(before_gap)
    now_shown = _show_gap(now_gap, metric)
    before_shown = _show_gap(before_gap, metric)
    when = f"{baseline.period} to {gap.current.period}"
    if short_now <= 0 and (direction is not Direction.NONE or now_gap == 0):
        status, code = TargetStatus.ON_TARGET, "gap_closed"
        reason = (
            f"On target: the gap with {name} is closed: {now_shown}, "
            f"{'level with' if now_gap == 0 else 'better than'} it "
            f"({before_shown} in {baseline.period})"
        )
    elif short_now < short_before:
        status, code = TargetStatus.ON_TARGET, "gap_narrowed"
        reason = (
            f"On target: the gap with {name} narrowed from {before_shown} to "
            f"{now_shown} ({when})"
        )
    elif short_now == short_before:
        status, code = TargetStatus.OFF_TARGET, "gap_unchanged"
        reason = f"Off target: the gap with {name} is unchanged at {now_shown} ({when})"
    else:
        status, code = TargetStatus.OFF_TARGET, "gap_widened"
        reason = (
            f"Off target: the gap with {name} widened from {before_shown} to "
            f"{now_shown} ({when})"
        )
    return _TargetResult(status, reason, flags, comparator_period, code)


def _show_gap(difference: Decimal, metric: MetricRule) -> str:
    sign = "+" if difference > 0 else ""
    points = " percentage points" if is_percentage_unit(metric.unit) else ""
    return f"{sign}{_format_decimal(difference)}{points}"


def _parts(
    metric: MetricRule,
    target: TargetRule,
    direction: Direction,
    figures: Mapping[str, Observation | None] | None,
) -> _TargetResult:
    """A level for several parts together: their figures' sum against it."""
    written = target.text.strip()
    names = target.parts
    together = (
        names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + (names[-1])
    )
    if figures is None:
        flag = (
            f"The target '{written}' is a level for {together} together; it needs "
            "their figures, not this metric's alone"
        )
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: '{written}' is a level for {together} together, and "
            "their figures were not given",
            (flag,),
            code="parts_not_given",
        )
    found: list[tuple[str, Observation, Decimal]] = []
    for name in names:
        figure = figures.get(name)
        number = _read(figure, metric).number
        if figure is None or number is None:
            return _TargetResult(
                TargetStatus.NOT_AVAILABLE,
                f"Not available: no figure for {name} to test '{written}'",
                code="no_part_figure",
            )
        found.append((name, figure, number))
    total = sum((number for _, _, number in found), Decimal(0))
    summed = Observation(period=found[0][1].period, text="", number=total)
    level = _threshold(
        metric,
        TargetRule(
            text=target.text,
            kind=TargetKind.THRESHOLD,
            operator=target.operator,
            value=target.value,
            comparator_relation=target.comparator_relation,
        ),
        summed,
        total,
        direction,
    )
    if level.status not in {TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET}:
        return level
    each = ", ".join(
        f"{name} {_show(figure, metric)} ({figure.period})" for name, figure, _ in found
    )
    told = level.reason.split(": ", 1)[1]
    met = level.status is TargetStatus.ON_TARGET
    return _TargetResult(
        level.status,
        f"{level.status.label}: {together} together: {told} ({each})",
        level.flags,
        code="parts_met" if met else "parts_missed",
    )


def _grade(
    metric: MetricRule, target: TargetRule, current: Observation, reading: _Reading
) -> _TargetResult:
    written = target.text.strip()
    scale = _scale(metric)
    wanted = grade_rank(target.grade or "", scale)
    if wanted is None:
        flag = f"The target grade '{written}' is not on the scale {', '.join(scale)}"
        return _TargetResult(
            TargetStatus.NO_TARGET,
            f"No target set: '{written}' is not a grade on the metric's scale",
            (flag,),
            code="grade_not_on_scale",
        )
    shown = _show(current, metric)
    if reading.rank is None:
        return _TargetResult(
            TargetStatus.NOT_AVAILABLE,
            f"Not available: '{shown}' is not a grade on the scale {', '.join(scale)}",
            code="value_not_a_grade",
        )
    if reading.rank <= wanted:
        return _TargetResult(
            TargetStatus.ON_TARGET,
            f"On target: {shown} meets {scale[wanted]} or better",
            code="grade_met",
        )
    return _TargetResult(
        TargetStatus.OFF_TARGET,
        f"Off target: {shown} is below {scale[wanted]}",
        code="grade_missed",
    )


def assess(
    *,
    metric: MetricRule,
    period: str,
    current: Observation | None,
    previous: Observation | None,
    target: TargetRule | None = None,
    baseline: Observation | None = None,
    comparator: Observation | None = None,
    comparators: Mapping[str, Observation | None] | None = None,
    earlier_comparator: Observation | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> Assessment:
    """Progress and target status of a metric for `period`, with reasons and flags.

    `previous` is the comparable earlier value (see comparison_period); `baseline`
    defaults to `previous` for relative-change and gap targets, unless the target
    names a different baseline period (then a missing baseline is not available,
    never the previous value in disguise); `comparator` is the target's
    comparator figure for the period (or its latest earlier one). The optional
    `comparators`, `earlier_comparator` and `parts` are what assess_target takes
    for rules naming several comparators, gaps to close and levels for several
    parts together. A current value older than `period` counts as no current value
    for the target too. Flags collect what a person should look at: unreadable or
    ambiguous targets, and a target whose stated direction contradicts the
    metric's.
    """
    found = _progress(
        metric=metric,
        period=period,
        current=current,
        previous=previous,
        target=target,
        comparator=comparator,
        comparators=comparators,
        parts=parts,
    )
    progress, direction = found.progress, found.direction
    progress_reason = found.reason
    expected = comparison_period(period, seasonal=metric.seasonal)
    compared = found.method != METHOD_NONE
    if compared and previous is not None and previous.period != expected:
        progress_reason += (
            f" (compared with {_council(previous.period)}: no figure for "
            f"{_council(expected)})"
        )
    if found.method == METHOD_CHANGE and metric.progress_method != PROGRESS_AUTO:
        why = metric.method_reason.strip()
        progress_reason += "; method set by the metric" + (f": {why}" if why else "")
    tested = None if progress is Progress.NOT_AVAILABLE else current
    if baseline is None and previous is not None:
        named = target.baseline_period if target is not None else None
        if named is None or named == previous.period:
            baseline = previous
    result = _assess_target(
        metric=metric,
        target=target,
        progress=progress,
        current=tested,
        direction=direction,
        baseline=baseline,
        comparator=comparator,
        comparators=comparators,
        earlier_comparator=earlier_comparator,
        parts=parts,
    )
    flags = list(result.flags)
    stated = direction_from_target(target)
    if (
        target is not None
        and stated is not None
        and metric.direction is not Direction.NONE
        and stated is not metric.direction
    ):
        flags.append(
            f"The target '{target.text.strip()}' says {stated} is good, but the "
            f"metric's good direction is {metric.direction}"
        )
    return Assessment(
        progress=progress,
        progress_reason=progress_reason,
        target_status=result.status,
        target_reason=result.reason,
        direction=direction,
        comparator_period=result.comparator_period,
        flags=tuple(flags),
        progress_code=found.code,
        target_code=result.code,
        method=found.method,
    )


@dataclass(frozen=True)
class Summary:
    """How many metrics have each progress key, as the council's headline counts."""

    total: int = 0
    improved: int = 0
    similar: int = 0
    got_worse: int = 0
    cannot_say: int = 0
    not_available: int = 0

    @property
    def directional(self) -> int:
        """Metrics with a direction of travel: improved, similar or got worse."""
        return self.improved + self.similar + self.got_worse

    @property
    def improved_or_similar(self) -> int:
        return self.improved + self.similar

    @property
    def directional_pct(self) -> int | None:
        """improved_or_similar as a whole percentage of directional, half up."""
        if self.directional == 0:
            return None
        share = Decimal(self.improved_or_similar * 100) / Decimal(self.directional)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def as_dict(self) -> dict[str, int | None]:
        """The counts under the names the `assess --json` summary uses."""
        return {
            "total": self.total,
            "improved": self.improved,
            "similar": self.similar,
            "got_worse": self.got_worse,
            "cannot_say": self.cannot_say,
            "not_available": self.not_available,
            "directional": self.directional,
            "improved_or_similar": self.improved_or_similar,
            "directional_pct": self.directional_pct,
        }


def summarise(progress: Iterable[Progress]) -> Summary:
    """Count progress keys (Progress members or their string keys)."""
    counts = dict.fromkeys(Progress, 0)
    total = 0
    for key in progress:
        counts[Progress(key)] += 1
        total += 1
    return Summary(
        total=total,
        improved=counts[Progress.IMPROVED],
        similar=counts[Progress.SIMILAR],
        got_worse=counts[Progress.GOT_WORSE],
        cannot_say=counts[Progress.CANNOT_SAY],
        not_available=counts[Progress.NOT_AVAILABLE],
    )


def _share(summary: Summary) -> str:
    return (
        f"{summary.directional_pct}% "
        f"({summary.improved_or_similar}/{summary.directional})"
    )


def summary_sentence(
    summary: Summary, *, earlier: Sequence[tuple[str, Summary]] = ()
) -> str:
    """The council's headline sentence, optionally compared with earlier years.

    "68% (17/25) of directional metrics improved or stayed the same. This compares to
    78% (52/67) in 2018/19 and 70% (40/57) in 2019/20." Earlier years are named by
    their labels as given, in the order given.
    """
    if summary.directional:
        sentence = (
            f"{_share(summary)} of directional metrics improved or stayed the same."
        )
    else:
        sentence = (
            "No metrics were directional (improved, similar or got worse), "
            "so there is no percentage that improved or stayed the same."
        )
    if not earlier:
        return sentence
    parts = [
        f"{_share(past)} in {label}"
        if past.directional
        else f"no directional metrics in {label}"
        for label, past in earlier
    ]
    listed = (
        parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    )
    return f"{sentence} This compares to {listed}."
